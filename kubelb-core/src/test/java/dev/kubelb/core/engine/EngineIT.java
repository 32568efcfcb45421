package dev.kubelb.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import dev.kubelb.api.AddressPool;
import dev.kubelb.api.ApplianceConfig;
import dev.kubelb.core.ApplyStrategy;
import dev.kubelb.core.KubeLb;
import dev.kubelb.core.KubeLbLabels;
import dev.kubelb.core.ProviderLoader;
import dev.kubelb.core.ProviderRegistry;
import dev.kubelb.core.SimulatedAppliance;
import dev.kubelb.core.fixtures.TestProvider;
import dev.kubelb.core.testkit.Clusters;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import dev.kubelb.core.testkit.MockApi;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link EngineSuite} on fabric8's mock server (CRUD mode), plus what only the mock can show: every request
 * the engine sends (the API-call budget) and injected server errors.
 */
@MockApi
class EngineIT extends EngineSuite {
    static KubernetesMockServer server;

    private static List<RecordedRequest> drain() throws InterruptedException {
        List<RecordedRequest> out = new ArrayList<>();
        RecordedRequest r;
        while ((r = server.takeRequest(50, TimeUnit.MILLISECONDS)) != null) {
            out.add(r);
        }
        return out;
    }

    private static List<String> writes(List<RecordedRequest> requests) {
        return requests.stream().filter(r -> !r.getMethod().equals("GET"))
                .map(r -> r.getMethod() + " " + r.getPath().replaceAll("\\?.*", "")).toList();
    }

    @Test
    void apiCallBudgetForOneLoadBalancerAndAQuietResync() throws Exception {
        appliance();
        KubeLb lb = engine().start();
        assertThat(lb.awaitIdle(Duration.ofSeconds(5))).isTrue();
        drain();
        client.services().resource(tenantService("tenant-a", "web", 80)).create();
        client.discovery().v1().endpointSlices().resource(Clusters.podSlice("tenant-a", "web", 8080,
                java.util.Map.of("10.244.1.5", "node-1"))).create();
        Clusters.awaitServedByList(client, "tenant-a", "web"); // any read of one object is then the engine's
        assertThat(lb.awaitIdle(Duration.ofSeconds(5))).isTrue();
        List<RecordedRequest> requests = drain();
        assertThat(requests).filteredOn(r -> r.getMethod().equals("GET") && !r.getPath().contains("?"))
                .extracting(RecordedRequest::getPath)
                .as("no reads and no polling: the engine works from its watches and from what its own writes returned")
                .isEmpty();
        List<String> writes = writes(requests);
        // the test's own create, the simulated appliance's status write, and the engine's writes
        assertThat(writes).filteredOn(w -> w.startsWith("POST /api/v1/namespaces/tenant-a/services")).hasSize(2);
        assertThat(writes).filteredOn(w -> w.contains("/endpointslices")).as("the test's pod slice, the engine's")
                .containsExactly("POST /apis/discovery.k8s.io/v1/namespaces/tenant-a/endpointslices",
                        "POST /apis/discovery.k8s.io/v1/namespaces/tenant-a/endpointslices");
        assertThat(writes).filteredOn(w -> w.endsWith("/services/web/status"))
                .as("exactly one status write on the request").hasSize(1);
        assertThat(writes).filteredOn(w -> w.endsWith("/services/web")).as("the finalizer").hasSize(1);
        assertThat(writes).filteredOn(w -> w.endsWith("/services/kubelb-web/status"))
                .as("the simulated appliance's answer").hasSize(1);
        assertThat(writes).filteredOn(w -> w.contains("/events")).as("one Allocated event").hasSize(1);
        assertThat(writes).as("nothing else is written").hasSize(8);

        lb.resync(); // enqueues every request before it returns: awaitIdle then waits for them
        assertThat(lb.awaitIdle(Duration.ofSeconds(5))).isTrue();
        assertThat(writes(drain())).as("a resync with nothing changed writes nothing").isEmpty();

        client.services().inNamespace("tenant-a").withName("web").delete();
        Clusters.awaitGoneByList(client, "tenant-a", "web");
        assertThat(lb.awaitIdle(Duration.ofSeconds(5))).isTrue();
        List<RecordedRequest> deletion = drain();
        assertThat(deletion).filteredOn(r -> r.getMethod().equals("GET") && !r.getPath().contains("?"))
                .extracting(RecordedRequest::getPath).as("no single-object reads on the way out either").isEmpty();
        assertThat(writes(deletion)).containsExactlyInAnyOrder(
                "DELETE /api/v1/namespaces/tenant-a/services/web", // the test's
                "DELETE /api/v1/namespaces/tenant-a/services/kubelb-web",
                "DELETE /apis/discovery.k8s.io/v1/namespaces/tenant-a/endpointslices/kubelb-web-ipv4",
                "POST /api/v1/namespaces/tenant-a/events", // Released
                "PATCH /api/v1/namespaces/tenant-a/services/web"); // the finalizer removed
    }

