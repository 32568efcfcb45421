package dev.kubelb.core.alloc;

import static dev.kubelb.core.alloc.Fx.pool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubelb.api.ConfigurationException;
import dev.kubelb.api.Problem;
import dev.kubelb.core.PoolAllocator;
import java.util.List;
import org.junit.jupiter.api.Test;

class PoolValidationTest {

    @Test
    void overlappingPoolsAreRejectedNamingBothPools() {
        assertThatThrownBy(() -> PoolAllocator.builder()
                .pool(pool("b", "10.0.0.0/24"))
                .pool(pool("a", "10.0.0.0/16"))
                .build())
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems()).containsExactly(
                        Problem.of("IPAddressPool/b", "spec.addresses[0]", "'10.0.0.0/24' overlaps pool a's '10.0.0.0/16'")));
    }

    @Test
    void everyOverlapIsReportedAtOnce() {
        assertThatThrownBy(() -> PoolAllocator.builder()
                .pools(List.of(pool("a", "10.0.0.0/24", "fd00::/64"),
                        pool("b", "192.168.0.0/24", "10.0.0.200-10.0.1.5"),
                        pool("c", "fd00::ffff-fd00::1:0")))
                .build())
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems()).containsExactly(
                        Problem.of("IPAddressPool/b", "spec.addresses[1]",
                                "'10.0.0.200-10.0.1.5' overlaps pool a's '10.0.0.0/24'"),
                        Problem.of("IPAddressPool/c", "spec.addresses[0]",
                                "'fd00::ffff-fd00::1:0' overlaps pool a's 'fd00::/64'")));
    }

    @Test
    void adjacentPoolsAndDifferentFamiliesAreFine() {
        PoolAllocator a = PoolAllocator.builder()
                .pool(pool("a", "10.0.0.0/25"))
                .pool(pool("b", "10.0.0.128/25"))
                .pool(pool("c", "::a00:0/120"))
                .build();
        assertThat(a.snapshot().pools()).hasSize(3);
    }

    @Test
    void duplicatePoolNamesAreRejected() {
        assertThatThrownBy(() -> PoolAllocator.builder()
                .pool(pool("a", "10.0.0.0/25"))
                .pool(pool("a", "10.0.1.0/25"))
                .build())
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems()).containsExactly(
                        Problem.of("IPAddressPool/a", "metadata.name", "pool name 'a' is used by more than one pool")));
    }

    @Test
    void negativeQuotaIsRejected() {
        assertThatThrownBy(() -> PoolAllocator.builder().tenantQuota("acme", -1))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("tenantQuota[acme]: a quota must not be negative, got -1");
    }

    @Test
    void reconfigureWithOverlapChangesNothing() {
        PoolAllocator a = PoolAllocator.builder().pool(pool("a", "10.0.0.0/30")).build();
        a.allocate(Fx.req("t", "x")).orElseThrow();
        assertThatThrownBy(() -> a.reconfigure(List.of(pool("a", "10.0.0.0/30"), pool("b", "10.0.0.2/31"))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("IPAddressPool/b: spec.addresses[0]: '10.0.0.2/31' overlaps pool a's '10.0.0.0/30'");
        assertThat(a.snapshot().pools()).extracting(p -> p.pool()).containsExactly("a");
        assertThat(a.allocations()).hasSize(1);
    }
}
