package dev.kubelb.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubelb.core.Applier;
import dev.kubelb.core.ApplyStrategy;
import dev.kubelb.core.OwnershipConflictException;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The server-side-apply strategy on the wire. The mock server does not implement SSA, so it answers from
 * expectations; what is checked is the request a real API server would get.
 */
@EnableKubernetesMockClient
class ServerSideApplyIT {
    static KubernetesMockServer server;
    static KubernetesClient client;

    private static final String PATH = "/api/v1/namespaces/tenant-a/services/kubelb-web?fieldManager=kubelb&force=true";

    @BeforeEach
    void drain() throws InterruptedException {
        while (server.takeRequest(10, TimeUnit.MILLISECONDS) != null) {
            // requests of an earlier test
        }
    }

    private static Service desired() {
        return new ServiceBuilder().withNewMetadata().withNamespace("tenant-a").withName("kubelb-web")
                .addToLabels("app.kubernetes.io/managed-by", "kubelb").endMetadata()
                .withNewSpec().withType("LoadBalancer").addNewPort().withName("http").withProtocol("TCP").withPort(80)
                .endPort().endSpec().build();
    }

    @Test
    void appliesAsFieldManagerKubelbWithForcedConflictsAndAFreshlyBuiltObject() throws Exception {
        server.expect().patch().withPath(PATH).andReturn(200, desired()).once();
        Service existing = new ServiceBuilder(desired()).editMetadata().withResourceVersion("41")
                .addToLabels("someone-else", "x").endMetadata().editSpec().withClusterIP("10.96.0.10").endSpec()
                .withNewStatus().withNewLoadBalancer().addNewIngress().withIp("10.10.0.1").endIngress()
                .endLoadBalancer().endStatus().build();
        Service changed = new ServiceBuilder(desired()).editSpec().editFirstPort().withPort(8080).endPort().endSpec()
                .build();

        ApplyStrategy.Outcome outcome = ApplyStrategy.serverSideApply().apply(client, changed, existing);

        assertThat(outcome).isEqualTo(ApplyStrategy.Outcome.UPDATED);
        RecordedRequest r = server.takeRequest(1, TimeUnit.SECONDS);
        assertThat(r.getMethod()).isEqualTo("PATCH");
        assertThat(r.getPath()).isEqualTo(PATH);
        assertThat(r.getHeader("Content-Type")).startsWith("application/apply-patch+yaml");
        String body = r.getBody().readUtf8();
        assertThat(body).contains("8080").contains("app.kubernetes.io/managed-by")
                .as("only what kubelb owns: nothing of the existing copy").doesNotContain("resourceVersion")
                .doesNotContain("someone-else").doesNotContain("clusterIP").doesNotContain("status")
                .doesNotContain("managedFields");
        assertThat(server.takeRequest(100, TimeUnit.MILLISECONDS)).as("one request, no read before it").isNull();
    }

    @Test
    void anObjectThatIsNotThereIsCreatedByTheSameApply() throws Exception {
        server.expect().patch().withPath(PATH).andReturn(201, desired()).once();

        assertThat(ApplyStrategy.serverSideApply().apply(client, desired(), null)).isEqualTo(ApplyStrategy.Outcome.CREATED);
        RecordedRequest r = server.takeRequest(1, TimeUnit.SECONDS);
        assertThat(r.getMethod() + " " + r.getPath()).isEqualTo("PATCH " + PATH);
    }

    @Test
    void anObjectNotSeenBeforeIsReadFirstAndNeverTakenOverWhenSomeoneElseOwnsTheName() throws Exception {
        Service foreign = new ServiceBuilder(desired()).editMetadata().withLabels(java.util.Map.of("app", "theirs"))
                .withResourceVersion("7").endMetadata().build();
        server.expect().get().withPath("/api/v1/namespaces/tenant-a/services/kubelb-web").andReturn(200, foreign).once();
        Applier applier = new Applier(client, ApplyStrategy.serverSideApply(), java.util.List.of());

        assertThatThrownBy(() -> applier.create(desired())).isInstanceOf(OwnershipConflictException.class)
                .hasMessage("[kubernetes] Service/tenant-a/kubelb-web exists and is not managed by kubelb (no label"
                        + " app.kubernetes.io/managed-by=kubelb): it is never taken over");
        RecordedRequest r = server.takeRequest(1, TimeUnit.SECONDS);
        assertThat(r.getMethod() + " " + r.getPath()).isEqualTo("GET /api/v1/namespaces/tenant-a/services/kubelb-web");
        assertThat(server.takeRequest(100, TimeUnit.MILLISECONDS)).as("no apply").isNull();
    }

    @Test
    void nothingIsSentWhenTheClusterAlreadyHoldsWhatWouldBeApplied() throws Exception {
        Service existing = new ServiceBuilder(desired()).editMetadata().withResourceVersion("41")
                .addToAnnotations("added-by", "someone-else").endMetadata().build();

        assertThat(ApplyStrategy.serverSideApply().apply(client, desired(), existing))
                .isEqualTo(ApplyStrategy.Outcome.UNCHANGED);
        assertThat(server.takeRequest(100, TimeUnit.MILLISECONDS)).isNull();
    }
}