    @Test
    void serverErrorsAndConflictsAreRetriedUntilConverged() throws Exception {
        appliance();
        client.services().resource(tenantService("tenant-a", "web", 80)).create();
        client.discovery().v1().endpointSlices().resource(Clusters.podSlice("tenant-a", "web", 8080,
                java.util.Map.of("10.244.1.5", "node-1"))).create();
        server.expect().post().withPath("/apis/discovery.k8s.io/v1/namespaces/tenant-a/endpointslices")
                .andReturn(500, "boom").times(2);
        server.expect().post().withPath("/api/v1/namespaces/tenant-a/services")
                .andReturn(409, "conflict").once();
        // a guarded finalizer patch whose test fails, as a real API server answers it (422)
        server.expect().patch().withPath("/api/v1/namespaces/tenant-a/services/web")
                .andReturn(422, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
                        + "\"message\":\"testing value /metadata/resourceVersion failed\",\"code\":422}").once();
        engine().start();
        await(() -> "10.10.255.200".equals(ingressIp("tenant-a", "web")), "converged despite injected failures");
        assertThat(client.discovery().v1().endpointSlices().inNamespace("tenant-a")
                .withLabel(KubeLbLabels.MANAGED_BY, KubeLbLabels.MANAGER).list().getItems()).hasSize(1);
        assertThat(client.services().inNamespace("tenant-a").withName("web").get().getMetadata().getFinalizers())
                .containsExactly(KubeLbLabels.FINALIZER);
    }

    @Test
    void aStatusWriteFromAStaleCopyIsReadAgainAndRetried() throws Exception {
        appliance();
        engine().start();
        // the engine writes status from its cached copy without reading; a conflict means the copy was stale
        server.expect().put().withPath("/api/v1/namespaces/tenant-a/services/web/status")
                .andReturn(409, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
                        + "\"reason\":\"Conflict\",\"code\":409}").once();
        drain();
        client.services().resource(tenantService("tenant-a", "web", 80)).create();
        client.discovery().v1().endpointSlices().resource(Clusters.podSlice("tenant-a", "web", 8080,
                java.util.Map.of("10.244.1.5", "node-1"))).create();
        Clusters.awaitServedByList(client, "tenant-a", "web"); // the one read of the object is then the engine's
        List<RecordedRequest> requests = drain();
        assertThat(requests).filteredOn(r -> r.getPath().startsWith("/api/v1/namespaces/tenant-a/services/web")
                && !r.getPath().contains("?"))
                .extracting(r -> r.getMethod() + " " + r.getPath())
                .as("the finalizer, the conflict, one read, the write from the copy read again")
                .containsExactly("PATCH /api/v1/namespaces/tenant-a/services/web",
                        "PUT /api/v1/namespaces/tenant-a/services/web/status",
                        "GET /api/v1/namespaces/tenant-a/services/web",
                        "PUT /api/v1/namespaces/tenant-a/services/web/status");
        assertThat(ingressIp("tenant-a", "web")).isEqualTo("10.10.255.200");
        Service web = client.services().inNamespace("tenant-a").withName("web").get();
        assertThat(web.getStatus().getConditions()).singleElement()
                .satisfies(c -> assertThat(c.getReason()).isEqualTo("Ready"));
    }

}
