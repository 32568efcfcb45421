package dev.kubelb.provider.metallb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelb.core.ApplyStrategy;
import dev.kubelb.core.KubeLb;
import dev.kubelb.core.testkit.Clusters;
import dev.kubelb.core.testkit.MetalLbProcesses;
import dev.kubelb.core.testkit.RealApi;
import dev.kubelb.core.testkit.RealApiServer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The seed with the real appliance: MetalLB's own controller (built from its Go module by
 * {@code ci/envtest/build.sh}, webhooks off) runs against the real API server, our engine provisions
 * through the MetalLB provider with no simulated appliance, and the address in the tenant Service's status
 * is the one MetalLB's controller wrote on the owned Service: the one our allocator chose. Tenant Services
 * carry the engine's class, so MetalLB never serves them itself.
 */
@RealApi(namespaces = {"metallb-system", "tenant-a", "tenant-b"})
class MetalLbControllerRealApiIT {
    static final String CLASS = "kubelb.dev/l4";
    static RealApiServer real;
    static KubernetesClient client;

    @BeforeAll
    static void startMetalLbsController() throws Exception {
        MetalLbProcesses.startController(real, java.util.Optional.empty());
        Clusters.prepare(client, "192.0.2.11");
    }

    private static Service tenant(String ns, String name, int port) {
        return new ServiceBuilder(Clusters.tenantService(ns, name, port)).editSpec().withLoadBalancerClass(CLASS)
                .endSpec().build();
    }

    @Test
    void metallbsControllerAssignsTheAddressesOurAllocatorChose() throws Exception {
        List<HasMetadata> seed = Manifests.load("seed.yaml");
        try (KubeLb lb = KubeLb.builder().client(client).provider("metallb").configurationObjects(seed)
                .loadBalancerClass(CLASS).applyStrategy(ApplyStrategy.serverSideApply()).build().start()) {
            client.services().resource(tenant("tenant-a", "web", 80)).create();
            client.services().resource(tenant("tenant-b", "api", 81)).create();
            Clusters.await(() -> Clusters.ingressIp(client, "tenant-a", "web") != null
                    && Clusters.ingressIp(client, "tenant-b", "api") != null,
                    "both served by MetalLB's controller (its log: " + real.logs().resolve("metallb-controller.log")
                            + ")", Duration.ofSeconds(60));
            assertThat(List.of(Clusters.ingressIp(client, "tenant-a", "web"), Clusters.ingressIp(client, "tenant-b", "api")))
                    .containsExactlyInAnyOrder("10.10.255.200", "10.10.255.201");
            for (String[] r : List.of(new String[] {"tenant-a", "web"}, new String[] {"tenant-b", "api"})) {
                Service owned = client.services().inNamespace(r[0]).withName("kubelb-" + r[1]).get();
                String chosen = lb.allocator().orElseThrow().lookup(dev.kubelb.api.LoadBalancerId.of(r[0], r[1]))
                        .orElseThrow().addresses().get(0).toString();
                assertThat(owned.getStatus().getLoadBalancer().getIngress()).extracting(i -> i.getIp())
                        .as("MetalLB's answer is our allocator's choice").containsExactly(chosen);
            }
            assertThat(Files.readString(real.logs().resolve("metallb-controller.log")).lines()
                    .filter(l -> l.contains("\"event\":\"ipAllocated\"")).toList())
                    .as("MetalLB's controller assigned them itself").hasSize(2)
                    .anyMatch(l -> l.contains("10.10.255.200")).anyMatch(l -> l.contains("10.10.255.201"));
        }
    }

