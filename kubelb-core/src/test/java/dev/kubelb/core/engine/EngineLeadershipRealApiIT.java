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
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * High availability (issue #13, item 5) on a real kube-apiserver, with two replicas whose every request is
 * recorded per identity: a replica that does not lead writes nothing; the lease taken over by another
 * identity stops the leader's writes and, once the intruder lets it lapse, a replica leads again and serves;
 * a leader closed gracefully finishes its work, releases the lease and never writes after.
 */
@RealApi(namespaces = {"kubelb-system", "tenant-ha"})
class EngineLeadershipRealApiIT {
    static KubernetesClient client;
    static RealApiServer server;
    private static final String LEASE = "kubelb-ha";

    /** One replica's writes (not its lease's), each marked with whether it led when the write went out. */
    private static final class Writes {
        final ConcurrentLinkedQueue<String> requests = new ConcurrentLinkedQueue<>() {
            @Override
            public boolean add(String r) {
                boolean write = !r.startsWith("GET ") && !r.contains("/leases");
                if (write) {
                    (leading.getAsBoolean() ? led : notLed).add(r);
                }
                return super.add(r);
            }
        };
        final ConcurrentLinkedQueue<String> led = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<String> notLed = new ConcurrentLinkedQueue<>();
        BooleanSupplier leading = () -> false;
    }

    private static KubeLb replica(KubernetesClient c, String identity) {
        return KubeLb.builder().client(c)
                .providers(ProviderRegistry.load(ProviderLoader.of(new TestProvider()))).provider("test")
                .configuration(EngineIT.CONFIG).applyStrategy(ApplyStrategy.createOrUpdate())
                .leaderElection("kubelb-system", LEASE, identity)
                .leaderElectionTimings(Duration.ofSeconds(4), Duration.ofSeconds(3), Duration.ofMillis(500))
                .build();
    }

    @Test
    void onlyTheLeaderWritesThroughTakeoverAndHandOver() throws Exception {
        Clusters.prepare(client, "192.0.2.31", "tenant-ha");
        Writes wa = new Writes();
        Writes wb = new Writes();
        try (SimulatedAppliance simulated = SimulatedAppliance.start(client);
                KubernetesClient ca = server.adminRecording(wa.requests);
                KubernetesClient cb = server.adminRecording(wb.requests);
                KubeLb a = replica(ca, "replica-a");
                KubeLb b = replica(cb, "replica-b")) {
            assertThat(simulated).isNotNull();
            wa.leading = a::isLeader;
            wb.leading = b::isLeader;
            a.start();
            EngineIT.await(a::isLeader, "replica-a to lead");
            b.start();
            for (int i = 1; i <= 3; i++) {
                client.resource(Clusters.tenantService("tenant-ha", "web-" + i, 80 + i)).create();
            }
            for (int i = 1; i <= 3; i++) {
                Clusters.awaitServedByList(client, "tenant-ha", "web-" + i);
            }
            assertThat(b.isLeader()).isFalse();
            assertThat(wb.led).as("the standby replica wrote nothing").isEmpty();
            assertThat(wa.led).as("the leader served").isNotEmpty();

            // another identity takes the lease over: the leader stops writing, then a replica leads again
            client.resources(Lease.class).inNamespace("kubelb-system").withName(LEASE).edit(l -> {
                l.getSpec().setHolderIdentity("intruder");
                l.getSpec().setRenewTime(ZonedDateTime.now());
                l.getSpec().setAcquireTime(ZonedDateTime.now());
                return l;
            });
            EngineIT.await(() -> !a.isLeader(), "replica-a to notice the lease taken over");
            client.resource(Clusters.tenantService("tenant-ha", "web-4", 84)).create();
            Clusters.awaitServedByList(client, "tenant-ha", "web-4");
            KubeLb leader = a.isLeader() ? a : b;
            KubeLb standby = leader == a ? b : a;
            assertThat(standby.isLeader()).isFalse();

            // the leader closes gracefully: the other takes over at once (the lease released) and serves
            Writes lw = leader == a ? wa : wb;
            leader.close();
            int afterClose = lw.requests.size();
            EngineIT.await(standby::isLeader, "the standby to take over");
            client.resource(Clusters.tenantService("tenant-ha", "web-5", 85)).create();
            Clusters.awaitServedByList(client, "tenant-ha", "web-5");
            assertThat(lw.requests.size()).as("a closed replica sends nothing more").isEqualTo(afterClose);
            assertThat(wa.notLed).as("replica-a never wrote while not leading").isEmpty();
            assertThat(wb.notLed).as("replica-b never wrote while not leading").isEmpty();
            assertThat(List.of(wa.led.size(), wb.led.size())).as("both replicas led at some point").doesNotContain(0);
        }
    }
}
