package dev.kubelb.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelb.core.ApplyStrategy;
import dev.kubelb.core.KubeLb;
import dev.kubelb.core.ProviderLoader;
import dev.kubelb.core.ProviderRegistry;
import dev.kubelb.core.SimulatedAppliance;
import dev.kubelb.core.fixtures.TestProvider;
import dev.kubelb.core.testkit.Clusters;
import dev.kubelb.core.testkit.RealApi;
import dev.kubelb.core.testkit.RealApiServer;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Server-side apply as a real API server does it (the mock has no field ownership): a field the engine
 * stops setting is removed, what another field manager set on the same object stays, and once the object
 * holds the desired state nothing is sent again.
 */
@RealApi(namespaces = "tenant-a")
class ServerSideApplyRealApiIT {
    static RealApiServer real;

    private static KubeLb engine(KubernetesClient client, UnaryOperator<KubeLb.Builder> settings) {
        return settings.apply(KubeLb.builder().client(client)
                .providers(ProviderRegistry.load(ProviderLoader.of(new TestProvider()))).provider("test")
                .configuration(EngineSuite.CONFIG).applyStrategy(ApplyStrategy.serverSideApply())
                .retryBackoff(Duration.ofMillis(20), Duration.ofMillis(200))).build();
    }

    private static Map<String, String> ownedAnnotations() {
        return real.admin().services().inNamespace("tenant-a").withName("kubelb-web").get().getMetadata()
                .getAnnotations();
    }

    @Test
    void aFieldTheEngineStopsSettingIsRemovedAndAnotherManagersFieldsStay() throws Exception {
        KubernetesClient admin = real.admin();
        Clusters.prepare(admin, "192.0.2.11", "tenant-a");
        try (SimulatedAppliance appliance = SimulatedAppliance.start(admin)) {
            try (KubeLb first = engine(admin, b -> b.providerOption(TestProvider.EXTRA_OPTION, "x")).start()) {
                admin.services().resource(Clusters.tenantService("tenant-a", "web", 80)).create();
                Clusters.awaitServedByList(admin, "tenant-a", "web");
                assertThat(ownedAnnotations()).containsEntry(TestProvider.EXTRA, "x");
                assertThat(first.awaitIdle(Duration.ofSeconds(10))).isTrue();
            }
            // someone else sets a field of their own on the owned Service, with their own field manager
            admin.services().resource(new ServiceBuilder().withNewMetadata().withName("kubelb-web")
                    .withNamespace("tenant-a").addToAnnotations("example.com/note", "mine").endMetadata().build())
                    .fieldManager("someone").serverSideApply();

            Queue<String> sent = new ConcurrentLinkedQueue<>();
            try (KubernetesClient recorded = real.adminRecording(sent);
                    KubeLb second = engine(recorded, b -> b).start()) {
                Clusters.await(() -> !ownedAnnotations().containsKey(TestProvider.EXTRA),
                        "the annotation the engine no longer sets removed", Duration.ofSeconds(30));
                assertThat(second.awaitIdle(Duration.ofSeconds(10))).isTrue();
                assertThat(ownedAnnotations()).as("another manager's field stays").containsEntry("example.com/note", "mine");
                assertThat(Clusters.ingressIp(admin, "tenant-a", "web")).isEqualTo("10.10.255.200");

                sent.clear();
                second.resync();
                assertThat(second.awaitIdle(Duration.ofSeconds(10))).isTrue();
                assertThat(sent).as("once applied, a resync sends nothing but lists")
                        .allMatch(r -> r.startsWith("GET ") && r.contains("?"));
            }
        }
        Service owned = real.admin().services().inNamespace("tenant-a").withName("kubelb-web").get();
        assertThat(owned.getMetadata().getManagedFields()).extracting(m -> m.getManager())
                .contains("kubelb", "someone");
    }
}