    /**
     * A pool for Services of one label only ({@code serviceAllocation.serviceSelectors}): MetalLB's controller
     * checks a pinned address's pool against the labels of the Service it reads, the owned one
     * ({@code internal/allocator/allocator.go}, {@code Assign} → {@code isPoolCompatibleWithService}). So the
     * owned Service carries the tenant's labels, or MetalLB refuses what our allocator chose.
     */
    @Test
    void aPoolForLabelledServicesIsHonouredByMetalLbsController() throws Exception {
        String cls = "kubelb.dev/selected";
        List<HasMetadata> config = Manifests.load("service-selected-pools.yaml");
        try (KubeLb lb = KubeLb.builder().client(client).provider("metallb").configurationObjects(config)
                .loadBalancerClass(cls).applyStrategy(ApplyStrategy.serverSideApply()).build().start()) {
            Service premium = new ServiceBuilder(Clusters.tenantService("tenant-a", "shop", 443)).editMetadata()
                    .addToLabels("tier", "premium").addToLabels("app", "shop").endMetadata().editSpec()
                    .withLoadBalancerClass(cls).endSpec().build();
            Service plain = new ServiceBuilder(Clusters.tenantService("tenant-a", "blog", 80)).editSpec()
                    .withLoadBalancerClass(cls).endSpec().build();
            client.services().resource(premium).create();
            client.services().resource(plain).create();
            try {
                Clusters.await(() -> Clusters.ingressIp(client, "tenant-a", "shop") != null
                        && Clusters.ingressIp(client, "tenant-a", "blog") != null,
                        "both served by MetalLB's controller (its log: " + real.logs().resolve("metallb-controller.log")
                                + ")", Duration.ofSeconds(60));
                assertThat(Clusters.ingressIp(client, "tenant-a", "shop")).isEqualTo("10.10.254.10");
                assertThat(Clusters.ingressIp(client, "tenant-a", "blog")).isEqualTo("10.10.253.10");
                Service owned = client.services().inNamespace("tenant-a").withName("kubelb-shop").get();
                assertThat(owned.getMetadata().getLabels()).containsEntry("tier", "premium")
                        .containsEntry("app", "shop").containsEntry("app.kubernetes.io/managed-by", "kubelb");
                assertThat(owned.getMetadata().getAnnotations()).containsEntry("metallb.io/ip-allocated-from-pool",
                        "premium");
            } finally {
                client.services().resource(premium).delete();
                client.services().resource(plain).delete();
            }
        }
    }

    /**
     * MetalLB serves a class-less Service from a pool the engine allocates from too, by itself: that address is
     * held for as long as the Service shows it (live, and after a restart), so a request is never pinned to it
     * (MetalLB would refuse, {@code Assign}: in use), and it is free again once that Service is gone.
     */
    @Test
    void anAddressMetalLbGaveAClassLessServiceIsNeverPinnedToARequest() throws Exception {
        String cls = "kubelb.dev/shared";
        List<HasMetadata> config = Manifests.load("shared-pool.yaml");
        java.util.function.Supplier<KubeLb> engine = () -> KubeLb.builder().client(client).provider("metallb")
                .configurationObjects(config).loadBalancerClass(cls).applyStrategy(ApplyStrategy.serverSideApply())
                .build().start();
        Service legacy = new ServiceBuilder(Clusters.tenantService("tenant-b", "legacy", 90)).editMetadata()
                .addToAnnotations("metallb.io/address-pool", "shared").endMetadata().editSpec()
                .withLoadBalancerClass(null).endSpec().build();
        List<String> ours = List.of("app", "app2", "app3");
        try {
            KubeLb lb = engine.get();
            client.services().resource(legacy).create();
            Clusters.await(() -> Clusters.ingressIp(client, "tenant-b", "legacy") != null,
                    "the class-less Service served by MetalLB itself", Duration.ofSeconds(60));
            assertThat(Clusters.ingressIp(client, "tenant-b", "legacy")).isEqualTo("10.10.252.10");
            dev.kubelb.api.LoadBalancerId held = dev.kubelb.api.LoadBalancerId.of("metallb-system", "tenant-b.legacy");
            Clusters.await(() -> lb.allocator().orElseThrow().lookup(held).isPresent(), "held by the engine",
                    Duration.ofSeconds(30));
            assertThat(serve("app", 91, cls)).as("the next free one, which MetalLB assigns").isEqualTo("10.10.252.11");

            lb.close(); // a restart: the rebuild holds it again
            KubeLb again = engine.get();
            try {
                assertThat(serve("app2", 92, cls)).isEqualTo("10.10.252.12");
                client.services().resource(legacy).delete();
                Clusters.await(() -> again.allocator().orElseThrow().lookup(held).isEmpty(), "released with its Service",
                        Duration.ofSeconds(30));
                assertThat(serve("app3", 93, cls)).as("free again").isEqualTo("10.10.252.10");
            } finally {
                again.close();
            }
        } finally {
            client.services().resource(legacy).delete();
            ours.forEach(n -> client.services().inNamespace("tenant-b").withName(n).delete());
        }
    }

    private static String serve(String name, int port, String cls) throws InterruptedException {
        client.services().resource(new ServiceBuilder(Clusters.tenantService("tenant-b", name, port)).editSpec()
                .withLoadBalancerClass(cls).endSpec().build()).create();
        Clusters.await(() -> Clusters.ingressIp(client, "tenant-b", name) != null, name + " served by MetalLB's "
                + "controller (its log: " + real.logs().resolve("metallb-controller.log") + ")", Duration.ofSeconds(60));
        return Clusters.ingressIp(client, "tenant-b", name);
    }
}
