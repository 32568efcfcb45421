package dev.kubelb.examples.benchmarks;

import dev.kubelb.api.AddressRange;
import dev.kubelb.api.AllocationResult;
import dev.kubelb.api.IpAddress;
import dev.kubelb.api.LoadBalancerId;
import dev.kubelb.api.LoadBalancerRequest;
import dev.kubelb.core.PoolAllocator;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Cost of one allocation (with its release, which keeps the fill level constant) in an IPv6 {@code /64}
 * pool that already holds {@code filled} allocations, for the pool allocator and the linear-scan one.
 * Both are filled from the start of the pool, so the lowest free address is the {@code filled}-th.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g"})
public class AllocatorBenchmark {

    /** Allocations held before the measured one. */
    @Param({"0", "10000", "100000", "1000000"})
    public int filled;

    /** {@code pool} (kubelb's PoolAllocator) or {@code linear} (first free by scanning). */
    @Param({"pool", "linear"})
    public String impl;

    private PoolAllocator pool;
    private LinearScanAllocator linear;
    private LoadBalancerRequest probe;
    private LoadBalancerId probeId;

    /** Fills the allocator under test. */
    @Setup(Level.Trial)
    public void fill() {
        probe = Requests.v6("probe");
        probeId = probe.id();
        if (impl.equals("pool")) {
            pool = Requests.allocator(Requests.V6_POOL);
            for (int i = 0; i < filled; i++) {
                pool.allocate(Requests.v6(i)).orElseThrow();
            }
        } else {
            AddressRange range = AddressRange.parse(Requests.V6_POOL);
            linear = new LinearScanAllocator(range);
            IpAddress a = range.first();
            for (int i = 0; i < filled; i++) {
                linear.preload(LoadBalancerId.of("bench", "lb-" + i), a);
                a = a.nextOrNull();
            }
        }
    }

    /**
     * @return the address allocated (then released)
     */
    @Benchmark
    public Object allocateAndRelease() {
        if (pool != null) {
            AllocationResult r = pool.allocate(probe);
            pool.release(probeId);
            return r;
        }
        Optional<IpAddress> a = linear.allocate(probeId);
        linear.release(probeId);
        return a;
    }
}
