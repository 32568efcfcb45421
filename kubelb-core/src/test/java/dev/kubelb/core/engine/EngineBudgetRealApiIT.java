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
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

/**
 * The engine's API-call budget on a real kube-apiserver, with server-side apply as deployed: every request
 * the engine's own client sends is recorded (the test and the simulated appliance use other clients), so
 * the count is the engine's alone. {@link EngineIT} asserts the same on the mock with create-or-update.
 */
@RealApi(namespaces = "tenant-a")
class EngineBudgetRealApiIT {
    static RealApiServer real;

    /** @return the single-object requests and writes, without lists and watches (which carry a query) */
    private static List<String> drain(Queue<String> sent) {
        List<String> out = new ArrayList<>();
        String r;
        while ((r = sent.poll()) != null) {
            if (!(r.startsWith("GET ") && r.contains("?"))) {
                out.add(r.replaceAll("\\?.*", ""));
            }
        }
        return out;
    }

    @Test
    void oneLoadBalancerAQuietResyncAndTheDeletionCostExactlyTheirWrites() throws Exception {
        KubernetesClient admin = real.admin();
        Clusters.prepare(admin, "192.0.2.11", "tenant-a");
        Queue<String> sent = new ConcurrentLinkedQueue<>();
        try (KubernetesClient recorded = real.adminRecording(sent);
                SimulatedAppliance appliance = SimulatedAppliance.start(admin);
                KubeLb lb = KubeLb.builder().client(recorded)
                        .providers(ProviderRegistry.load(ProviderLoader.of(new TestProvider()))).provider("test")
                        .configuration(EngineSuite.CONFIG).applyStrategy(ApplyStrategy.serverSideApply())
                        .retryBackoff(Duration.ofMillis(20), Duration.ofMillis(200)).build()) {
            lb.start();
            assertThat(lb.awaitIdle(Duration.ofSeconds(10))).isTrue();
            drain(sent);

            admin.services().resource(Clusters.tenantService("tenant-a", "web", 80)).create();
            admin.discovery().v1().endpointSlices().resource(Clusters.podSlice("tenant-a", "web", 8080,
                    java.util.Map.of("10.244.1.5", "node-1"))).create();
            Clusters.awaitServedByList(admin, "tenant-a", "web");
            assertThat(lb.awaitIdle(Duration.ofSeconds(10))).isTrue();
            assertThat(drain(sent)).as("what serving one load balancer costs on a real server").containsExactlyInAnyOrder(
                    "PATCH /api/v1/namespaces/tenant-a/services/web", // the finalizer
                    "POST /api/v1/namespaces/tenant-a/events", // Allocated
                    "GET /api/v1/namespaces/tenant-a/services/kubelb-web", // never take over another's object
                    "PATCH /api/v1/namespaces/tenant-a/services/kubelb-web", // server-side apply
                    "GET /apis/discovery.k8s.io/v1/namespaces/tenant-a/endpointslices/kubelb-web-ipv4",
                    "PATCH /apis/discovery.k8s.io/v1/namespaces/tenant-a/endpointslices/kubelb-web-ipv4",
                    "PUT /api/v1/namespaces/tenant-a/services/web/status"); // the address copied back

            lb.resync();
            assertThat(lb.awaitIdle(Duration.ofSeconds(10))).isTrue();
            assertThat(drain(sent)).as("a resync with nothing changed sends nothing").isEmpty();

            admin.services().inNamespace("tenant-a").withName("web").delete();
            Clusters.awaitGoneByList(admin, "tenant-a", "web");
            assertThat(lb.awaitIdle(Duration.ofSeconds(10))).isTrue();
            assertThat(drain(sent)).as("the deletion: no reads").containsExactlyInAnyOrder(
                    "DELETE /api/v1/namespaces/tenant-a/services/kubelb-web",
                    "DELETE /apis/discovery.k8s.io/v1/namespaces/tenant-a/endpointslices/kubelb-web-ipv4",
                    "POST /api/v1/namespaces/tenant-a/events",
                    "PATCH /api/v1/namespaces/tenant-a/services/web");
        }
    }
}
