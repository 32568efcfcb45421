package dev.kubelb.examples.micrometer;

import static dev.kubelb.examples.micrometer.MicrometerListener.ALLOCATIONS;
import static dev.kubelb.examples.micrometer.MicrometerListener.ALLOCATION_FAILURES;
import static dev.kubelb.examples.micrometer.MicrometerListener.POOL_ADDRESSES;
import static dev.kubelb.examples.micrometer.MicrometerListener.RECONCILE;
import static dev.kubelb.examples.micrometer.MicrometerListener.RELEASES;
import static dev.kubelb.examples.micrometer.MicrometerListener.TENANT_ADDRESSES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubelb.api.Allocation;
import dev.kubelb.api.AllocationFailure;
import dev.kubelb.api.ConfigurationException;
import dev.kubelb.api.FailureReason;
import dev.kubelb.api.IpAddress;
import dev.kubelb.api.LoadBalancerId;
import dev.kubelb.api.PoolUsage;
import dev.kubelb.api.UsageSnapshot;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MicrometerListenerTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MicrometerListener listener = MicrometerListener.bindTo(registry);

    private static final LoadBalancerId WEB = LoadBalancerId.of("tenant-a", "web");

    static PoolUsage pool(String name, long total, long used, Map<String, Long> byTenant) {
        Map<String, BigInteger> t = new TreeMap<>();
        byTenant.forEach((k, v) -> t.put(k, BigInteger.valueOf(v)));
        return new PoolUsage(name, BigInteger.valueOf(total), BigInteger.valueOf(used),
                BigInteger.valueOf(total - used), t);
    }

    private double gauge(String name, String... tags) {
        return registry.get(name).tags(tags).gauge().value();
    }

    private double counter(String name, String... tags) {
        return registry.get(name).tags(tags).counter().count();
    }

    /** name{k=v,...} of every meter, sorted: asserts the exact set of meters and tags. */
    private List<String> meters() {
        return registry.getMeters().stream().map(Meter::getId)
                .map(id -> id.getName() + id.getTags().stream().map(t -> t.getKey() + "=" + t.getValue()).toList())
                .sorted().toList();
    }

    @Test
    void countersAndTimersAreRegisteredWithExactNamesAndTags() {
        Allocation a = new Allocation(WEB, "extern", List.of(IpAddress.parse("10.0.0.1")), Optional.empty());
        listener.allocated(a);
        listener.allocated(a);
        listener.released(WEB);
        listener.allocationFailed(new AllocationFailure(WEB, FailureReason.POOL_EXHAUSTED, "every pool is full"));
        listener.allocationFailed(new AllocationFailure(WEB, FailureReason.POOL_EXHAUSTED, "every pool is full"));
        listener.allocationFailed(new AllocationFailure(WEB, FailureReason.QUOTA_EXCEEDED, "quota 1 used up"));
        listener.reconciled(WEB, "ok", 2_000_000);
        listener.reconciled(WEB, "ok", 4_000_000);
        listener.reconciled(WEB, "failed", 1_000);

        assertThat(counter(ALLOCATIONS)).isEqualTo(2.0);
        assertThat(counter(RELEASES)).isEqualTo(1.0);
        assertThat(counter(ALLOCATION_FAILURES, "reason", "POOL_EXHAUSTED")).isEqualTo(2.0);
        assertThat(counter(ALLOCATION_FAILURES, "reason", "QUOTA_EXCEEDED")).isEqualTo(1.0);
        assertThat(counter(ALLOCATION_FAILURES, "reason", "NO_POOL")).isEqualTo(0.0);
        Timer ok = registry.get(RECONCILE).tags("outcome", "ok").timer();
        assertThat(ok.count()).isEqualTo(2);
        assertThat(ok.totalTime(TimeUnit.NANOSECONDS)).isEqualTo(6_000_000.0);
        assertThat(ok.max(TimeUnit.NANOSECONDS)).isEqualTo(4_000_000.0);
        assertThat(registry.get(RECONCILE).tags("outcome", "failed").timer().count()).isEqualTo(1);

        assertThat(meters()).containsExactly(
                "kubelb.allocation.failures[reason=ADDRESS_IN_USE]",
                "kubelb.allocation.failures[reason=ADDRESS_NOT_IN_POOL]",
                "kubelb.allocation.failures[reason=FAMILY_UNAVAILABLE]",
                "kubelb.allocation.failures[reason=INCOMPATIBLE_SHARING]",
                "kubelb.allocation.failures[reason=NO_POOL]",
                "kubelb.allocation.failures[reason=POOL_EXHAUSTED]",
                "kubelb.allocation.failures[reason=POOL_NOT_ALLOWED]",
                "kubelb.allocation.failures[reason=QUOTA_EXCEEDED]",
                "kubelb.allocations[]",
                "kubelb.reconcile[outcome=failed]",
                "kubelb.reconcile[outcome=ok]",
                "kubelb.releases[]");
    }

    @Test
    void noGaugeExistsBeforeTheFirstSnapshot() {
        assertThat(registry.find(POOL_ADDRESSES).gauges()).isEmpty();
        assertThat(registry.find(TENANT_ADDRESSES).gauges()).isEmpty();
    }

    private void assertPool(String pool, double used, double free, double total) {
        assertThat(gauge(POOL_ADDRESSES, "pool", pool, "state", "used")).as(pool + " used").isEqualTo(used);
        assertThat(gauge(POOL_ADDRESSES, "pool", pool, "state", "free")).as(pool + " free").isEqualTo(free);
        assertThat(gauge(POOL_ADDRESSES, "pool", pool, "state", "total")).as(pool + " total").isEqualTo(total);
    }

    @Test
    void gaugesFollowTheLatestSnapshotAndARemovedPoolReportsZero() {
        listener.usage(new UsageSnapshot(List.of(pool("extern", 51, 2, Map.of("tenant-a", 1L, "tenant-b", 1L)),
                pool("intern", 10, 1, Map.of("tenant-a", 1L))), Map.of("tenant-a", 2L, "tenant-b", 1L)));

        assertPool("extern", 2, 49, 51);
        assertThat(gauge(POOL_ADDRESSES, "pool", "intern", "state", "used")).isEqualTo(1.0);
        assertThat(gauge(TENANT_ADDRESSES, "tenant", "tenant-a")).isEqualTo(2.0);
        assertThat(gauge(TENANT_ADDRESSES, "tenant", "tenant-b")).isEqualTo(1.0);

        // a later snapshot: extern grows, intern is gone from the configuration, tenant-b holds nothing
        listener.usage(new UsageSnapshot(List.of(pool("extern", 51, 3, Map.of("tenant-a", 3L))),
                Map.of("tenant-a", 3L)));

        assertPool("extern", 3, 48, 51);
        assertPool("intern", 0, 0, 0);
        assertThat(gauge(TENANT_ADDRESSES, "tenant", "tenant-a")).isEqualTo(3.0);
        assertThat(gauge(TENANT_ADDRESSES, "tenant", "tenant-b")).isEqualTo(0.0);
        // registered once each, not once per snapshot
        assertThat(registry.find(POOL_ADDRESSES).gauges()).hasSize(6);
        assertThat(registry.find(TENANT_ADDRESSES).gauges()).hasSize(2);

        // the pool comes back: the same gauges read it again
        listener.usage(new UsageSnapshot(List.of(pool("intern", 20, 5, Map.of())), Map.of()));
        assertThat(gauge(POOL_ADDRESSES, "pool", "intern", "state", "total")).isEqualTo(20.0);
        assertThat(gauge(POOL_ADDRESSES, "pool", "extern", "state", "used")).isEqualTo(0.0);
        assertThat(registry.find(POOL_ADDRESSES).gauges()).hasSize(6);
    }

    @Test
    void aHugeIpv6PoolIsRoundedToTheNearestDoubleNotInfinite() {
        BigInteger slash64 = BigInteger.ONE.shiftLeft(64);
        BigInteger slash0 = BigInteger.ONE.shiftLeft(128);
        listener.usage(new UsageSnapshot(List.of(
                new PoolUsage("v6", slash64, BigInteger.valueOf(3), slash64.subtract(BigInteger.valueOf(3)),
                        Map.of("tenant-a", BigInteger.valueOf(3))),
                new PoolUsage("everything", slash0, BigInteger.ZERO, slash0, Map.of())),
                Map.of("tenant-a", 3L)));

        assertThat(gauge(POOL_ADDRESSES, "pool", "v6", "state", "used")).isEqualTo(3.0);
        assertThat(gauge(POOL_ADDRESSES, "pool", "v6", "state", "total")).isEqualTo(1.8446744073709552E19);
        // 2^64 - 3 is not a double: it rounds to 2^64
        assertThat(gauge(POOL_ADDRESSES, "pool", "v6", "state", "free")).isEqualTo(1.8446744073709552E19);
        assertThat(gauge(POOL_ADDRESSES, "pool", "everything", "state", "total")).isEqualTo(3.4028236692093846E38);
        assertThat(gauge(POOL_ADDRESSES, "pool", "everything", "state", "free")).isFinite();
    }

    @Test
    void gaugeValueIsExactUpTo2To53AndSaturatesBeyondTheDoubleRange() {
        BigInteger exact = BigInteger.ONE.shiftLeft(53);
        assertThat(MicrometerListener.gaugeValue(exact)).isEqualTo(9007199254740992.0);
        assertThat(MicrometerListener.gaugeValue(exact.subtract(BigInteger.ONE))).isEqualTo(9007199254740991.0);
        assertThat(MicrometerListener.gaugeValue(BigInteger.ONE.shiftLeft(1100))).isEqualTo(Double.MAX_VALUE);
        assertThat(MicrometerListener.gaugeValue(BigInteger.ONE.shiftLeft(1100).negate())).isEqualTo(-Double.MAX_VALUE);
        assertThat(MicrometerListener.gaugeValue(BigInteger.valueOf(-2))).isEqualTo(-2.0);
    }

    @Test
    void commonTagsGoOnEveryMeterAndMayNotReuseTheListenersKeys() {
        SimpleMeterRegistry r = new SimpleMeterRegistry();
        MicrometerListener l = MicrometerListener.bindTo(r, Tags.of("engine", "east"));
        l.allocated(new Allocation(WEB, "extern", List.of(IpAddress.parse("10.0.0.1")), Optional.empty()));
        l.reconciled(WEB, "ok", 1);
        l.usage(new UsageSnapshot(List.of(pool("extern", 4, 1, Map.of("tenant-a", 1L))), Map.of("tenant-a", 1L)));

        assertThat(r.getMeters()).hasSize(8 + 1 + 1 + 1 + 3 + 1)
                .allSatisfy(m -> assertThat(m.getId().getTags()).contains(Tag.of("engine", "east")));
        assertThat(r.get(POOL_ADDRESSES).tags("engine", "east", "pool", "extern", "state", "used").gauge().value())
                .isEqualTo(1.0);
        assertThat(l.commonTags()).containsExactly(Tag.of("engine", "east"));

        assertThatThrownBy(() -> MicrometerListener.bindTo(r, Tags.of("pool", "x", "tenant", "y")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("commonTags: tag keys [pool, tenant] are set by the listener itself and "
                        + "cannot be common tags");
    }

    @Test
    void twoListenersWithDistinctCommonTagsShareARegistry() {
        SimpleMeterRegistry r = new SimpleMeterRegistry();
        MicrometerListener east = MicrometerListener.bindTo(r, Tags.of("engine", "east"));
        MicrometerListener west = MicrometerListener.bindTo(r, Tags.of("engine", "west"));
        east.usage(new UsageSnapshot(List.of(pool("extern", 4, 1, Map.of())), Map.of()));
        west.usage(new UsageSnapshot(List.of(pool("extern", 4, 3, Map.of())), Map.of()));
        east.released(WEB);

        assertThat(r.get(POOL_ADDRESSES).tags("engine", "east", "state", "used").gauge().value()).isEqualTo(1.0);
        assertThat(r.get(POOL_ADDRESSES).tags("engine", "west", "state", "used").gauge().value()).isEqualTo(3.0);
        assertThat(r.get(RELEASES).tags("engine", "east").counter().count()).isEqualTo(1.0);
        assertThat(r.get(RELEASES).tags("engine", "west").counter().count()).isEqualTo(0.0);
    }

    @Test
    void concurrentCallsFromSeveralThreadsCountExactly() throws Exception {
        int threads = 8;
        int perThread = 5_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<?>> done = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    go.await();
                    LoadBalancerId id = LoadBalancerId.of("tenant-" + thread, "svc");
                    Allocation a = new Allocation(id, "extern", List.of(IpAddress.ipv4(thread)), Optional.empty());
                    for (int i = 0; i < perThread; i++) {
                        listener.allocated(a);
                        listener.released(id);
                        listener.allocationFailed(new AllocationFailure(id,
                                i % 2 == 0 ? FailureReason.POOL_EXHAUSTED : FailureReason.NO_POOL, "full"));
                        listener.reconciled(id, i % 3 == 0 ? "ok" : "error", 1);
                        // every thread brings its own pool and tenant: each registered exactly once
                        listener.usage(new UsageSnapshot(List.of(pool("p" + thread, 100, i % 100, Map.of())),
                                Map.of("tenant-" + thread, (long) (i % 100))));
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        long total = (long) threads * perThread;
        assertThat(counter(ALLOCATIONS)).isEqualTo(total);
        assertThat(counter(RELEASES)).isEqualTo(total);
        assertThat(counter(ALLOCATION_FAILURES, "reason", "POOL_EXHAUSTED")).isEqualTo(threads * 2_500.0);
        assertThat(counter(ALLOCATION_FAILURES, "reason", "NO_POOL")).isEqualTo(threads * 2_500.0);
        assertThat(registry.get(RECONCILE).tags("outcome", "ok").timer().count()).isEqualTo(threads * 1_667L);
        assertThat(registry.get(RECONCILE).tags("outcome", "error").timer().count()).isEqualTo(threads * 3_333L);
        assertThat(registry.find(POOL_ADDRESSES).gauges()).hasSize(threads * 3);
        assertThat(registry.find(TENANT_ADDRESSES).gauges()).hasSize(threads);
        assertThat(registry.find(RECONCILE).timers()).hasSize(2);
    }
}
