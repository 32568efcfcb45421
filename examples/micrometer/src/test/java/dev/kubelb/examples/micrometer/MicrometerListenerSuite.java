package dev.kubelb.examples.micrometer;

import static dev.kubelb.examples.micrometer.MicrometerListener.ALLOCATIONS;
import static dev.kubelb.examples.micrometer.MicrometerListener.ALLOCATION_FAILURES;
import static dev.kubelb.examples.micrometer.MicrometerListener.POOL_ADDRESSES;
import static dev.kubelb.examples.micrometer.MicrometerListener.RECONCILE;
import static dev.kubelb.examples.micrometer.MicrometerListener.RELEASES;
import static dev.kubelb.examples.micrometer.MicrometerListener.TENANT_ADDRESSES;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelb.api.AddressPool;
import dev.kubelb.api.ApplianceConfig;
import dev.kubelb.api.BgpAdvertisement;
import dev.kubelb.api.FailureReason;
import dev.kubelb.core.ApplyStrategy;
import dev.kubelb.core.KubeLb;
import dev.kubelb.core.SimulatedAppliance;
import dev.kubelb.core.testkit.Clusters;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * The real engine with MetalLB's provider on fabric8's mock API server (CRUD), its listener bound to a
 * {@link SimpleMeterRegistry}: the meters follow what happens to the Services.
 */
abstract class MicrometerListenerSuite {
    static KubernetesClient client;

    /** Three addresses: 10.10.255.200 to .202. */
    private static final ApplianceConfig CONFIG = ApplianceConfig.builder()
            .pool(AddressPool.builder("small").addresses("10.10.255.200-10.10.255.202").build())
            .advertisement(BgpAdvertisement.builder("small").pools("small").build())
            .build();

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private double counter(String name, String... tags) {
        return registry.get(name).tags(tags).counter().count();
    }

    private double used() {
        return registry.find(POOL_ADDRESSES).tags("engine", "it", "pool", "small", "state", "used").gauges().stream()
                .mapToDouble(g -> g.value()).findFirst().orElse(-1);
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        Clusters.await(condition, what, Duration.ofSeconds(20));
    }

    private static String ingressIp(String name) {
        return Clusters.ingressIp(client, "tenant-a", name);
    }

    @Test
    void metersFollowAllocationsReleasesAndAnExhaustedPool() throws Exception {
        Clusters.prepare(client, "192.0.2.11", "tenant-a", "metallb-system");
        try (SimulatedAppliance appliance = SimulatedAppliance.start(client);
                KubeLb lb = KubeLb.builder().client(client).provider("metallb").configuration(CONFIG)
                        .listener(MicrometerListener.bindTo(registry, Tags.of("engine", "it")))
                        .applyStrategy(ApplyStrategy.createOrUpdate())
                        .retryBackoff(Duration.ofMillis(20), Duration.ofMillis(200))
                        .build()) {
            lb.start();
            // the rebuild on start publishes the first snapshot: an empty pool
            await(() -> used() == 0, "gauges registered from the start-up snapshot");
            assertThat(registry.get(POOL_ADDRESSES).tags("pool", "small", "state", "total").gauge().value())
                    .isEqualTo(3.0);

            for (String name : List.of("web", "api", "dns")) {
                client.services().resource(Clusters.tenantService("tenant-a", name, 80)).create();
            }
            await(() -> ingressIp("web") != null && ingressIp("api") != null && ingressIp("dns") != null,
                    "three Services served");
            assertThat(lb.awaitIdle(Duration.ofSeconds(10))).isTrue();
            assertThat(counter(ALLOCATIONS, "engine", "it")).isEqualTo(3.0);
            assertThat(used()).isEqualTo(3.0);
            assertThat(registry.get(POOL_ADDRESSES).tags("pool", "small", "state", "free").gauge().value())
                    .isEqualTo(0.0);
            assertThat(registry.get(TENANT_ADDRESSES).tags("tenant", "tenant-a").gauge().value()).isEqualTo(3.0);
            assertThat(counter(RELEASES)).isEqualTo(0.0);
            assertThat(registry.get(RECONCILE).tags("outcome", "ok").timer().count()).isGreaterThanOrEqualTo(3);

            client.services().inNamespace("tenant-a").withName("api").delete();
            await(() -> client.services().inNamespace("tenant-a").withName("api").get() == null, "api cleaned up");
            assertThat(lb.awaitIdle(Duration.ofSeconds(10))).isTrue();
            assertThat(counter(RELEASES)).isEqualTo(1.0);
            assertThat(used()).isEqualTo(2.0);
            assertThat(registry.get(TENANT_ADDRESSES).tags("tenant", "tenant-a").gauge().value()).isEqualTo(2.0);

            // the freed address goes to a new request; the one after it finds the pool full
            client.services().resource(Clusters.tenantService("tenant-a", "mail", 25)).create();
            await(() -> ingressIp("mail") != null, "mail served");
            client.services().resource(Clusters.tenantService("tenant-a", "late", 80)).create();
            await(() -> counter(ALLOCATION_FAILURES, "reason", FailureReason.POOL_EXHAUSTED.name()) >= 1,
                    "an exhausted-pool failure counted");
            await(() -> readyReason("late").equals(FailureReason.POOL_EXHAUSTED.name()), "late refused");
            assertThat(lb.awaitIdle(Duration.ofSeconds(10))).isTrue();

            assertThat(counter(ALLOCATIONS)).isEqualTo(4.0);
            assertThat(used()).isEqualTo(3.0);
            assertThat(ingressIp("late")).isNull();
            // one refusal, counted once: the engine reconciles "late" again when its own condition write comes back
            // through the informer, and a resync reconciles it once more, but it is still the same refusal
            lb.resync(); // enqueues every request before it returns: awaitIdle then waits for them
            assertThat(lb.awaitIdle(Duration.ofSeconds(10))).isTrue();
            assertThat(counter(ALLOCATION_FAILURES, "reason", "POOL_EXHAUSTED")).isEqualTo(1.0);
            assertThat(registry.get(RECONCILE).tags("outcome", "failed").timer().count()).isGreaterThanOrEqualTo(1);
            // no other reason was ever counted
            for (FailureReason r : FailureReason.values()) {
                if (r != FailureReason.POOL_EXHAUSTED) {
                    assertThat(counter(ALLOCATION_FAILURES, "reason", r.name())).as(r.name()).isEqualTo(0.0);
                }
            }
        }
    }

    private static String readyReason(String name) {
        Service s = client.services().inNamespace("tenant-a").withName(name).get();
        if (s == null || s.getStatus() == null || s.getStatus().getConditions() == null) {
            return "";
        }
        return s.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType()))
                .map(Condition::getReason).findFirst().orElse("");
    }
}
