package dev.kubelb.core.alloc;

import static dev.kubelb.core.alloc.Fx.addrs;
import static dev.kubelb.core.alloc.Fx.allocator;
import static dev.kubelb.core.alloc.Fx.failure;
import static dev.kubelb.core.alloc.Fx.pool;
import static dev.kubelb.core.alloc.Fx.rbp;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelb.api.AddressPool;
import dev.kubelb.api.FailureReason;
import dev.kubelb.api.LoadBalancerId;
import dev.kubelb.api.PortSpec;
import dev.kubelb.api.Protocol;
import dev.kubelb.api.TrafficPolicy;
import dev.kubelb.core.PoolAllocator;
import java.math.BigInteger;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SharingTest {
    private static final PortSpec TCP80 = PortSpec.tcp(80);
    private static final PortSpec TCP443 = PortSpec.tcp(443);
    private static final PortSpec UDP80 = PortSpec.of("", Protocol.UDP, 80);

    private final PoolAllocator a = allocator(pool("p", "10.0.0.0/29"));

    @Test
    void sameKeyDifferentPortsShareTheLowestSharableAddress() {
        a.allocate(rbp("t", "plain", TCP80).build()).orElseThrow(); // 10.0.0.0
        assertThat(addrs(a.allocate(rbp("t", "web", TCP80).sharingKey("k").build()))).isEqualTo("10.0.0.1");
        assertThat(addrs(a.allocate(rbp("t", "tls", TCP443).sharingKey("k").build()))).isEqualTo("10.0.0.1");
        assertThat(a.snapshot().pool("p").orElseThrow().used()).isEqualTo(BigInteger.TWO);
        assertThat(a.snapshot().addressesByTenant()).containsEntry("t", 2L);
    }

    @Test
    void sameNumberDifferentProtocolDoesNotCollide() {
        a.allocate(rbp("t", "tcp", TCP80).sharingKey("k").build()).orElseThrow();
        assertThat(addrs(a.allocate(rbp("t", "udp", UDP80).sharingKey("k").build()))).isEqualTo("10.0.0.0");
    }

    @Test
    void collidingPortsGetAFreshAddress() {
        a.allocate(rbp("t", "one", TCP80).sharingKey("k").build()).orElseThrow();
        assertThat(addrs(a.allocate(rbp("t", "two", TCP80, TCP443).sharingKey("k").build()))).isEqualTo("10.0.0.1");
        // a third one without collisions with "one" takes the lowest it may share: 10.0.0.0
        assertThat(addrs(a.allocate(rbp("t", "three", UDP80).sharingKey("k").build()))).isEqualTo("10.0.0.0");
    }

    @Test
    void differentKeysNeverShare() {
        a.allocate(rbp("t", "one", TCP80).sharingKey("k1").build()).orElseThrow();
        assertThat(addrs(a.allocate(rbp("t", "two", TCP443).sharingKey("k2").build()))).isEqualTo("10.0.0.1");
        assertThat(addrs(a.allocate(rbp("t", "three", TCP443).build()))).isEqualTo("10.0.0.2");
    }

    @Test
    void localTrafficPolicyNeedsTheSamePodSelector() {
        a.allocate(rbp("t", "one", TCP80).sharingKey("k").trafficPolicy(TrafficPolicy.LOCAL)
                .podSelector(Map.of("app", "web")).build()).orElseThrow();
        assertThat(addrs(a.allocate(rbp("t", "other-pods", TCP443).sharingKey("k").trafficPolicy(TrafficPolicy.LOCAL)
                .podSelector(Map.of("app", "db")).build()))).isEqualTo("10.0.0.1");
        assertThat(addrs(a.allocate(rbp("t", "same-pods", UDP80).sharingKey("k").trafficPolicy(TrafficPolicy.LOCAL)
                .podSelector(Map.of("app", "web")).build()))).isEqualTo("10.0.0.0");
        // Cluster with a different selector cannot join a Local holder
        var f = failure(a.allocate(rbp("t", "cluster", PortSpec.tcp(8080)).sharingKey("k")
                .requestedAddresses("10.0.0.0").podSelector(Map.of("app", "x")).build()),
                FailureReason.INCOMPATIBLE_SHARING);
        assertThat(f.message()).isEqualTo("10.0.0.0 (pool p) is shared under key 'k' but cannot be shared with"
                + " t/cluster: t/one uses externalTrafficPolicy Local with pod selector {app=web}; sharing needs both"
                + " to use Cluster or both to select the same pods (got Cluster with {app=x})");
    }

    @Test
    void bothClusterShareWhateverTheSelectors() {
        a.allocate(rbp("t", "one", TCP80).sharingKey("k").podSelector(Map.of("app", "a")).build()).orElseThrow();
        assertThat(addrs(a.allocate(rbp("t", "two", TCP443).sharingKey("k").podSelector(Map.of("app", "b")).build())))
                .isEqualTo("10.0.0.0");
    }

    @Test
    void neverAcrossTenantsByDefault() {
        a.allocate(rbp("t1", "one", TCP80).sharingKey("k").build()).orElseThrow();
        assertThat(addrs(a.allocate(rbp("t2", "two", TCP443).sharingKey("k").build()))).isEqualTo("10.0.0.1");
        var f = failure(a.allocate(rbp("t3", "three", UDP80).sharingKey("k").requestedAddresses("10.0.0.0").build()),
                FailureReason.INCOMPATIBLE_SHARING);
        assertThat(f.message()).isEqualTo("10.0.0.0 (pool p) is shared under key 'k' but cannot be shared with"
                + " t3/three: t1/one belongs to tenant t1, pool p does not allow cross-tenant sharing and the two"
                + " requests do not list each other's tenant in sharingTenants");
    }

    @Test
    void acrossTenantsWhenThePoolAllowsIt() {
        PoolAllocator b = allocator(AddressPool.builder("p").addresses("10.0.0.0/29").allowCrossTenantSharing(true)
                .build());
        b.allocate(rbp("t1", "one", TCP80).sharingKey("k").build()).orElseThrow();
        assertThat(addrs(b.allocate(rbp("t2", "two", TCP443).sharingKey("k").build()))).isEqualTo("10.0.0.0");
        var s = b.snapshot();
        assertThat(s.pool("p").orElseThrow().used()).isEqualTo(BigInteger.ONE);
        assertThat(s.pool("p").orElseThrow().usedByTenant()).containsOnly(Map.entry("t1", BigInteger.ONE),
                Map.entry("t2", BigInteger.ONE));
    }

    @Test
    void acrossTenantsWhenBothListEachOther() {
        a.allocate(rbp("t1", "one", TCP80).sharingKey("k").sharingTenants("t2").build()).orElseThrow();
        // one-sided consent is not enough
        assertThat(addrs(a.allocate(rbp("t2", "two", TCP443).sharingKey("k").build()))).isEqualTo("10.0.0.1");
        assertThat(addrs(a.allocate(rbp("t2", "three", UDP80).sharingKey("k").sharingTenants("*").build())))
                .isEqualTo("10.0.0.0");
    }

    @Test
    void releaseOfOneSharerKeepsTheAddressForTheOthers() {
        a.allocate(rbp("t", "one", TCP80).sharingKey("k").build()).orElseThrow();
        a.allocate(rbp("t", "two", TCP443).sharingKey("k").build()).orElseThrow();
        assertThat(a.release(LoadBalancerId.of("t", "one"))).isTrue();
        assertThat(addrs(a.allocate(rbp("t", "plain", TCP80).build()))).isEqualTo("10.0.0.1");
        assertThat(a.lookup(LoadBalancerId.of("t", "two")).orElseThrow().addresses().get(0).toString())
                .isEqualTo("10.0.0.0");
        assertThat(a.snapshot().pool("p").orElseThrow().used()).isEqualTo(BigInteger.TWO);
    }

    @Test
    void releaseOfTheLastSharerFreesTheAddress() {
        a.allocate(rbp("t", "one", TCP80).sharingKey("k").build()).orElseThrow();
        a.allocate(rbp("t", "two", TCP443).sharingKey("k").build()).orElseThrow();
        a.release(LoadBalancerId.of("t", "one"));
        a.release(LoadBalancerId.of("t", "two"));
        assertThat(a.snapshot().pool("p").orElseThrow().used()).isEqualTo(BigInteger.ZERO);
        assertThat(a.snapshot().addressesByTenant()).isEmpty();
        assertThat(addrs(a.allocate(rbp("t", "plain", TCP80).build()))).isEqualTo("10.0.0.0");
    }

    @Test
    void changedPortsThatNowCollideMoveTheRequest() {
        a.allocate(rbp("t", "one", TCP80).sharingKey("k").build()).orElseThrow();
        a.allocate(rbp("t", "two", TCP443).sharingKey("k").build()).orElseThrow();
        // unchanged: idempotent
        assertThat(addrs(a.allocate(rbp("t", "two", TCP443).sharingKey("k").build()))).isEqualTo("10.0.0.0");
        // two now also wants 80/TCP: it cannot stay with one
        assertThat(addrs(a.allocate(rbp("t", "two", TCP443, TCP80).sharingKey("k").build()))).isEqualTo("10.0.0.1");
    }

    @Test
    void sharingKeyMustStayTheSameForIdempotence() {
        a.allocate(rbp("t", "one", TCP80).sharingKey("k").build()).orElseThrow();
        a.allocate(rbp("t", "blocker", TCP80).build()).orElseThrow(); // 10.0.0.1
        assertThat(addrs(a.allocate(rbp("t", "one", TCP80).build()))).isEqualTo("10.0.0.0");
        assertThat(a.lookup(LoadBalancerId.of("t", "one")).orElseThrow().sharingKey()).isEmpty();
    }
}
