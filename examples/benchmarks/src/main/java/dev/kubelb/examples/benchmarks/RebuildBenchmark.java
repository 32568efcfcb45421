package dev.kubelb.examples.benchmarks;

import dev.kubelb.api.AddressPool;
import dev.kubelb.api.Allocation;
import dev.kubelb.api.IpAddress;
import dev.kubelb.api.LoadBalancerRequest;
import dev.kubelb.core.PoolAllocator;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.TreeSet;
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
 * Rebuild on start: a fresh allocator re-registers 100,000 existing allocations read back from the
 * cluster ({@code reserve}), in random order, then makes one new allocation. {@code contiguous}: the
 * addresses are the first 100,000 of a {@code /12}; {@code scattered}: 100,000 random addresses of the
 * {@code /12} (about one run per allocation, the worst case for the run structure). The score is the time
 * of a whole rebuild.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class RebuildBenchmark {
    private static final int COUNT = 100_000;
    private static final String RANGE = "10.0.0.0/12";

    /** How the existing addresses lie in the pool. */
    @Param({"contiguous", "scattered"})
    public String layout;

    private LoadBalancerRequest[] requests;
    private Allocation[] existing;

    /** Builds the existing allocations once. */
    @Setup(Level.Trial)
    public void existing() {
        Random random = new Random(42);
        IpAddress base = IpAddress.parse("10.0.0.0");
        List<Long> offsets = new ArrayList<>();
        if (layout.equals("contiguous")) {
            for (long i = 0; i < COUNT; i++) {
                offsets.add(i);
            }
        } else {
            TreeSet<Long> set = new TreeSet<>();
            while (set.size() < COUNT) {
                set.add((long) random.nextInt(1 << 20));
            }
            offsets.addAll(set);
        }
        Collections.shuffle(offsets, random);
        requests = new LoadBalancerRequest[COUNT];
        existing = new Allocation[COUNT];
        for (int i = 0; i < COUNT; i++) {
            requests[i] = Requests.v4(i);
            existing[i] = new Allocation(requests[i].id(), "bench", List.of(base.plus(offsets.get(i))),
                    Optional.empty());
        }
    }

    /**
     * @return the rebuilt allocator
     */
    @Benchmark
    public Object rebuild100k() {
        PoolAllocator a = PoolAllocator.builder()
                .pool(AddressPool.builder("bench").addresses(RANGE).build()).build();
        for (int i = 0; i < COUNT; i++) {
            a.reserve(requests[i], existing[i]).orElseThrow();
        }
        a.allocate(Requests.v4(-1)).orElseThrow();
        return a;
    }
}
