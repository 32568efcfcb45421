package dev.kubelb.core.alloc;

import static dev.kubelb.core.alloc.Fx.addrs;
import static dev.kubelb.core.alloc.Fx.allocator;
import static dev.kubelb.core.alloc.Fx.failure;
import static dev.kubelb.core.alloc.Fx.pool;
import static dev.kubelb.core.alloc.Fx.rb;
import static dev.kubelb.core.alloc.Fx.req;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelb.api.AddressPool;
import dev.kubelb.api.FailureReason;
import dev.kubelb.api.IpFamily;
import dev.kubelb.api.LoadBalancerId;
import dev.kubelb.core.PoolAllocator;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AddressChoiceTest {

    private static List<String> fill(PoolAllocator a, String tenant, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(addrs(a.allocate(req(tenant, "lb" + i))));
        }
        return out;
    }

    @Test
    void seedScenarioGivesAddressesInOrderAndThenExhausts() {
        PoolAllocator a = allocator(AddressPool.builder("extern").addresses("10.10.255.200-10.10.255.250")
                .avoidBuggyIps(true).build());
        List<String> got = fill(a, "acme", 51);
        assertThat(got.get(0)).isEqualTo("10.10.255.200");
        assertThat(got.get(50)).isEqualTo("10.10.255.250");
        assertThat(got).doesNotHaveDuplicates();
        var f = failure(a.allocate(req("acme", "one-more")), FailureReason.POOL_EXHAUSTED);
        assertThat(f.message()).isEqualTo("pool extern has no free IPv4 address (51 of 51 in use)");
    }

    @Test
    void lowestFreeAddressIsReusedAfterRelease() {
        PoolAllocator a = allocator(pool("p", "10.0.0.0/29"));
        fill(a, "t", 5);
        assertThat(a.release(LoadBalancerId.of("t", "lb1"))).isTrue();
        assertThat(a.release(LoadBalancerId.of("t", "lb3"))).isTrue();
        assertThat(a.release(LoadBalancerId.of("t", "lb3"))).isFalse();
        assertThat(addrs(a.allocate(req("t", "n1")))).isEqualTo("10.0.0.1");
        assertThat(addrs(a.allocate(req("t", "n2")))).isEqualTo("10.0.0.3");
        assertThat(addrs(a.allocate(req("t", "n3")))).isEqualTo("10.0.0.5");
    }

    @Test
    void rangesAreWalkedInDeclaredOrderNotNumericOrder() {
        PoolAllocator a = allocator(pool("p", "10.0.0.8/31", "10.0.0.0/31"));
        assertThat(fill(a, "t", 4)).containsExactly("10.0.0.8", "10.0.0.9", "10.0.0.0", "10.0.0.1");
    }

    @Test
    void slash32AndSlash128PoolsHoldOneAddress() {
        PoolAllocator a = allocator(pool("v4", "192.0.2.7/32"), pool("v6", "2001:db8::7/128"));
        assertThat(addrs(a.allocate(rb("t", "a").pool("v4").build()))).isEqualTo("192.0.2.7");
        failure(a.allocate(rb("t", "b").pool("v4").build()), FailureReason.POOL_EXHAUSTED);
        assertThat(addrs(a.allocate(rb("t", "c").pool("v6").ipFamilies(IpFamily.IPV6).build())))
                .isEqualTo("2001:db8::7");
        var f = failure(a.allocate(rb("t", "d").pool("v6").ipFamilies(IpFamily.IPV6).build()),
                FailureReason.POOL_EXHAUSTED);
        assertThat(f.message()).isEqualTo("pool v6 has no free IPv6 address (1 of 1 in use)");
    }

    @Test
    void slash31GivesBothItsAddresses() {
        PoolAllocator a = allocator(pool("p", "10.1.1.0/31"));
        assertThat(fill(a, "t", 2)).containsExactly("10.1.1.0", "10.1.1.1");
        failure(a.allocate(req("t", "x")), FailureReason.POOL_EXHAUSTED);
    }

    @Test
    void slash31WithAvoidBuggyIpsLosesItsDotZero() {
        PoolAllocator a = allocator(AddressPool.builder("p").addresses("10.1.1.0/31").avoidBuggyIps(true).build());
        assertThat(fill(a, "t", 1)).containsExactly("10.1.1.1");
        failure(a.allocate(req("t", "x")), FailureReason.POOL_EXHAUSTED);
        assertThat(a.snapshot().pool("p").orElseThrow().total()).isEqualTo(BigInteger.ONE);
    }

    @Test
    void avoidBuggyIpsSkipsDot255AndDot0AcrossTheBoundary() {
        PoolAllocator a = allocator(AddressPool.builder("p").addresses("10.0.0.253-10.0.2.1").avoidBuggyIps(true)
                .build());
        List<String> got = fill(a, "t", 257);
        assertThat(got.subList(0, 3)).containsExactly("10.0.0.253", "10.0.0.254", "10.0.1.1");
        assertThat(got).noneMatch(s -> s.endsWith(".0") || s.endsWith(".255"));
        assertThat(got.get(255)).isEqualTo("10.0.1.254");
        assertThat(got.get(256)).isEqualTo("10.0.2.1");
        assertThat(a.snapshot().pool("p").orElseThrow().total()).isEqualTo(BigInteger.valueOf(257));
        failure(a.allocate(req("t", "x")), FailureReason.POOL_EXHAUSTED);
        // release one in the middle and one next to the skipped boundary: both come back, lowest first
        a.release(LoadBalancerId.of("t", "lb2")); // 10.0.1.1
        a.release(LoadBalancerId.of("t", "lb1")); // 10.0.0.254
        assertThat(fill(a, "u", 2)).containsExactly("10.0.0.254", "10.0.1.1");
    }

    @Test
    void withoutAvoidBuggyIpsDot0AndDot255AreHandedOut() {
        PoolAllocator a = allocator(pool("p", "10.0.0.254-10.0.1.1"));
        assertThat(fill(a, "t", 4)).containsExactly("10.0.0.254", "10.0.0.255", "10.0.1.0", "10.0.1.1");
    }

    @Test
    void ipv6RangeCrossingThe64BitHalves() {
        PoolAllocator a = allocator(pool("p", "fd00::ffff:ffff:ffff:fffe-fd00:0:0:1::1"));
        var r = rb("t", "x").ipFamilies(IpFamily.IPV6);
        List<String> got = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            got.add(addrs(a.allocate(rb("t", "x" + i).ipFamilies(IpFamily.IPV6).build())));
        }
        assertThat(got).containsExactly("fd00::ffff:ffff:ffff:fffe", "fd00::ffff:ffff:ffff:ffff", "fd00:0:0:1::",
                "fd00:0:0:1::1");
        failure(a.allocate(r.build()), FailureReason.POOL_EXHAUSTED);
        a.release(LoadBalancerId.of("t", "x1"));
        a.release(LoadBalancerId.of("t", "x2"));
        assertThat(addrs(a.allocate(rb("t", "y").ipFamilies(IpFamily.IPV6).build())))
                .isEqualTo("fd00::ffff:ffff:ffff:ffff");
        assertThat(addrs(a.allocate(rb("t", "z").ipFamilies(IpFamily.IPV6).build()))).isEqualTo("fd00:0:0:1::");
    }

    @Test
    void hugeIpv6PoolCountsExactly() {
        PoolAllocator a = allocator(pool("p", "fd00::/48"));
        for (int i = 0; i < 3; i++) {
            a.allocate(rb("t", "x" + i).ipFamilies(IpFamily.IPV6).build()).orElseThrow();
        }
        var u = a.snapshot().pool("p").orElseThrow();
        assertThat(u.total()).isEqualTo(BigInteger.TWO.pow(80));
        assertThat(u.used()).isEqualTo(BigInteger.valueOf(3));
        assertThat(u.free()).isEqualTo(BigInteger.TWO.pow(80).subtract(BigInteger.valueOf(3)));
    }

    @Test
    void lastAddressOfTheIpv6SpaceIsUsable() {
        PoolAllocator a = allocator(pool("p", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe/127"));
        assertThat(addrs(a.allocate(rb("t", "a").ipFamilies(IpFamily.IPV6).build())))
                .isEqualTo("ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe");
        assertThat(addrs(a.allocate(rb("t", "b").ipFamilies(IpFamily.IPV6).build())))
                .isEqualTo("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
        failure(a.allocate(rb("t", "c").ipFamilies(IpFamily.IPV6).build()), FailureReason.POOL_EXHAUSTED);
    }

    @Test
    void allocateIsIdempotent() {
        PoolAllocator a = allocator(pool("p", "10.0.0.0/29"));
        var first = a.allocate(req("t", "x")).orElseThrow();
        a.allocate(req("t", "y")).orElseThrow();
        assertThat(a.allocate(req("t", "x")).orElseThrow()).isEqualTo(first);
        assertThat(a.allocations()).hasSize(2);
        assertThat(a.lookup(LoadBalancerId.of("t", "x"))).contains(first);
    }

    @Test
    void allocationsAreSortedById() {
        PoolAllocator a = allocator(pool("p", "10.0.0.0/29"));
        a.allocate(req("zz", "b")).orElseThrow();
        a.allocate(req("aa", "c")).orElseThrow();
        a.allocate(req("aa", "a")).orElseThrow();
        assertThat(a.allocations()).extracting(x -> x.id().toString()).containsExactly("aa/a", "aa/c", "zz/b");
    }

    @Test
    void changedRequestThatNoLongerFitsIsReallocatedAndFailureKeepsTheOld() {
        PoolAllocator a = allocator(pool("p", "10.0.0.0/30"), pool("q", "10.0.1.0/30"));
        assertThat(addrs(a.allocate(req("t", "x")))).isEqualTo("10.0.0.0");
        // now it names pool q: moves there, and 10.0.0.0 is free again
        assertThat(addrs(a.allocate(rb("t", "x").pool("q").build()))).isEqualTo("10.0.1.0");
        assertThat(addrs(a.allocate(req("t", "y")))).isEqualTo("10.0.0.0");
        // a change that cannot be served keeps the current allocation
        failure(a.allocate(rb("t", "x").pool("nope").build()), FailureReason.NO_POOL);
        assertThat(addrs(a.lookup(LoadBalancerId.of("t", "x")).map(dev.kubelb.api.AllocationResult.Allocated::new)
                .orElseThrow())).isEqualTo("10.0.1.0");
        assertThat(a.snapshot().pool("q").orElseThrow().used()).isEqualTo(BigInteger.ONE);
    }
}
