package dev.kubelb.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelb.core.ApplyStrategy;
import dev.kubelb.core.KubeLb;
import dev.kubelb.core.KubeLbLabels;
import dev.kubelb.core.ProviderLoader;
import dev.kubelb.core.ProviderRegistry;
import dev.kubelb.core.SimulatedAppliance;
import dev.kubelb.core.fixtures.TestProvider;
import dev.kubelb.core.testkit.Clusters;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Random creates and deletes across three tenants while the engine is stopped and started again several
 * times (seeded, so a failure can be replayed); afterwards the cluster and the allocator must agree:
 * every live request served once with an address of its own, nothing owned left for a request that is
 * gone, no address held for nobody.
 */
abstract class EngineChurnSuite {
    static KubernetesClient client;

    private static final List<String> TENANTS = List.of("tenant-a", "tenant-b", "tenant-c");

    /**
     * Starts an engine, retrying while the mock server is stalled (it can block for up to 30 s when a watch
     * is closed while an event is sent on it; see Clusters.await).
     */
    private KubeLb engine() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
            KubeLb lb = KubeLb.builder().client(client)
                    .providers(ProviderRegistry.load(ProviderLoader.of(new TestProvider()))).provider("test")
                    .configuration(EngineIT.CONFIG).applyStrategy(ApplyStrategy.createOrUpdate()).workers(4)
                    .retryBackoff(Duration.ofMillis(20), Duration.ofMillis(200)).build();
            try {
                return lb.start();
            } catch (RuntimeException e) {
                lb.close();
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(500);
            }
        }
    }

    /** One random create or delete. */
    private static void step(Random random, Set<String> live) {
        String ns = TENANTS.get(random.nextInt(TENANTS.size()));
        String name = "svc-" + random.nextInt(25);
        String key = ns + "/" + name;
        if (live.contains(key)) {
            client.services().inNamespace(ns).withName(name).delete();
            live.remove(key);
        } else if (live.size() < 45 && client.services().inNamespace(ns).withName(name).get() == null) {
            client.services().resource(Clusters.tenantService(ns, name, 80 + random.nextInt(10))).create();
            live.add(key);
        }
    }

    @Test
    void churnWithRestartsLeavesTheClusterAndTheAllocatorInAgreement() throws Exception {
        Clusters.prepare(client, "192.0.2.11", TENANTS.toArray(String[]::new));
        Random random = new Random(20261125L);
        Set<String> live = new TreeSet<>();
        KubeLb lb = null;
        try (SimulatedAppliance appliance = SimulatedAppliance.start(client)) {
            lb = engine();
            for (int step = 0; step < 160; step++) {
                step(random, live);
                if (step % 40 == 39) {
                    // stopped (once quiet: closing watches while events are sent on them stalls the mock
                    // server; stopping with work queued is EngineIT's); requests keep coming while it is down
                    assertThat(lb.awaitIdle(Duration.ofSeconds(30))).as("quiet before the stop").isTrue();
                    lb.close();
                    Clusters.awaitResponsive(client);
                    for (int i = 0; i < 5; i++) {
                        step(random, live);
                    }
                    lb = engine();
                }
            }
            KubeLb last = lb;
            try {
                Clusters.await(() -> agreed(last, live), "the cluster and the allocator agree", Duration.ofSeconds(60));
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + ": " + disagreement(last, live), e);
            }

            List<Service> requests = requests();
            assertThat(requests).extracting(s -> s.getMetadata().getNamespace() + "/" + s.getMetadata().getName())
                    .containsExactlyInAnyOrderElementsOf(live);
            assertThat(requests).extracting(s -> Clusters.ingressIp(client, s.getMetadata().getNamespace(),
                    s.getMetadata().getName())).doesNotContainNull().doesNotHaveDuplicates();
            assertThat(requests).allSatisfy(s -> {
                assertThat(s.getMetadata().getFinalizers()).containsExactly(KubeLbLabels.FINALIZER);
                assertThat(s.getStatus().getConditions()).singleElement()
                        .satisfies(c -> assertThat(c.getType() + "=" + c.getStatus()).isEqualTo("Ready=True"));
            });
            assertThat(owned()).containsExactlyInAnyOrderElementsOf(
                    live.stream().map(k -> k.replace("/", "/kubelb-")).toList());
            assertThat(last.snapshot().orElseThrow().pool("extern").orElseThrow().used()).isEqualTo(live.size());
        } finally {
            if (lb != null) {
                lb.close();
            }
            Clusters.reset(client);
        }
    }

    private static boolean agreed(KubeLb lb, Set<String> live) {
        List<Service> requests = requests();
        return requests.size() == live.size()
                && requests.stream().allMatch(s -> Clusters.ingressIp(client, s.getMetadata().getNamespace(),
                        s.getMetadata().getName()) != null)
                && owned().size() == live.size()
                && lb.snapshot().map(u -> u.pool("extern").orElseThrow().used().intValue() == live.size()).orElse(false);
    }

    private static String disagreement(KubeLb lb, Set<String> live) {
        List<String> requests = requests().stream().map(s -> s.getMetadata().getNamespace() + "/"
                + s.getMetadata().getName() + (s.getMetadata().getDeletionTimestamp() != null ? "(deleting)" : "")
                + "=" + Clusters.ingressIp(client, s.getMetadata().getNamespace(), s.getMetadata().getName())).toList();
        return "live " + live + "; requests " + requests + "; owned " + owned() + "; used "
                + lb.snapshot().map(u -> u.pool("extern").orElseThrow().used()).orElse(null);
    }

    private static List<Service> requests() {
        // the tenants' Services only: a real server has its own (default/kubernetes)
        return client.services().inAnyNamespace().withoutLabel(KubeLbLabels.MANAGED_BY).list().getItems().stream()
                .filter(s -> TENANTS.contains(s.getMetadata().getNamespace())).toList();
    }

    private static List<String> owned() {
        return client.services().inAnyNamespace().withLabel(KubeLbLabels.MANAGED_BY, KubeLbLabels.MANAGER).list()
                .getItems().stream().map(s -> s.getMetadata().getNamespace() + "/" + s.getMetadata().getName()).toList();
    }
}
