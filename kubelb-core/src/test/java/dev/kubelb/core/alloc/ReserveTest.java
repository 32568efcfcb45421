package dev.kubelb.core.alloc;

import static dev.kubelb.core.alloc.Fx.addrs;
import static dev.kubelb.core.alloc.Fx.allocator;
import static dev.kubelb.core.alloc.Fx.failure;
import static dev.kubelb.core.alloc.Fx.pool;
import static dev.kubelb.core.alloc.Fx.rbp;
import static dev.kubelb.core.alloc.Fx.req;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubelb.api.Allocation;
import dev.kubelb.api.AllocationResult;
import dev.kubelb.api.ConfigurationException;
import dev.kubelb.api.FailureReason;
import dev.kubelb.api.IpAddress;
import dev.kubelb.api.LoadBalancerId;
import dev.kubelb.api.PortSpec;
import dev.kubelb.core.PoolAllocator;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReserveTest {
    private final PoolAllocator a = allocator(pool("p", "10.0.0.0/29"), pool("q", "10.0.1.0/29"));

    private static Allocation alloc(String tenant, String name, String pool, String key, String... addresses) {
        return new Allocation(LoadBalancerId.of(tenant, name), pool,
                Arrays.stream(addresses).map(IpAddress::parse).toList(), Optional.ofNullable(key));
    }

    @Test
    void reservedAddressesAreNotHandedOutAgain() {
        assertThat(addrs(a.reserve(req("t", "x"), alloc("t", "x", "p", null, "10.0.0.0")))).isEqualTo("10.0.0.0");
        assertThat(addrs(a.reserve(req("t", "y"), alloc("t", "y", "p", null, "10.0.0.2")))).isEqualTo("10.0.0.2");
        assertThat(addrs(a.allocate(req("t", "z")))).isEqualTo("10.0.0.1");
        assertThat(addrs(a.allocate(req("t", "w")))).isEqualTo("10.0.0.3");
        // the reserved allocation is what allocate returns for its request
        assertThat(addrs(a.allocate(req("t", "x")))).isEqualTo("10.0.0.0");
    }

    @Test
    void conflictingExistingPairIsAFailureNamingBothHolders() {
        a.reserve(req("t", "x"), alloc("t", "x", "p", null, "10.0.0.5")).orElseThrow();
        var f = failure(a.reserve(req("u", "y"), alloc("u", "y", "p", null, "10.0.0.5")), FailureReason.ADDRESS_IN_USE);
        assertThat(f.message()).isEqualTo("10.0.0.5 is claimed by both t/x (pool p, no sharing key) and u/y (pool p,"
                + " no sharing key)");
        assertThat(a.lookup(LoadBalancerId.of("u", "y"))).isEmpty();
        assertThat(a.lookup(LoadBalancerId.of("t", "x")).orElseThrow().addresses().get(0).toString())
                .isEqualTo("10.0.0.5");
    }

    @Test
    void conflictUnderDifferentKeys() {
        a.reserve(req("t", "x"), alloc("t", "x", "p", "k1", "10.0.0.5")).orElseThrow();
        var f = failure(a.reserve(req("t", "y"), alloc("t", "y", "p", "k2", "10.0.0.5")), FailureReason.ADDRESS_IN_USE);
        assertThat(f.message()).isEqualTo("10.0.0.5 is claimed by both t/x (pool p, sharing key 'k1') and t/y (pool p,"
                + " sharing key 'k2')");
    }

    @Test
    void compatibleSharersAreBothReserved() {
        a.reserve(rbp("t", "x", PortSpec.tcp(80)).sharingKey("k").build(), alloc("t", "x", "p", "k", "10.0.0.5"))
                .orElseThrow();
        a.reserve(rbp("t", "y", PortSpec.tcp(443)).sharingKey("k").build(), alloc("t", "y", "p", "k", "10.0.0.5"))
                .orElseThrow();
        assertThat(a.allocations()).extracting(x -> x.addresses().get(0).toString())
                .containsExactly("10.0.0.5", "10.0.0.5");
    }

    @Test
    void incompatibleSharersAreReported() {
        a.reserve(rbp("t", "x", PortSpec.tcp(80)).sharingKey("k").build(), alloc("t", "x", "p", "k", "10.0.0.5"))
                .orElseThrow();
        var f = failure(a.reserve(rbp("t", "y", PortSpec.tcp(80)).sharingKey("k").build(),
                alloc("t", "y", "p", "k", "10.0.0.5")), FailureReason.INCOMPATIBLE_SHARING);
        assertThat(f.message()).isEqualTo("10.0.0.5 is claimed by both t/x (pool p, sharing key 'k') and t/y (pool p,"
                + " sharing key 'k'), which may not share it: port 80/TCP is already used by t/x");
    }

    @Test
    void reserveOfAnUnknownPoolOrOutsideItsPoolKeepsItAsOrphan() {
        a.reserve(req("t", "gone"), alloc("t", "gone", "deleted", null, "10.0.0.3")).orElseThrow();
        a.reserve(req("t", "moved"), alloc("t", "moved", "q", null, "10.0.0.4")).orElseThrow();
        a.reserve(req("t", "outside"), alloc("t", "outside", "p", null, "192.0.2.1")).orElseThrow();
        assertThat(a.orphans()).extracting(x -> x.id().name()).containsExactly("gone", "moved", "outside");
        // their addresses are never handed to anyone else
        List<String> got = List.of(0, 1, 2, 3, 4, 5).stream().map(i -> addrs(a.allocate(req("u", "n" + i)))).toList();
        assertThat(got).containsExactly("10.0.0.0", "10.0.0.1", "10.0.0.2", "10.0.0.5", "10.0.0.6", "10.0.0.7");
        assertThat(a.snapshot().pool("p").orElseThrow().used().intValue()).isEqualTo(8);
        assertThat(a.snapshot().addressesByTenant()).containsEntry("t", 3L);
    }

    @Test
    void allocateOfAnOrphanOutsideEveryPoolMovesItIntoAPool() {
        a.reserve(req("t", "outside"), alloc("t", "outside", "p", null, "192.0.2.1")).orElseThrow();
        assertThat(addrs(a.allocate(req("t", "outside")))).isEqualTo("10.0.0.0");
        assertThat(a.orphans()).isEmpty();
    }

    @Test
    void allocateOfAnOrphanWhoseAddressAnotherPoolOffersKeepsItThere() {
        // MetalLB accounts an address to the pool that offers it (internal/allocator/allocator.go SetPools,
        // Assign: poolFor; allocator_test.go TestConfigReload "rename the pool", "split pool")
        a.reserve(req("t", "gone"), alloc("t", "gone", "deleted", null, "10.0.0.3")).orElseThrow();
        AllocationResult r = a.allocate(req("t", "gone"));
        assertThat(addrs(r)).isEqualTo("10.0.0.3");
        assertThat(r.allocation().orElseThrow().pool()).isEqualTo("p");
        assertThat(a.orphans()).isEmpty();
    }

    @Test
    void reserveTwiceIsIdempotentButADifferentAllocationForTheSameIdIsAConflict() {
        var x = alloc("t", "x", "p", null, "10.0.0.5");
        a.reserve(req("t", "x"), x).orElseThrow();
        assertThat(a.reserve(req("t", "x"), x).orElseThrow()).isEqualTo(x);
        var f = failure(a.reserve(req("t", "x"), alloc("t", "x", "p", null, "10.0.0.6")), FailureReason.ADDRESS_IN_USE);
        assertThat(f.message()).isEqualTo("t/x already holds [10.0.0.5] from pool p; the existing allocation "
                + "[10.0.0.6] from pool p conflicts with it (release it first)");
    }

    @Test
    void allocationOfAnotherRequestIsRejected() {
        assertThatThrownBy(() -> a.reserve(req("t", "x"), alloc("t", "y", "p", null, "10.0.0.5")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("existing.id: the allocation of t/y cannot be reserved for t/x");
    }

    @Test
    void rebuildThenAllocateContinuesAfterTheReservedAddresses() {
        PoolAllocator b = allocator(pool("big", "10.1.0.0/16"));
        for (int i = 0; i < 1000; i++) {
            b.reserve(req("t", "r" + i), alloc("t", "r" + i, "big", null, IpAddress.parse("10.1.0.0").plus(i)
                    .toString())).orElseThrow();
        }
        assertThat(addrs(b.allocate(req("t", "next")))).isEqualTo("10.1.3.232");
    }
}
