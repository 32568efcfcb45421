package dev.kubelb.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelb.core.ApplyStrategy;
import dev.kubelb.core.Health;
import dev.kubelb.core.KubeLb;
import dev.kubelb.core.KubeLbListener;
import dev.kubelb.core.ProviderLoader;
import dev.kubelb.core.ProviderRegistry;
import dev.kubelb.core.SimulatedAppliance;
import dev.kubelb.core.fixtures.TestProvider;
import dev.kubelb.core.testkit.AllocationAudit;
import dev.kubelb.core.testkit.Clusters;
import dev.kubelb.core.testkit.FaultProxy;
import dev.kubelb.core.testkit.RealApi;
import dev.kubelb.core.testkit.RealApiServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * High availability when the leader loses the API server (issue #13, item 5: "the API unreachable longer
 * than the renew deadline"), on a real kube-apiserver. Two replicas; the leader reaches the server through a
 * {@link FaultProxy} that then cuts it off as a network partition does (requests hang until the client gives
 * up, open watches fall silent) for longer than the renew deadline and the client's request timeout. Every
 * request each replica sends is recorded with the time it left, and each replica's leadership transitions
 * are timed through its listener. Then: the other replica takes the lease within about the lease duration
 * and serves new requests; the cut-off replica stopped leading before the other started (never two leaders)
 * and sent no write once it had lost the lease; after the partition heals it campaigns again, and leads and
 * serves when the other replica goes; no address is held twice.
 */
@RealApi(namespaces = {"kubelb-system", "tenant-lease"})
class EngineLeaseLossRealApiIT {
    static KubernetesClient client;
    static RealApiServer server;
    private static final String NS = "tenant-lease";
    private static final String LEASE = "kubelb-lease-loss";
    private static final Duration LEASE_DURATION = Duration.ofSeconds(4);
    private static final Duration RENEW_DEADLINE = Duration.ofSeconds(3);
    private static final Duration RETRY = Duration.ofMillis(500);
    /** fabric8's default request timeout: a hung request is given up only after this. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /** Scheduling on a loaded 2-core machine, the retry period's jitter and the new leader's rebuild. */
    private static final Duration MARGIN = Duration.ofSeconds(5);

    /** A request a replica sent, and when. */
    record Sent(long nanos, String request) {
        boolean isWrite() {
            return !request.startsWith("GET ") && !request.contains("/leases");
        }
    }

    /** A replica's requests and leadership transitions, timed. */
    static final class Replica implements KubeLbListener {
        final String identity;
        final Queue<Sent> sent = new ConcurrentLinkedQueue<>();
        final Queue<String> sink = new ConcurrentLinkedQueue<>() {
            @Override
            public boolean add(String r) {
                sent.add(new Sent(System.nanoTime(), r));
                return true;
            }
        };
        /** Each transition: {@code [nanos, 1 when it became leader / 0 when it stopped]}. */
        final Queue<long[]> transitions = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean leading = new AtomicBoolean();

        Replica(String identity) {
            this.identity = identity;
        }

        @Override
        public void healthChanged(Health health) {
            if (leading.getAndSet(health.leader()) != health.leader()) {
                transitions.add(new long[] {System.nanoTime(), health.leader() ? 1 : 0});
            }
        }

        /** @return the first time it became leader at or after {@code from}, or -1 */
        long ledFrom(long from) {
            return transitions.stream().filter(t -> t[1] == 1 && t[0] >= from).mapToLong(t -> t[0]).min().orElse(-1);
        }

        /** @return the last time it stopped leading at or before {@code until}, or -1 */
        long stoppedBefore(long until) {
            return transitions.stream().filter(t -> t[1] == 0 && t[0] <= until).mapToLong(t -> t[0]).max().orElse(-1);
        }

        /** @return the time of its first write at or after {@code from}, or -1 */
        long firstWriteFrom(long from) {
            return sent.stream().filter(s -> s.isWrite() && s.nanos() >= from).mapToLong(Sent::nanos).min().orElse(-1);
        }

        List<Sent> writesBetween(long from, long until) {
            return sent.stream().filter(s -> s.isWrite() && s.nanos() >= from && s.nanos() < until).toList();
        }

        KubeLb engine(KubernetesClient c) {
            return KubeLb.builder().client(c)
                    .providers(ProviderRegistry.load(ProviderLoader.of(new TestProvider()))).provider("test")
                    .configuration(EngineIT.CONFIG).applyStrategy(ApplyStrategy.createOrUpdate())
                    .leaderElection("kubelb-system", LEASE, identity)
                    .leaderElectionTimings(LEASE_DURATION, RENEW_DEADLINE, RETRY)
                    .listener(this)
                    .build();
        }
    }

    private static void create(int from, int to) {
        for (int i = from; i <= to; i++) {
            client.resource(Clusters.tenantService(NS, "web-" + i, 8000 + i)).create();
        }
    }

    private static void awaitServed(int from, int to) throws InterruptedException {
        for (int i = from; i <= to; i++) {
            Clusters.awaitServedByList(client, NS, "web-" + i);
        }
    }

    private static String secs(long nanos) {
        return String.format("%.1f s", nanos / 1e9);
    }

    @Test
    void aLeaderCutOffFromTheApiServerStopsWritingAndTheOtherTakesOver() throws Exception {
        Clusters.prepare(client, "192.0.2.41", NS);
        Replica ra = new Replica("replica-a");
        Replica rb = new Replica("replica-b");
        try (SimulatedAppliance simulated = SimulatedAppliance.start(client);
                FaultProxy proxy = FaultProxy.start(server, 41, REQUEST_TIMEOUT);
                KubernetesClient ca = proxy.recordingClient(ra.sink);
                KubernetesClient cb = server.adminRecording(rb.sink);
                KubeLb a = ra.engine(ca);
                KubeLb b = rb.engine(cb)) {
            assertThat(simulated).isNotNull();
            a.start();
            Clusters.await(a::isLeader, "replica-a to lead", Duration.ofSeconds(30));
            b.start();
            create(1, 3);
            awaitServed(1, 3);
            assertThat(b.isLeader()).isFalse();

            // work in flight for the leader, then the partition
            create(4, 8);
            Clusters.await(() -> ra.sent.stream().anyMatch(s -> s.isWrite() && s.request().contains("/web-8")),
                    "replica-a to start serving web-8", Duration.ofSeconds(30));
            long cut = System.nanoTime();
            proxy.partition();

            Clusters.await(b::isLeader, "replica-b to take the lease", LEASE_DURATION.plus(MARGIN).multipliedBy(3));
            awaitServed(4, 8);
            create(9, 9);
            awaitServed(9, 9);
            // replica-b leads from its first write or from its listener's word, whichever came first (the
            // listener hears of it once the term's first steps are done)
            long bLeads = java.util.stream.LongStream.of(rb.ledFrom(cut), rb.firstWriteFrom(cut))
                    .filter(t -> t > 0).min().orElse(-1);

            // the partition lasts past the renew deadline and every request timeout of the cut-off replica
            long minimum = cut + REQUEST_TIMEOUT.plus(RENEW_DEADLINE).plus(RETRY).toNanos();
            Clusters.await(() -> System.nanoTime() > minimum && !a.isLeader(), "replica-a to stop leading",
                    Duration.ofSeconds(60));
            long healed = System.nanoTime();
            proxy.heal();

            assertThat(bLeads).as("replica-b's leadership was timed").isPositive();
            long aStopped = ra.stoppedBefore(healed);
            assertThat(aStopped).as("replica-a stopped leading during the partition").isGreaterThan(cut);
            assertThat(aStopped)
                    .as("replica-a stopped leading %s after the cut, before replica-b led (%s after): never two leaders",
                            secs(aStopped - cut), secs(bLeads - cut))
                    .isLessThanOrEqualTo(bLeads);
            assertThat(aStopped - cut).as("replica-a stopped leading within about its renew deadline")
                    .isLessThanOrEqualTo(RENEW_DEADLINE.plus(MARGIN).toNanos());
            assertThat(ra.writesBetween(aStopped, healed)).as("replica-a wrote nothing once it had lost the lease")
                    .isEmpty();
            assertThat(bLeads - cut).as("no leader for no longer than about the lease duration")
                    .isLessThanOrEqualTo(LEASE_DURATION.plus(MARGIN).toNanos());

            // healed: replica-a campaigns again (it reads the lease) and stays a standby while replica-b leads
            Clusters.await(() -> ra.sent.stream().anyMatch(s -> s.nanos() > healed && s.request().contains(
                    "/leases/" + LEASE)), "replica-a to campaign again after the partition", Duration.ofSeconds(30));
            create(10, 10);
            awaitServed(10, 10);
            assertThat(a.isLeader()).isFalse();

            // replica-b goes: replica-a leads again and serves
            long closing = System.nanoTime();
            b.close();
            Clusters.await(a::isLeader, "replica-a to lead again", LEASE_DURATION.plus(MARGIN).multipliedBy(3));
            long aLeadsAgain = ra.ledFrom(closing);
            create(11, 11);
            awaitServed(11, 11);
            assertThat(rb.writesBetween(rb.stoppedBefore(System.nanoTime()), Long.MAX_VALUE))
                    .as("replica-b wrote nothing after it closed").isEmpty();
            assertThat(aLeadsAgain - closing).as("no leader for no longer than about the lease duration")
                    .isLessThanOrEqualTo(LEASE_DURATION.plus(MARGIN).toNanos());
            assertThat(ra.writesBetween(aStopped, aLeadsAgain)).as("replica-a wrote nothing while replica-b led")
                    .isEmpty();

            AllocationAudit audit = AllocationAudit.of(client, Set.of(NS));
            assertThat(audit.violations()).as("each request one address of its own").isEmpty();
            assertThat(audit.live()).hasSize(11);
            List<String> all = new ArrayList<>();
            audit.held().values().forEach(all::addAll);
            assertThat(all).as("no address twice").doesNotHaveDuplicates().hasSize(11);
        }
    }
}
