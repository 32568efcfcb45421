package dev.kubelb.core.alloc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelb.api.Allocation;
import dev.kubelb.api.AllocationResult;
import dev.kubelb.api.IpAddress;
import dev.kubelb.api.LoadBalancerId;
import dev.kubelb.core.PoolAllocator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Property-based tests over random operation sequences: no address has two incompatible owners, every
 * allocated address lies in an admitting pool, the snapshot counts equal the allocations held, a failing
 * call changes nothing, and release + allocate never returns an address that is still owned.
 */
class AllocatorPropertiesTest {

    @Provide
    Arbitrary<List<Long>> ops() {
        return Arbitraries.longs().list().ofMinSize(1).ofMaxSize(80);
    }

    @Provide
    Arbitrary<List<List<Long>>> threadOps() {
        return Arbitraries.longs().list().ofMinSize(20).ofMaxSize(150).list().ofSize(4);
    }

    @Property(tries = 300)
    void invariantsHoldAfterEveryOperation(@ForAll("ops") List<Long> ops) {
        PoolAllocator a = OpScript.newAllocator();
        OpScript script = new OpScript("");
        for (long op : ops) {
            script.apply(a, op, true);
            script.checkState(a);
        }
    }

    @Property(tries = 100)
    void sameOperationsGiveTheSameAllocations(@ForAll("ops") List<Long> ops) {
        PoolAllocator a = OpScript.newAllocator();
        PoolAllocator b = OpScript.newAllocator();
        OpScript sa = new OpScript("");
        OpScript sb = new OpScript("");
        for (long op : ops) {
            sa.apply(a, op, false);
            sb.apply(b, op, false);
        }
        assertThat(a.allocations()).isEqualTo(b.allocations());
        assertThat(a.snapshot()).isEqualTo(b.snapshot());
    }

    @Property(tries = 200)
    void releaseThenAllocateNeverReturnsAnAddressStillOwned(@ForAll("ops") List<Long> ops) {
        PoolAllocator a = OpScript.newAllocator();
        OpScript script = new OpScript("");
        for (long op : ops) {
            script.apply(a, op, false);
        }
        List<Allocation> held = a.allocations();
        if (held.isEmpty()) {
            return;
        }
        Allocation victim = held.get(Math.floorMod(ops.hashCode(), held.size()));
        a.release(victim.id());
        Set<IpAddress> ownedByOthers = new HashSet<>();
        a.allocations().forEach(x -> ownedByOthers.addAll(x.addresses()));
        // a fresh request without a sharing key can never get an address someone holds
        for (int i = 0; i < 4; i++) {
            AllocationResult r = a.allocate(Fx.req(victim.id().tenant(), "fresh" + i));
            if (r instanceof AllocationResult.Allocated ok) {
                assertThat(ok.value().addresses()).noneMatch(ownedByOthers::contains);
                ownedByOthers.addAll(ok.value().addresses());
            }
        }
    }

    @Property(tries = 40)
    void concurrentCallersKeepTheInvariants(@ForAll("threadOps") List<List<Long>> perThread) throws Exception {
        PoolAllocator a = OpScript.newAllocator();
        int n = perThread.size();
        List<OpScript> scripts = new ArrayList<>();
        for (int t = 0; t < n; t++) {
            scripts.add(new OpScript("w" + t + "-"));
        }
        CyclicBarrier start = new CyclicBarrier(n);
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < n; t++) {
                OpScript s = scripts.get(t);
                List<Long> ops = perThread.get(t);
                done.add(pool.submit(() -> {
                    start.await();
                    for (long op : ops) {
                        s.apply(a, op, false);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        Map<LoadBalancerId, dev.kubelb.api.LoadBalancerRequest> requests = new HashMap<>();
        Set<LoadBalancerId> reserved = new HashSet<>();
        for (OpScript s : scripts) {
            requests.putAll(s.requests);
            reserved.addAll(s.reserved);
            for (var e : s.expected.entrySet()) {
                assertThat(a.lookup(e.getKey())).isEqualTo(e.getValue());
            }
        }
        Invariants.check(a, OpScript.POOLS, requests, reserved);
    }
}
