package dev.kubelb.core.alloc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelb.api.AllocationResult;
import dev.kubelb.api.IpAddress;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Many threads on one allocator at once: the invariants hold and no address is handed out twice. */
class ConcurrencyTest {

    @Test
    void eightThreadsOfRandomOperations() throws Exception {
        PoolAllocator a = OpScript.newAllocator();
        int threads = 8;
        List<OpScript> scripts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            scripts.add(new OpScript("c" + t + "-"));
        }
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                OpScript s = scripts.get(t);
                long seed = 1000 + t;
                done.add(pool.submit(() -> {
                    Random r = new Random(seed);
                    start.await();
                    for (int i = 0; i < 3000; i++) {
                        s.apply(a, r.nextLong(), false);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        Map<LoadBalancerId, LoadBalancerRequest> requests = new HashMap<>();
        Set<LoadBalancerId> reserved = new HashSet<>();
        for (OpScript s : scripts) {
            requests.putAll(s.requests);
            reserved.addAll(s.reserved);
            s.expected.forEach((id, alloc) -> assertThat(a.lookup(id)).isEqualTo(alloc));
        }
        Invariants.check(a, OpScript.POOLS, requests, reserved);
    }

    @Test
    void exclusiveAddressesAreNeverHandedOutTwiceUnderContention() throws Exception {
        PoolAllocator a = Fx.allocator(Fx.pool("p", "10.0.0.0/26"));
        int threads = 6;
        Map<IpAddress, LoadBalancerId> owner = new ConcurrentHashMap<>();
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    Random r = new Random(thread);
                    start.await();
                    for (int i = 0; i < 5000; i++) {
                        LoadBalancerId id = LoadBalancerId.of("t" + thread, "lb" + r.nextInt(20));
                        if (r.nextBoolean()) {
                            AllocationResult res = a.allocate(Fx.req(id.tenant(), id.name()));
                            if (res instanceof AllocationResult.Allocated ok) {
                                IpAddress ip = ok.value().addresses().get(0);
                                LoadBalancerId prev = owner.putIfAbsent(ip, id);
                                assertThat(prev == null || prev.equals(id)).as("%s given to %s and %s", ip, prev, id)
                                        .isTrue();
                            }
                        } else {
                            // forget the ownership before releasing, so another thread may take it after
                            a.lookup(id).ifPresent(x -> owner.remove(x.addresses().get(0), id));
                            a.release(id);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(a.allocations()).hasSize(owner.size());
        assertThat(a.snapshot().pool("p").orElseThrow().used().intValue()).isEqualTo(owner.size());
    }
}
