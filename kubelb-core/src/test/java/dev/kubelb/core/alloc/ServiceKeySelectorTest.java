package dev.kubelb.core.alloc;

import static dev.kubelb.core.alloc.Fx.addrs;
import static dev.kubelb.core.alloc.Fx.failure;
import static dev.kubelb.core.alloc.Fx.rb;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelb.api.AddressPool;
import dev.kubelb.api.FailureReason;
import dev.kubelb.api.LabelSelector;
import dev.kubelb.api.PoolScope;
import dev.kubelb.core.PoolAllocator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A pool's service selector on {@code io.kubernetes.service.namespace} / {@code io.kubernetes.service.name}
 * sees the request's real tenant and name, never labels the tenant wrote under those keys (as Cilium's
 * LB-IPAM, operator/pkg/lbipam/lbipam.go).
 */
class ServiceKeySelectorTest {
    private static PoolAllocator allocator(String key, String value) {
        return Fx.allocator(AddressPool.builder("b-only").addresses("10.0.0.0/30").scope(new PoolScope(Optional.empty(),
                List.of(), List.of(), List.of(LabelSelector.of(Map.of(key, value))))).build());
    }

    @Test
    void theNamespaceKeyIsTheRequestsTenantWhateverItsLabelsSay() {
        PoolAllocator a = allocator("io.kubernetes.service.namespace", "tenant-b");
        failure(a.allocate(rb("tenant-a", "x").pool("b-only").label("io.kubernetes.service.namespace", "tenant-b")
                .build()), FailureReason.POOL_NOT_ALLOWED);
        failure(a.allocate(rb("tenant-a", "y").label("io.kubernetes.service.namespace", "tenant-b").build()),
                FailureReason.NO_POOL);
        assertThat(a.allocations()).isEmpty();
        assertThat(addrs(a.allocate(rb("tenant-b", "x").pool("b-only").build()))).isEqualTo("10.0.0.0");
        assertThat(addrs(a.allocate(rb("tenant-b", "y").label("io.kubernetes.service.namespace", "tenant-a").build())))
                .as("its own label saying otherwise does not matter either").isEqualTo("10.0.0.1");
    }

    @Test
    void theNameKeyIsTheRequestsName() {
        PoolAllocator a = allocator("io.kubernetes.service.name", "db");
        failure(a.allocate(rb("t", "web").pool("b-only").label("io.kubernetes.service.name", "db").build()),
                FailureReason.POOL_NOT_ALLOWED);
        assertThat(addrs(a.allocate(rb("t", "db").pool("b-only").build()))).isEqualTo("10.0.0.0");
    }
}
