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
import dev.kubelb.api.LabelSelector;
import dev.kubelb.api.PoolScope;
import dev.kubelb.core.PoolAllocator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PoolChoiceTest {

    private static PoolScope scope(Integer priority, List<String> tenants, List<LabelSelector> tenantSel,
            List<LabelSelector> serviceSel) {
        return new PoolScope(Optional.ofNullable(priority), tenants, tenantSel, serviceSel);
    }

    private static AddressPool scoped(String name, String range, PoolScope s) {
        return AddressPool.builder(name).addresses(range).scope(s).build();
    }

    @Test
    void scopedPoolsComeBeforeUnscopedOnes() {
        PoolAllocator a = allocator(pool("aaa", "10.0.0.0/30"),
                scoped("zzz", "10.0.1.0/30", scope(null, List.of("acme"), List.of(), List.of())));
        assertThat(Fx.pool(a.allocate(req("acme", "x")))).isEqualTo("zzz");
        assertThat(Fx.pool(a.allocate(req("other", "x")))).isEqualTo("aaa");
    }

    @Test
    void priorityAscendingThenUnsetThenName() {
        PoolAllocator a = allocator(
                scoped("a-unset", "10.0.0.0/32", scope(null, List.of(), List.of(), List.of())),
                scoped("b-prio5", "10.0.1.0/32", scope(5, List.of(), List.of(), List.of())),
                scoped("c-prio1", "10.0.2.0/32", scope(1, List.of(), List.of(), List.of())),
                scoped("d-prio5", "10.0.3.0/32", scope(5, List.of(), List.of(), List.of())),
                scoped("0-unset", "10.0.4.0/32", scope(null, List.of(), List.of(), List.of())),
                pool("unscoped", "10.0.5.0/32"));
        assertThat(List.of(0, 1, 2, 3, 4, 5).stream().map(i -> Fx.pool(a.allocate(req("t", "x" + i)))).toList())
                .containsExactly("c-prio1", "b-prio5", "d-prio5", "0-unset", "a-unset", "unscoped");
        var f = failure(a.allocate(req("t", "last")), FailureReason.POOL_EXHAUSTED);
        assertThat(f.message()).startsWith("no pool that admits t/last can serve it: pool c-prio1 has no free IPv4 "
                + "address (1 of 1 in use); pool b-prio5");
    }

    @Test
    void unscopedPoolsAreOrderedByName() {
        PoolAllocator a = allocator(pool("b", "10.0.0.0/32"), pool("a", "10.0.1.0/32"));
        assertThat(Fx.pool(a.allocate(req("t", "x")))).isEqualTo("a");
        assertThat(Fx.pool(a.allocate(req("t", "y")))).isEqualTo("b");
    }

    @Test
    void scopedPoolThatDoesNotAdmitIsNeverUsedAutomatically() {
        PoolAllocator a = allocator(scoped("only-acme", "10.0.0.0/30", scope(null, List.of("acme"), List.of(),
                List.of())));
        var f = failure(a.allocate(req("other", "x")), FailureReason.NO_POOL);
        assertThat(f.message()).isEqualTo("no address for other/x: no pool serves it automatically "
                + "(only-acme: scope (tenants [acme]) does not admit it)");
    }

    @Test
    void autoAssignFalsePoolIsUsedOnlyWhenNamed() {
        PoolAllocator a = allocator(AddressPool.builder("manual").addresses("10.0.0.0/30").autoAssign(false).build());
        var f = failure(a.allocate(req("t", "x")), FailureReason.NO_POOL);
        assertThat(f.message()).isEqualTo("no address for t/x: no pool serves it automatically "
                + "(manual: autoAssign is false)");
        assertThat(addrs(a.allocate(rb("t", "x").pool("manual").build()))).isEqualTo("10.0.0.0");
    }

    @Test
    void noPoolsAtAll() {
        var f = failure(PoolAllocator.builder().build().allocate(req("t", "x")), FailureReason.NO_POOL);
        assertThat(f.message()).isEqualTo("no address for t/x: no pools are configured");
    }

    @Test
    void namespaceAndServiceSelectorsMustBothMatch() {
        PoolScope s = scope(null, List.of(), List.of(LabelSelector.of(Map.of("team", "red"))),
                List.of(LabelSelector.of(Map.of("tier", "web"))));
        PoolAllocator a = allocator(scoped("red-web", "10.0.0.0/30", s), pool("fallback", "10.0.1.0/30"));
        assertThat(Fx.pool(a.allocate(rb("t", "both").tenantLabels(Map.of("team", "red")).label("tier", "web")
                .build()))).isEqualTo("red-web");
        assertThat(Fx.pool(a.allocate(rb("t", "ns-only").tenantLabels(Map.of("team", "red")).build())))
                .isEqualTo("fallback");
        assertThat(Fx.pool(a.allocate(rb("t", "svc-only").label("tier", "web").build()))).isEqualTo("fallback");
    }

    @Test
    void tenantByNameOrByLabelEitherAdmits() {
        PoolScope s = scope(null, List.of("acme"), List.of(LabelSelector.of(Map.of("team", "red"))), List.of());
        PoolAllocator a = allocator(scoped("s", "10.0.0.0/30", s), pool("u", "10.0.1.0/30"));
        assertThat(Fx.pool(a.allocate(req("acme", "x")))).isEqualTo("s");
        assertThat(Fx.pool(a.allocate(rb("other", "x").tenantLabels(Map.of("team", "red")).build()))).isEqualTo("s");
        assertThat(Fx.pool(a.allocate(req("other", "y")))).isEqualTo("u");
    }

    @Test
    void fullScopedPoolFallsBackToUnscoped() {
        PoolAllocator a = allocator(scoped("s", "10.0.0.0/32", scope(1, List.of(), List.of(), List.of())),
                pool("u", "10.0.1.0/32"));
        assertThat(Fx.pool(a.allocate(req("t", "x")))).isEqualTo("s");
        assertThat(Fx.pool(a.allocate(req("t", "y")))).isEqualTo("u");
    }

    @Test
    void namedPoolThatDoesNotExist() {
        PoolAllocator a = allocator(pool("a", "10.0.0.0/30"), pool("b", "10.0.1.0/30"));
        var f = failure(a.allocate(rb("t", "x").pool("c").build()), FailureReason.NO_POOL);
        assertThat(f.message()).isEqualTo("pool 'c' does not exist (pools: a, b)");
    }

    @Test
    void namedPoolWhoseScopeDoesNotAdmit() {
        PoolAllocator a = allocator(scoped("s", "10.0.0.0/30", scope(3, List.of("acme"), List.of(),
                List.of(LabelSelector.of(Map.of("tier", "web"))))));
        var f = failure(a.allocate(rb("other", "x").pool("s").build()), FailureReason.POOL_NOT_ALLOWED);
        assertThat(f.message()).isEqualTo("pool s's scope (priority 3, tenants [acme], service selectors "
                + "[{tier=web}]) does not admit other/x");
        assertThat(a.allocations()).isEmpty();
        assertThat(addrs(a.allocate(rb("acme", "x").pool("s").label("tier", "web").build()))).isEqualTo("10.0.0.0");
    }

    @Test
    void namedPoolIsUsedEvenIfAnotherHasPriority() {
        PoolAllocator a = allocator(scoped("s", "10.0.0.0/30", scope(0, List.of(), List.of(), List.of())),
                pool("u", "10.0.1.0/30"));
        assertThat(addrs(a.allocate(rb("t", "x").pool("u").build()))).isEqualTo("10.0.1.0");
    }
}
