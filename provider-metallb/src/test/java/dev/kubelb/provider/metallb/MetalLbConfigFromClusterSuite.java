package dev.kubelb.provider.metallb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelb.api.IpAddress;
import dev.kubelb.core.ApplyStrategy;
import dev.kubelb.core.KubeLb;
import dev.kubelb.core.SimulatedAppliance;
import dev.kubelb.core.testkit.Clusters;
import dev.kubelb.provider.metallb.model.IPAddressPool;
import dev.kubelb.provider.metallb.model.MetalLbKinds;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The configuration read from the cluster and watched: the operator's own MetalLB objects are the source
 * of truth; a changed pool is picked up without a restart, and addresses already handed out are kept.
 */
abstract class MetalLbConfigFromClusterSuite {
    static KubernetesClient client;

    /** The mock server has no discovery: generic objects are written through their typed classes. */
    private static HasMetadata typed(HasMetadata o) {
        return MetalLbKinds.typeOf(o.getApiVersion(), o.getKind())
                .<HasMetadata>map(t -> Manifests.SERIALIZATION.convertValue(o, t)).orElse(o);
    }

    @Test
    void aPoolChangedInTheClusterIsPickedUpAndHeldAddressesAreKept() throws Exception {
        Clusters.prepare(client, "192.0.2.11", "tenant-a", "metallb-system");
        for (HasMetadata o : Manifests.load("seed.yaml")) {
            client.resource(typed(o)).create();
        }
        try (SimulatedAppliance appliance = SimulatedAppliance.start(client);
                KubeLb lb = KubeLb.builder().client(client).provider("metallb")
                        .applyStrategy(ApplyStrategy.createOrUpdate())
                        .retryBackoff(Duration.ofMillis(20), Duration.ofMillis(200)).build().start()) {
            assertThat(appliance).isNotNull();
            assertThat(lb.configuration().pools()).extracting(p -> p.name()).containsExactly("extern");
            client.services().resource(Clusters.tenantService("tenant-a", "web", 80)).create();
            Clusters.await(() -> "10.10.255.200".equals(Clusters.ingressIp(client, "tenant-a", "web")), "web served",
                    Duration.ofSeconds(20));

            // the operator moves the pool to another range
            IPAddressPool pool = client.resources(IPAddressPool.class).inNamespace("metallb-system").withName("extern")
                    .get();
            String yaml = Manifests.SERIALIZATION.asYaml(pool).replace("10.10.255.200-10.10.255.250", "10.20.0.0/24");
            client.resource(typed(Manifests.parse(yaml).get(0))).update();
            Clusters.await(() -> lb.configuration().pools().get(0).offers(IpAddress.parse("10.20.0.1")),
                    "the new pool picked up", Duration.ofSeconds(20));

            client.services().resource(Clusters.tenantService("tenant-a", "api", 81)).create();
            Clusters.await(() -> Clusters.ingressIp(client, "tenant-a", "api") != null, "api served",
                    Duration.ofSeconds(20));
            assertThat(Clusters.ingressIp(client, "tenant-a", "api")).as("from the new range, .0 avoided").isEqualTo("10.20.0.1");
            assertThat(Clusters.ingressIp(client, "tenant-a", "web")).as("a held address is never taken away")
                    .isEqualTo("10.10.255.200");
            assertThat(lb.allocator().orElseThrow().allocations()).extracting(a -> a.id().name() + "=" + a.addresses())
                    .containsExactlyInAnyOrder("web=[10.10.255.200]", "api=[10.20.0.1]");
            assertThat(((dev.kubelb.core.PoolAllocator) lb.allocator().orElseThrow()).orphans())
                    .extracting(a -> a.id().name()).containsExactly("web");
            assertThat(List.of(lb.isLeader())).containsExactly(true);
        }
    }
}
