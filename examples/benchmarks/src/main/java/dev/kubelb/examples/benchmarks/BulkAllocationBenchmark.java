package dev.kubelb.examples.benchmarks;

import dev.kubelb.api.LoadBalancerRequest;
import dev.kubelb.core.PoolAllocator;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Filling a fresh pool allocator, single-threaded: 1,000,000 allocations from an IPv6 {@code /64}, or
 * every one of the 65,534 host addresses of an IPv4 {@code /16}. The requests are built once, before
 * measuring; each iteration starts from an empty allocator. The score is time per allocation
 * (allocations per second = 1e9 / score in ns).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g"})
public class BulkAllocationBenchmark {
    private static final int V6_COUNT = 1_000_000;
    private static final int V4_COUNT = 65_534;

    private LoadBalancerRequest[] v6Requests;
    private LoadBalancerRequest[] v4Requests;
    private PoolAllocator v6Pool;
    private PoolAllocator v4Pool;

    /** Builds the requests once. */
    @Setup(Level.Trial)
    public void requests() {
        v6Requests = new LoadBalancerRequest[V6_COUNT];
        for (int i = 0; i < V6_COUNT; i++) {
            v6Requests[i] = Requests.v6(i);
        }
        v4Requests = new LoadBalancerRequest[V4_COUNT];
        for (int i = 0; i < V4_COUNT; i++) {
            v4Requests[i] = Requests.v4(i);
        }
    }

    /** A fresh, empty allocator for each iteration. */
    @Setup(Level.Iteration)
    public void fresh() {
        v6Pool = null;
        v4Pool = null;
        System.gc();
        v6Pool = Requests.allocator(Requests.V6_POOL);
        v4Pool = Requests.allocator(Requests.V4_POOL);
    }

    /**
     * @return the allocator, filled
     */
    @Benchmark
    @OperationsPerInvocation(V6_COUNT)
    public Object ipv6Slash64OneMillion() {
        for (LoadBalancerRequest r : v6Requests) {
            v6Pool.allocate(r).orElseThrow();
        }
        return v6Pool;
    }

    /**
     * @return the allocator, full
     */
    @Benchmark
    @OperationsPerInvocation(V4_COUNT)
    public Object ipv4Slash16All() {
        for (LoadBalancerRequest r : v4Requests) {
            v4Pool.allocate(r).orElseThrow();
        }
        if (v4Pool.allocate(Requests.v4(-1)).failure().isEmpty()) {
            throw new IllegalStateException("the /16 should be full");
        }
        return v4Pool;
    }
}
