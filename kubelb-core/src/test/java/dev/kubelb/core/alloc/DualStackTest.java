package dev.kubelb.core.alloc;

import static dev.kubelb.core.alloc.Fx.addrs;
import static dev.kubelb.core.alloc.Fx.allocator;
import static dev.kubelb.core.alloc.Fx.failure;
import static dev.kubelb.core.alloc.Fx.pool;
import static dev.kubelb.core.alloc.Fx.rb;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelb.api.FailureReason;
import dev.kubelb.api.IpFamily;
import dev.kubelb.api.IpFamilyPolicy;
import dev.kubelb.core.PoolAllocator;
import org.junit.jupiter.api.Test;

class DualStackTest {

    @Test
    void requireDualStackTakesBothFamiliesFromOnePool() {
        PoolAllocator a = allocator(pool("a-v4", "10.0.0.0/30"), pool("b-dual", "10.0.1.0/30", "fd00::/126"));
        var r = a.allocate(rb("t", "x").ipFamilyPolicy(IpFamilyPolicy.REQUIRE_DUAL_STACK).build());
        assertThat(addrs(r)).isEqualTo("10.0.1.0,fd00::");
        assertThat(Fx.pool(r)).isEqualTo("b-dual");
    }

    @Test
    void requireDualStackFailsWithoutAPoolHoldingBothFamilies() {
        PoolAllocator a = allocator(pool("v4", "10.0.0.0/30"), pool("v6", "fd00::/126"));
        var f = failure(a.allocate(rb("t", "x").ipFamilyPolicy(IpFamilyPolicy.REQUIRE_DUAL_STACK).build()),
                FailureReason.FAMILY_UNAVAILABLE);
        assertThat(f.message()).isEqualTo("no pool that admits t/x can serve it: pool v4 has no IPv6 range "
                + "(RequireDualStack needs IPv4 and IPv6 from one pool); pool v6 has no IPv4 range (RequireDualStack "
                + "needs IPv4 and IPv6 from one pool)");
        assertThat(a.allocations()).isEmpty();
    }

    @Test
    void requireDualStackFailsWhenOneFamilyIsFullAndTakesNothing() {
        PoolAllocator a = allocator(pool("d", "10.0.0.0/30", "fd00::/128"));
        a.allocate(rb("t", "v6").ipFamilies(IpFamily.IPV6).build()).orElseThrow();
        var f = failure(a.allocate(rb("t", "x").ipFamilyPolicy(IpFamilyPolicy.REQUIRE_DUAL_STACK).build()),
                FailureReason.POOL_EXHAUSTED);
        assertThat(f.message()).isEqualTo("pool d has no free IPv6 address (1 of 1 in use)");
        assertThat(a.snapshot().pool("d").orElseThrow().used().intValue()).isEqualTo(1);
    }

    @Test
    void preferDualStackPrefersAPoolOfferingBothFamilies() {
        // MetalLB allocator.go findBestPoolForService: a pool offering both families first, even after one
        // that sorts first and offers only the primary family
        PoolAllocator a = allocator(pool("a", "10.0.0.0/30"), pool("b", "10.0.1.0/30", "fd00::/126"));
        var r = a.allocate(rb("t", "x").ipFamilyPolicy(IpFamilyPolicy.PREFER_DUAL_STACK).build());
        assertThat(addrs(r)).isEqualTo("10.0.1.0,fd00::");
        var r4 = a.allocate(rb("t", "y").ipFamilyPolicy(IpFamilyPolicy.PREFER_DUAL_STACK).pool("a").build());
        assertThat(addrs(r4)).isEqualTo("10.0.0.0");
    }

    @Test
    void preferDualStackWithOneFamilyFullTakesTheOther() {
        PoolAllocator a = allocator(pool("d", "10.0.0.0/32", "fd00::/126"));
        a.allocate(rb("t", "v4").build()).orElseThrow();
        var r = a.allocate(rb("t", "x").ipFamilyPolicy(IpFamilyPolicy.PREFER_DUAL_STACK).build());
        assertThat(addrs(r)).isEqualTo("fd00::");
    }

    @Test
    void singleStackIpv6SkipsIpv4OnlyPools() {
        PoolAllocator a = allocator(pool("a", "10.0.0.0/30"), pool("b", "fd00::/126"));
        assertThat(Fx.pool(a.allocate(rb("t", "x").ipFamilies(IpFamily.IPV6).build()))).isEqualTo("b");
        var f = failure(a.allocate(rb("t", "y").ipFamilies(IpFamily.IPV6).pool("a").build()),
                FailureReason.FAMILY_UNAVAILABLE);
        assertThat(f.message()).isEqualTo("pool a has no IPv6 range");
    }

    @Test
    void dualStackReleaseFreesBoth() {
        PoolAllocator a = allocator(pool("d", "10.0.0.0/32", "fd00::/128"));
        var req = rb("t", "x").ipFamilyPolicy(IpFamilyPolicy.REQUIRE_DUAL_STACK).build();
        a.allocate(req).orElseThrow();
        a.release(req.id());
        assertThat(addrs(a.allocate(rb("t", "y").ipFamilyPolicy(IpFamilyPolicy.REQUIRE_DUAL_STACK).build())))
                .isEqualTo("10.0.0.0,fd00::");
    }

    @Test
    void switchingFromDualToSingleStackReleasesTheSecondFamily() {
        PoolAllocator a = allocator(pool("d", "10.0.0.0/30", "fd00::/126"));
        a.allocate(rb("t", "x").ipFamilyPolicy(IpFamilyPolicy.REQUIRE_DUAL_STACK).build()).orElseThrow();
        assertThat(addrs(a.allocate(rb("t", "x").build()))).isEqualTo("10.0.0.0");
        assertThat(a.snapshot().pool("d").orElseThrow().used().intValue()).isEqualTo(1);
    }
}
