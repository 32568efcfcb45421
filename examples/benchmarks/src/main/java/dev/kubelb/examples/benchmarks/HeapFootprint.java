package dev.kubelb.examples.benchmarks;

import dev.kubelb.api.AddressRange;
import dev.kubelb.api.IpAddress;
import dev.kubelb.api.LoadBalancerId;
import dev.kubelb.api.LoadBalancerRequest;
import dev.kubelb.core.PoolAllocator;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.util.Locale;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures the heap an allocator retains per allocation: used heap after full GCs, before and after
 * making the allocations (each request is built, allocated and dropped, so only what the allocator
 * keeps is counted: its index entries, its per-allocation record, and the request id it keys on).
 *
 * <p>Run one scenario per JVM, so that no earlier scenario disturbs the baseline: {@code java -Xmx3g
 * -XX:+UseSerialGC -cp examples/benchmarks/target/benchmarks.jar
 * dev.kubelb.examples.benchmarks.HeapFootprint v6} (then {@code v4}, then {@code linear}); without
 * arguments all three run in one JVM.
 */
public final class HeapFootprint {
    private static final Logger LOG = LoggerFactory.getLogger(HeapFootprint.class);

    private HeapFootprint() {
    }

    /**
     * @param args scenarios to run: {@code v6}, {@code v4}, {@code linear}; none = all
     */
    public static void main(String[] args) {
        java.util.List<String> run = args.length == 0 ? java.util.List.of("v6", "v4", "linear")
                : java.util.List.of(args);
        if (run.contains("v6")) {
            measurePool("IPv6 /64, 1,000,000 allocations", Requests.V6_POOL, 1_000_000, Requests::v6);
        }
        if (run.contains("v4")) {
            measurePool("IPv4 /16, all 65,534 host addresses", Requests.V4_POOL, 65_534, Requests::v4);
        }
        if (run.contains("linear")) {
            measureLinear("linear-scan allocator, IPv6 /64, 1,000,000 allocations", 1_000_000);
        }
    }

    private static void measurePool(String what, String range, int n, IntFunction<LoadBalancerRequest> request) {
        long before = usedAfterGc();
        PoolAllocator a = Requests.allocator(range);
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            a.allocate(request.apply(i)).orElseThrow();
        }
        long t1 = System.nanoTime();
        long after = usedAfterGc();
        Reference.reachabilityFence(a);
        report(what, n, after - before, t1 - t0);
    }

    private static void measureLinear(String what, int n) {
        long before = usedAfterGc();
        AddressRange range = AddressRange.parse(Requests.V6_POOL);
        LinearScanAllocator a = new LinearScanAllocator(range);
        IpAddress ip = range.first();
        for (int i = 0; i < n; i++) {
            a.preload(LoadBalancerId.of("bench", "lb-" + i), ip);
            ip = ip.nextOrNull();
        }
        long after = usedAfterGc();
        Reference.reachabilityFence(a);
        report(what, n, after - before, -1);
    }

    private static void report(String what, int n, long bytes, long nanos) {
        String rate = nanos < 0 ? "" : String.format(Locale.ROOT, "; %,.0f allocations/s including building each"
                + " request", n / (nanos / 1e9));
        LOG.info(String.format(Locale.ROOT, "%s: %,d bytes retained = %.1f bytes per allocation%s", what, bytes,
                (double) bytes / n, rate));
    }

    private static long usedAfterGc() {
        var memory = ManagementFactory.getMemoryMXBean();
        long last = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            System.gc();
            long used = memory.getHeapMemoryUsage().getUsed();
            if (used >= last) {
                return used;
            }
            last = used;
        }
        return last;
    }
}
