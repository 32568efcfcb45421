package dev.kubelb.core.alloc;

import static dev.kubelb.core.alloc.Fx.addrs;
import static dev.kubelb.core.alloc.Fx.failure;
import static dev.kubelb.core.alloc.Fx.pool;
import static dev.kubelb.core.alloc.Fx.rb;
import static dev.kubelb.core.alloc.Fx.rbp;
import static dev.kubelb.core.alloc.Fx.req;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelb.api.FailureReason;
import dev.kubelb.api.IpFamilyPolicy;
import dev.kubelb.api.LoadBalancerId;
import dev.kubelb.api.PortSpec;
import dev.kubelb.core.PoolAllocator;
import org.junit.jupiter.api.Test;

class QuotaTest {

    private final PoolAllocator a = PoolAllocator.builder()
            .pool(pool("p", "10.0.0.0/24", "fd00::/120"))
            .tenantQuota("small", 2)
            .defaultTenantQuota(1)
            .build();

    @Test
    void tenantQuotaLimitsDistinctAddresses() {
        a.allocate(req("small", "a")).orElseThrow();
        a.allocate(req("small", "b")).orElseThrow();
        var f = failure(a.allocate(req("small", "c")), FailureReason.QUOTA_EXCEEDED);
        assertThat(f.message()).isEqualTo("tenant small may hold at most 2 addresses and holds 2; small/c needs 1"
                + " more");
        a.release(LoadBalancerId.of("small", "a"));
        assertThat(addrs(a.allocate(req("small", "c")))).isEqualTo("10.0.0.0");
    }

    @Test
    void defaultQuotaAppliesToOtherTenants() {
        a.allocate(req("other", "a")).orElseThrow();
        var f = failure(a.allocate(req("other", "b")), FailureReason.QUOTA_EXCEEDED);
        assertThat(f.message()).isEqualTo("tenant other may hold at most 1 address and holds 1; other/b needs 1"
                + " more");
    }

    @Test
    void dualStackCountsTwo() {
        a.allocate(req("small", "a")).orElseThrow();
        failure(a.allocate(rb("small", "b").ipFamilyPolicy(IpFamilyPolicy.REQUIRE_DUAL_STACK).build()),
                FailureReason.QUOTA_EXCEEDED);
        assertThat(a.allocations()).hasSize(1);
    }

    @Test
    void sharingAnAddressTheTenantAlreadyHoldsCostsNothing() {
        a.allocate(rbp("other", "a", PortSpec.tcp(80)).sharingKey("k").build()).orElseThrow();
        assertThat(addrs(a.allocate(rbp("other", "b", PortSpec.tcp(443)).sharingKey("k").build())))
                .isEqualTo("10.0.0.0");
        assertThat(a.snapshot().addressesByTenant()).containsEntry("other", 1L);
    }

    @Test
    void reserveIsNotLimitedByQuota() {
        a.allocate(req("other", "a")).orElseThrow();
        var existing = new dev.kubelb.api.Allocation(LoadBalancerId.of("other", "b"), "p",
                java.util.List.of(dev.kubelb.api.IpAddress.parse("10.0.0.9")), java.util.Optional.empty());
        assertThat(addrs(a.reserve(req("other", "b"), existing))).isEqualTo("10.0.0.9");
        assertThat(a.snapshot().addressesByTenant()).containsEntry("other", 2L);
    }
}
