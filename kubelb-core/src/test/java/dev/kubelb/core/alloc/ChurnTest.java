package dev.kubelb.core.alloc;

import static dev.kubelb.core.alloc.Fx.pool;
import static dev.kubelb.core.alloc.Fx.rb;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelb.api.AddressPool;
import dev.kubelb.api.Allocation;
import dev.kubelb.api.IpAddress;
import dev.kubelb.api.IpFamily;
import dev.kubelb.api.LoadBalancerId;
import dev.kubelb.api.LoadBalancerRequest;
import dev.kubelb.core.PoolAllocator;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Many allocations and random releases: lowest-free always fills the holes, so after any churn the held
 * addresses are exactly the first N of the pool, each once (exercises the index growth and deletion
 * and the run splitting and merging).
 */
class ChurnTest {

    private static void churn(PoolAllocator a, IpFamily family, String first, int n, boolean avoidBuggy) {
        Random random = new Random(7);
        List<LoadBalancerId> live = new ArrayList<>();
        int next = 0;
        for (; next < n; next++) {
            live.add(alloc(a, family, next));
        }
        for (int round = 0; round < 3; round++) {
            Collections.shuffle(live, random);
            List<LoadBalancerId> gone = new ArrayList<>(live.subList(0, n / 2));
            live.subList(0, n / 2).clear();
            gone.forEach(id -> assertThat(a.release(id)).isTrue());
            for (int i = 0; i < n / 2; i++) {
                live.add(alloc(a, family, next++));
            }
            List<Allocation> all = a.allocations();
            assertThat(all).hasSize(n);
            TreeSet<IpAddress> held = new TreeSet<>();
            all.forEach(x -> held.addAll(x.addresses()));
            assertThat(held).hasSize(n);
            // exactly the first n offered addresses
            IpAddress expect = IpAddress.parse(first);
            for (IpAddress got : held) {
                while (avoidBuggy && expect.isBuggyIpv4()) {
                    expect = expect.nextOrNull();
                }
                assertThat(got).isEqualTo(expect);
                expect = expect.nextOrNull();
            }
            assertThat(a.snapshot().pools().get(0).used()).isEqualTo(BigInteger.valueOf(n));
            for (LoadBalancerId id : live.subList(0, 100)) {
                assertThat(a.lookup(id)).isPresent();
            }
            for (LoadBalancerId id : gone.subList(0, 100)) {
                assertThat(a.lookup(id)).isEmpty();
            }
        }
    }

    private static LoadBalancerId alloc(PoolAllocator a, IpFamily family, int i) {
        LoadBalancerRequest r = rb("t" + (i % 7), "lb" + i).ipFamilies(family).build();
        a.allocate(r).orElseThrow();
        return r.id();
    }

    @Test
    void ipv4WithAvoidBuggyIps() {
        churn(PoolAllocator.builder().pool(AddressPool.builder("p").addresses("10.0.0.0/16").avoidBuggyIps(true)
                .build()).build(), IpFamily.IPV4, "10.0.0.0", 20_000, true);
    }

    @Test
    void ipv6AcrossThe64BitHalves() {
        churn(Fx.allocator(pool("p", "fd00::ffff:ffff:ffff:f000-fd00:0:0:1::ffff")), IpFamily.IPV6,
                "fd00::ffff:ffff:ffff:f000", 20_000, false);
    }
}
