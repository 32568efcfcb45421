package dev.kubelb.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelb.api.AddressPool;
import dev.kubelb.api.Allocation;
import dev.kubelb.api.ApplianceConfig;
import dev.kubelb.core.ApplyStrategy;
import dev.kubelb.core.KubeLb;
import dev.kubelb.core.KubeLbLabels;
import dev.kubelb.core.ProviderLoader;
import dev.kubelb.core.ProviderRegistry;
import dev.kubelb.core.SimulatedAppliance;
import dev.kubelb.core.fixtures.TestProvider;
import dev.kubelb.core.testkit.AllocationAudit;
import dev.kubelb.core.testkit.Clusters;
import dev.kubelb.core.testkit.FaultProxy;
import dev.kubelb.core.testkit.FaultProxy.Fault;
import dev.kubelb.core.testkit.RealApi;
import dev.kubelb.core.testkit.RealApiServer;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Faults between the engine and a real kube-apiserver: the engine's client goes through a {@link FaultProxy}
 * that injects delays, timeouts, connections closed before and after the server acted, 429 with
 * Retry-After, 500, 503, dropped watch streams and 410 Gone on watches (as an ERROR event and as the HTTP
 * status), and the API server itself is restarted midway, while requests are created, updated and deleted.
 * Once the faults stop, the engine must converge: every live request holds exactly one address recorded on
 * its owned Service and shown in its status, none held twice, nothing held for a request that is gone; and
 * a fresh engine rebuilding from the cluster arrives at the same allocations the faulted one holds.
 */
@RealApi(namespaces = {"fault-a", "fault-b"})
class EngineFaultsRealApiIT {
    private static final Logger LOG = LoggerFactory.getLogger(EngineFaultsRealApiIT.class);
    static RealApiServer real;
    static KubernetesClient client;

    private static final Set<String> NAMESPACES = Set.of("fault-a", "fault-b");
    private static final ApplianceConfig CONFIG = ApplianceConfig.builder()
            .pool(AddressPool.builder("faults").addresses("10.60.0.0/24").build()).build();

    private static KubeLb engine(KubernetesClient c) {
        return KubeLb.builder().client(c).providers(ProviderRegistry.load(ProviderLoader.of(new TestProvider())))
                .provider("test").configuration(CONFIG).applyStrategy(ApplyStrategy.serverSideApply()).workers(4)
                .retryBackoff(Duration.ofMillis(50), Duration.ofSeconds(2)).build();
    }

    @Test
    void underInjectedFaultsAndAnApiServerRestartTheEngineConvergesWithEveryAddressHeldOnce() throws Exception {
        Clusters.prepare(client, "192.0.2.11", NAMESPACES.toArray(String[]::new));
        long seed = Long.getLong("kubelb.faults.seed", 20261128L);
        Random random = new Random(seed);
        List<String> live = new ArrayList<>();
        try (FaultProxy proxy = FaultProxy.start(real, seed, Duration.ofSeconds(4));
                KubernetesClient faulty = proxy.client();
                SimulatedAppliance appliance = SimulatedAppliance.start(client);
                KubeLb lb = engine(faulty)) {
            lb.start();
            proxy.inject(0.2, 0.9);
            int ops = 150;
            for (int i = 0; i < ops; i++) {
                if (i == ops / 2) {
                    real.restartApiServer(Duration.ofSeconds(2));
                }
                step(random, i, live);
            }
            // faults keep coming after the last request until each kind has been injected (watches are few: their
            // faults come with each reconnect)
            Clusters.await(() -> proxy.counts().values().stream().allMatch(n -> n > 0),
                    "every kind of fault injected at least once: " + proxy.counts(), Duration.ofSeconds(120));
            proxy.heal();
            Map<Fault, Long> counts = proxy.counts();
            LOG.info("faults injected: {} ({} requests forwarded untouched or delayed)", counts, proxy.forwarded());
            assertThat(counts).as("every kind of fault injected at least once").allSatisfy((f, n) ->
                    assertThat(n).as(f.name()).isPositive());

            awaitConverged(live);
            assertThat(lb.awaitIdle(Duration.ofSeconds(30))).isTrue();
            List<Allocation> held = lb.allocator().orElseThrow().allocations();
            assertThat(held).extracting(a -> a.id().tenant() + "/" + a.id().name())
                    .containsExactlyInAnyOrderElementsOf(live);

            // a fresh engine, no faults: rebuilt from the cluster, the same allocations
            lb.close();
            try (KubeLb fresh = engine(client)) {
                fresh.start();
                assertThat(fresh.awaitIdle(Duration.ofSeconds(30))).isTrue();
                assertThat(fresh.allocator().orElseThrow().allocations()).isEqualTo(held);
            }
            assertThat(AllocationAudit.of(client, NAMESPACES).violations()).isEmpty();
        } finally {
            Clusters.reset(client);
        }
    }

    /** A create, an update (another port) or a delete; retried while the API server is down. */
    private static void step(Random random, int i, List<String> live) throws InterruptedException {
        int kind = random.nextInt(10);
        if (kind < 2 && !live.isEmpty()) {
            String victim = live.remove(random.nextInt(live.size()));
            String[] p = victim.split("/");
            retry(() -> client.services().inNamespace(p[0]).withName(p[1]).delete());
        } else if (kind < 4 && !live.isEmpty()) {
            String[] p = live.get(random.nextInt(live.size())).split("/");
            int port = 1000 + random.nextInt(1000);
            retry(() -> client.services().inNamespace(p[0]).withName(p[1]).edit(s -> new ServiceBuilder(s).editSpec()
                    .editFirstPort().withPort(port).endPort().endSpec().build()));
        } else {
            String ns = random.nextBoolean() ? "fault-a" : "fault-b";
            String name = "s" + i;
            retry(() -> client.services().resource(Clusters.tenantService(ns, name, 80)).createOr(x -> x.update()));
            live.add(ns + "/" + name);
        }
    }

    private static void retry(Runnable write) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
            try {
                write.run();
                return;
            } catch (KubernetesClientException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(200); // the API server is restarting: poll until it answers
            }
        }
    }

    private static void awaitConverged(List<String> live) throws InterruptedException {
        try {
            Clusters.await(() -> AllocationAudit.of(client, NAMESPACES).violations().isEmpty()
                    && AllocationAudit.of(client, NAMESPACES).live().equals(new java.util.TreeSet<>(live)),
                    "convergence after the faults", Duration.ofSeconds(120));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + ": " + AllocationAudit.of(client, NAMESPACES).violations(), e);
        }
        assertThat(client.services().inAnyNamespace().withLabel(KubeLbLabels.MANAGED_BY, KubeLbLabels.MANAGER).list()
                .getItems()).hasSize(live.size());
    }
}
