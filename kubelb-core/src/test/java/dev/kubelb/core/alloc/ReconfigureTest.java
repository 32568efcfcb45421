package dev.kubelb.core.alloc;

import static dev.kubelb.core.alloc.Fx.addrs;
import static dev.kubelb.core.alloc.Fx.allocator;
import static dev.kubelb.core.alloc.Fx.pool;
import static dev.kubelb.core.alloc.Fx.rbp;
import static dev.kubelb.core.alloc.Fx.req;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelb.api.AddressPool;
import dev.kubelb.api.LoadBalancerId;
import dev.kubelb.api.PortSpec;
import dev.kubelb.core.PoolAllocator;
import dev.kubelb.core.PoolChange;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReconfigureTest {

    @Test
    void shrunkPoolOrphansTheAllocationsOutsideItAndNeverReassignsThem() {
        PoolAllocator a = allocator(pool("p", "10.0.0.0/29"));
        for (int i = 0; i < 6; i++) {
            a.allocate(req("t", "x" + i)).orElseThrow();
        }
        PoolChange c = a.reconfigure(List.of(pool("p", "10.0.0.0/30"), pool("q", "10.0.0.4/30")));
        assertThat(c.orphaned()).extracting(x -> x.id().name() + "=" + x.addresses().get(0))
                .containsExactly("x4=10.0.0.4", "x5=10.0.0.5");
        assertThat(c.addedPools()).containsExactly("q");
        assertThat(c.removedPools()).isEmpty();
        assertThat(a.orphans()).isEqualTo(c.orphaned());
        // pool q now covers the orphaned addresses: they count as used there and are not handed out
        assertThat(addrs(a.allocate(rbp("u", "y", PortSpec.tcp(80)).pool("q").build()))).isEqualTo("10.0.0.6");
        assertThat(a.snapshot().pool("q").orElseThrow().used()).isEqualTo(BigInteger.valueOf(3));
        assertThat(a.snapshot().pool("p").orElseThrow().used()).isEqualTo(BigInteger.valueOf(4));
        assertThat(a.snapshot().addressesByTenant()).containsEntry("t", 6L);
        // releasing an orphan frees its address for q
        a.release(LoadBalancerId.of("t", "x4"));
        assertThat(addrs(a.allocate(rbp("u", "z", PortSpec.tcp(80)).pool("q").build()))).isEqualTo("10.0.0.4");
    }

    @Test
    void deletedPoolOrphansEverythingInIt() {
        PoolAllocator a = allocator(pool("p", "10.0.0.0/30"), pool("q", "10.0.1.0/30"));
        a.allocate(rbp("t", "x", PortSpec.tcp(80)).pool("q").build()).orElseThrow();
        PoolChange c = a.reconfigure(List.of(pool("p", "10.0.0.0/30")));
        assertThat(c.removedPools()).containsExactly("q");
        assertThat(c.orphaned()).extracting(x -> x.pool()).containsExactly("q");
        assertThat(a.snapshot().pools()).extracting(u -> u.pool()).containsExactly("p");
        // the pool comes back: the allocation is no orphan any more
        PoolChange back = a.reconfigure(List.of(pool("p", "10.0.0.0/30"), pool("q", "10.0.1.0/30")));
        assertThat(back.orphaned()).isEmpty();
        assertThat(back.addedPools()).containsExactly("q");
        assertThat(a.snapshot().pool("q").orElseThrow().used()).isEqualTo(BigInteger.ONE);
        assertThat(addrs(a.allocate(rbp("t", "y", PortSpec.tcp(80)).pool("q").build()))).isEqualTo("10.0.1.1");
    }

    @Test
    void turningOnAvoidBuggyIpsOrphansDotZero() {
        PoolAllocator a = allocator(pool("p", "10.0.0.0/30"));
        a.allocate(req("t", "x")).orElseThrow(); // 10.0.0.0
        PoolChange c = a.reconfigure(List.of(AddressPool.builder("p").addresses("10.0.0.0/30").avoidBuggyIps(true)
                .build()));
        assertThat(c.orphaned()).extracting(x -> x.id().name()).containsExactly("x");
        assertThat(a.snapshot().pool("p").orElseThrow().used()).isEqualTo(BigInteger.ZERO);
        assertThat(addrs(a.allocate(req("t", "y")))).isEqualTo("10.0.0.1");
        // allocate of the orphan moves it to an address its pool offers
        assertThat(addrs(a.allocate(req("t", "x")))).isEqualTo("10.0.0.2");
        assertThat(a.orphans()).isEmpty();
    }

    @Test
    void sharedAddressesSurviveReconfiguration() {
        PoolAllocator a = allocator(pool("p", "10.0.0.0/29"));
        a.allocate(rbp("t", "x", PortSpec.tcp(80)).sharingKey("k").build()).orElseThrow();
        a.reconfigure(List.of(pool("p", "10.0.0.0/29"), pool("zz-other", "10.9.0.0/29")));
        assertThat(addrs(a.allocate(rbp("t", "y", PortSpec.tcp(443)).sharingKey("k").build()))).isEqualTo("10.0.0.0");
        assertThat(a.snapshot().pool("p").orElseThrow().used()).isEqualTo(BigInteger.ONE);
    }
}
