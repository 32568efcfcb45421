package dev.kubelb.core.alloc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelb.api.LoadBalancerId;
import dev.kubelb.api.LoadBalancerRequest;
import dev.kubelb.core.PoolAllocator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The multi-thread property suite's operations ({@link OpScript}: the corner-case pool set, scoped and
 * manual pools, dual-stack, sharing, reserve, quota) run in lock-step rounds: in each round every thread
 * applies one random operation at the same time (a barrier releases them together), then, with the threads
 * parked, the invariants are checked on the allocator's whole state ({@link Invariants}: no address with two
 * incompatible owners, every address in an admitting pool, snapshot counts equal the allocations held, each
 * thread's lookups equal what its own calls returned, the tenant quota). So the invariants are checked after
 * every step of a concurrent run.
 *
 * <p>Small by default (20,000 operations); the soak run of the README:
 * {@code mvn -B -pl kubelb-core -am test -Dtest=AllocatorSoakTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dkubelb.soak.ops=1000000}.
 */
class AllocatorSoakTest {
    private static final Logger LOG = LoggerFactory.getLogger(AllocatorSoakTest.class);
    private static final int THREADS = 4;

    @Test
    void invariantsHoldAfterEveryConcurrentStep() throws Exception {
        long ops = Long.getLong("kubelb.soak.ops", 20_000L);
        long seed = Long.getLong("kubelb.soak.seed", 20261128L);
        PoolAllocator a = OpScript.newAllocator();
        List<OpScript> scripts = new ArrayList<>();
        List<Random> randoms = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            scripts.add(new OpScript("w" + t + "-"));
            randoms.add(new Random(seed * 31 + t));
        }
        long rounds = (ops + THREADS - 1) / THREADS;
        CyclicBarrier go = new CyclicBarrier(THREADS + 1);
        CyclicBarrier done = new CyclicBarrier(THREADS + 1);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        long t0 = System.nanoTime();
        long checks = 0;
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                OpScript s = scripts.get(t);
                Random r = randoms.get(t);
                workers.add(pool.submit(() -> {
                    for (long i = 0; i < rounds; i++) {
                        go.await(60, TimeUnit.SECONDS);
                        try {
                            s.apply(a, r.nextLong(), false);
                        } finally {
                            done.await(60, TimeUnit.SECONDS);
                        }
                    }
                    return null;
                }));
            }
            for (long i = 0; i < rounds; i++) {
                go.await(60, TimeUnit.SECONDS);
                done.await(60, TimeUnit.SECONDS);
                check(a, scripts);
                checks++;
            }
            for (Future<?> f : workers) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        LOG.info("allocator soak: {} operations on {} threads, invariants checked {} times, {} allocations held at "
                + "the end, {} ms", rounds * THREADS, THREADS, checks, a.allocations().size(), ms);
        assertThat(checks).isEqualTo(rounds);
    }

    private static void check(PoolAllocator a, List<OpScript> scripts) {
        Map<LoadBalancerId, LoadBalancerRequest> requests = new HashMap<>();
        Set<LoadBalancerId> reserved = new HashSet<>();
        for (OpScript s : scripts) {
            requests.putAll(s.requests);
            reserved.addAll(s.reserved);
            s.expected.forEach((id, alloc) -> assertThat(a.lookup(id)).as("lookup %s", id).isEqualTo(alloc));
        }
        Invariants.check(a, OpScript.POOLS, requests, reserved);
        if (reserved.stream().noneMatch(id -> id.tenant().equals("t3"))) {
            assertThat(a.snapshot().addressesByTenant().getOrDefault("t3", 0L)).as("t3's quota")
                    .isLessThanOrEqualTo(OpScript.QUOTA_T3);
        }
    }
}
