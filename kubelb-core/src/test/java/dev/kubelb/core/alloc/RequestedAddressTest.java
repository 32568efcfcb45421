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
import dev.kubelb.api.IpFamilyPolicy;
import dev.kubelb.api.LoadBalancerId;
import dev.kubelb.api.PoolScope;
import dev.kubelb.api.PortSpec;
import dev.kubelb.core.PoolAllocator;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RequestedAddressTest {

    private final PoolAllocator a = allocator(
            AddressPool.builder("p").addresses("10.0.0.0/24", "fd00::/120").avoidBuggyIps(true).build(),
            AddressPool.builder("manual").addresses("10.0.1.0/24").autoAssign(false).build(),
            AddressPool.builder("acme-only").addresses("10.0.2.0/24")
                    .scope(new PoolScope(Optional.empty(), List.of("acme"), List.of(), List.of())).build(),
            pool("v6", "fd01::/120"));

    @Test
    void requestedAddressIsGiven() {
        var r = a.allocate(rb("t", "x").requestedAddresses("10.0.0.77").build());
        assertThat(addrs(r)).isEqualTo("10.0.0.77");
        assertThat(Fx.pool(r)).isEqualTo("p");
        // the next automatic one is still the lowest free
        assertThat(addrs(a.allocate(req("t", "y")))).isEqualTo("10.0.0.1");
    }

    @Test
    void requestedAddressInAnAutoAssignFalsePoolIsAllowed() {
        assertThat(Fx.pool(a.allocate(rb("t", "x").requestedAddresses("10.0.1.9").build()))).isEqualTo("manual");
    }

    @Test
    void requestedAddressInNoPool() {
        var f = failure(a.allocate(rb("t", "x").requestedAddresses("192.0.2.1").build()),
                FailureReason.ADDRESS_NOT_IN_POOL);
        assertThat(f.message()).isEqualTo("192.0.2.1 is in no pool");
    }

    @Test
    void requestedBuggyAddressCountsAsOutsideThePool() {
        var f = failure(a.allocate(rb("t", "x").requestedAddresses("10.0.0.255").build()),
                FailureReason.ADDRESS_NOT_IN_POOL);
        assertThat(f.message()).isEqualTo("10.0.0.255 lies in pool p, which skips addresses ending in .0 or .255"
                + " (avoidBuggyIPs)");
    }

    @Test
    void requestedAddressInAPoolWhoseScopeDoesNotAdmit() {
        var f = failure(a.allocate(rb("other", "x").requestedAddresses("10.0.2.5").build()),
                FailureReason.ADDRESS_NOT_IN_POOL);
        assertThat(f.message()).isEqualTo("10.0.2.5 lies in pool acme-only, whose scope (tenants [acme]) does not"
                + " admit other/x");
        assertThat(addrs(a.allocate(rb("acme", "x").requestedAddresses("10.0.2.5").build()))).isEqualTo("10.0.2.5");
    }

    @Test
    void requestedAddressOutsideTheNamedPool() {
        var f = failure(a.allocate(rb("t", "x").pool("manual").requestedAddresses("10.0.0.5").build()),
                FailureReason.ADDRESS_NOT_IN_POOL);
        assertThat(f.message()).isEqualTo("10.0.0.5 lies in pool p, not in the requested pool manual");
    }

    @Test
    void requestedAddressesMustComeFromOnePool() {
        var f = failure(a.allocate(rb("t", "x").ipFamilyPolicy(IpFamilyPolicy.REQUIRE_DUAL_STACK)
                .requestedAddresses("10.0.0.5", "fd01::5").build()), FailureReason.ADDRESS_NOT_IN_POOL);
        assertThat(f.message()).isEqualTo("requested addresses must come from one pool: 10.0.0.5 is in pool p, "
                + "fd01::5 in pool v6");
    }

    @Test
    void requestedPairFromOnePool() {
        var r = a.allocate(rb("t", "x").ipFamilyPolicy(IpFamilyPolicy.REQUIRE_DUAL_STACK)
                .requestedAddresses("fd00::9", "10.0.0.9").build());
        assertThat(addrs(r)).isEqualTo("10.0.0.9,fd00::9");
    }

    @Test
    void requestedAddressHeldWithoutSharingKey() {
        a.allocate(rb("t", "owner").requestedAddresses("10.0.0.5").build()).orElseThrow();
        var f = failure(a.allocate(rb("t", "x").requestedAddresses("10.0.0.5").build()), FailureReason.ADDRESS_IN_USE);
        assertThat(f.message()).isEqualTo("10.0.0.5 (pool p) is held by t/owner without a sharing key");
    }

    @Test
    void requestedAddressHeldUnderAnotherKey() {
        a.allocate(rb("t", "owner").requestedAddresses("10.0.0.5").sharingKey("k1").build()).orElseThrow();
        var f = failure(a.allocate(rb("t", "x").requestedAddresses("10.0.0.5").sharingKey("k2").build()),
                FailureReason.ADDRESS_IN_USE);
        assertThat(f.message()).isEqualTo("10.0.0.5 (pool p) is held by t/owner under sharing key 'k1', not 'k2'");
        var g = failure(a.allocate(rb("t", "y").requestedAddresses("10.0.0.5").build()), FailureReason.ADDRESS_IN_USE);
        assertThat(g.message()).isEqualTo("10.0.0.5 (pool p) is held by t/owner under sharing key 'k1', and t/y has"
                + " no sharing key");
    }

    @Test
    void requestedAddressOwnedByACompatibleSharer() {
        a.allocate(rb("t", "owner").requestedAddresses("10.0.0.5").sharingKey("k").build()).orElseThrow();
        var r = a.allocate(Fx.rbp("t", "x", PortSpec.tcp(443))
                .requestedAddresses("10.0.0.5").sharingKey("k").build());
        assertThat(addrs(r)).isEqualTo("10.0.0.5");
        assertThat(a.snapshot().pool("p").orElseThrow().used().intValue()).isEqualTo(1);
    }

    @Test
    void requestedAddressSharedButPortsCollide() {
        a.allocate(rb("t", "owner").requestedAddresses("10.0.0.5").sharingKey("k").build()).orElseThrow();
        var f = failure(a.allocate(rb("t", "x").requestedAddresses("10.0.0.5").sharingKey("k").build()),
                FailureReason.INCOMPATIBLE_SHARING);
        assertThat(f.message()).isEqualTo("10.0.0.5 (pool p) is shared under key 'k' but cannot be shared with t/x:"
                + " port 80/TCP is already used by t/owner");
    }

    @Test
    void requireDualStackWithOneRequestedAddressTakesTheOtherFamilyFromTheSamePool() {
        var r = a.allocate(rb("t", "x").ipFamilyPolicy(IpFamilyPolicy.REQUIRE_DUAL_STACK)
                .requestedAddresses("10.0.0.9").build());
        assertThat(addrs(r)).isEqualTo("10.0.0.9,fd00::");
        var f = failure(a.allocate(rb("t", "y").ipFamilyPolicy(IpFamilyPolicy.REQUIRE_DUAL_STACK)
                .requestedAddresses("10.0.1.9").build()), FailureReason.FAMILY_UNAVAILABLE);
        assertThat(f.message()).isEqualTo("pool manual (of requested 10.0.1.9) has no IPv6 range; RequireDualStack "
                + "needs IPv4 and IPv6 from one pool");
    }

    @Test
    void idempotentWhileTheRequestedAddressIsHeld() {
        var first = a.allocate(rb("t", "x").requestedAddresses("10.0.0.77").build()).orElseThrow();
        assertThat(a.allocate(rb("t", "x").requestedAddresses("10.0.0.77").build()).orElseThrow()).isEqualTo(first);
        // asking for another address moves it, and frees the old one
        assertThat(addrs(a.allocate(rb("t", "x").requestedAddresses("10.0.0.78").build()))).isEqualTo("10.0.0.78");
        assertThat(addrs(a.allocate(rb("t", "y").requestedAddresses("10.0.0.77").build()))).isEqualTo("10.0.0.77");
        assertThat(a.lookup(LoadBalancerId.of("t", "x")).orElseThrow().addresses()).hasSize(1);
    }
}
