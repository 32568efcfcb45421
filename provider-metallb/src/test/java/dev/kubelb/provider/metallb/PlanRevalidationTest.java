package dev.kubelb.provider.metallb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelb.api.AddressPool;
import dev.kubelb.api.Allocation;
import dev.kubelb.api.AllocationFailure;
import dev.kubelb.api.ApplianceConfig;
import dev.kubelb.api.FailureReason;
import dev.kubelb.api.IpAddress;
import dev.kubelb.api.IpFamily;
import dev.kubelb.api.IpFamilyPolicy;
import dev.kubelb.api.LabelSelector;
import dev.kubelb.api.LoadBalancerId;
import dev.kubelb.api.LoadBalancerRequest;
import dev.kubelb.api.PoolScope;
import dev.kubelb.api.PortSpec;
import dev.kubelb.core.Plan;
import dev.kubelb.core.Planner;
import dev.kubelb.spi.ProviderContext;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The planner checks an address a Service already holds (its status) or pins again, as MetalLB's
 * controller does (controller/service.go convergeBalancer: Assign the held IPs again, clear them when the
 * config no longer allows them, when another pool is annotated, or when other IPs are requested), through
 * the same allocate → vet path as the engine.
 */
class PlanRevalidationTest {
    private static final AddressPool RED = AddressPool.builder("red").addresses("192.0.2.0/28").build();
    private static final AddressPool BLUE = AddressPool.builder("blue").addresses("198.51.100.0/28",
            "2001:db8::/124").build();
    private final MetalLbSession session = new MetalLbSession(ProviderContext.offline("metallb-system"));

    private Plan plan(ApplianceConfig config, List<LoadBalancerRequest> requests, List<Allocation> held) {
        return Planner.builder(session).build().plan(config, requests, held);
    }

    private static LoadBalancerRequest.Builder svc(String name) {
        return LoadBalancerRequest.builder("shop", name).port(PortSpec.tcp(80));
    }

    private static Allocation holds(String name, String pool, String... addresses) {
        return new Allocation(new LoadBalancerId("shop", name), pool,
                List.of(addresses).stream().map(IpAddress::parse).toList(), Optional.empty());
    }

    private static Optional<Allocation> allocation(Plan p, String name) {
        return p.allocations().stream().filter(a -> a.id().name().equals(name)).findFirst();
    }

    private static Optional<AllocationFailure> failure(Plan p, String name) {
        return p.failures().stream().filter(f -> f.id().name().equals(name)).findFirst();
    }

    @Test
    void aHeldAddressOutsideTheAnnotatedPoolIsReplacedFromThatPool() {
        ApplianceConfig c = ApplianceConfig.builder().pool(RED).pool(BLUE).build();
        Plan p = plan(c, List.of(svc("web").pool("blue").build()), List.of(holds("web", "red", "192.0.2.3")));
        assertThat(allocation(p, "web")).map(Allocation::pool).contains("blue");
        assertThat(allocation(p, "web").orElseThrow().addresses()).containsExactly(IpAddress.parse("198.51.100.0"));
    }

    @Test
    void aHeldAddressOfTheWrongFamilyIsReplaced() {
        ApplianceConfig c = ApplianceConfig.builder().pool(BLUE).build();
        LoadBalancerRequest v6 = svc("web").ipFamilies(IpFamily.IPV6).build();
        Plan p = plan(c, List.of(v6), List.of(holds("web", "blue", "198.51.100.5")));
        assertThat(allocation(p, "web").orElseThrow().addresses()).containsExactly(IpAddress.parse("2001:db8::"));
    }

    @Test
    void aSinglePinUnderRequireDualStackFails() {
        // controller/service.go allocateIPs: "requested loadBalancer IP(s) ... does not match the ipFamily of
        // the service"
        ApplianceConfig c = ApplianceConfig.builder().pool(BLUE).build();
        LoadBalancerRequest r = svc("web").ipFamilyPolicy(IpFamilyPolicy.REQUIRE_DUAL_STACK)
                .ipFamilies(IpFamily.IPV4, IpFamily.IPV6).requestedAddresses("198.51.100.5").build();
        Plan p = plan(c, List.of(r), List.of(holds("web", "blue", "198.51.100.5")));
        assertThat(allocation(p, "web")).isEmpty();
        assertThat(failure(p, "web")).isPresent();
    }

    @Test
    void aPinInAPoolWhoseServiceSelectorsDoNotMatchFails() {
        AddressPool scoped = AddressPool.builder("scoped").addresses("203.0.113.0/28")
                .scope(new PoolScope(Optional.empty(), List.of(), List.of(),
                        List.of(LabelSelector.of(Map.of("tier", "web"))))).build();
        ApplianceConfig c = ApplianceConfig.builder().pool(scoped).pool(RED).build();
        LoadBalancerRequest r = svc("db").label("tier", "db").requestedAddresses("203.0.113.4").build();
        Plan p = plan(c, List.of(r), List.of(holds("db", "scoped", "203.0.113.4")));
        assertThat(allocation(p, "db")).isEmpty();
        assertThat(failure(p, "db").orElseThrow().message()).contains("scoped");
    }

    @Test
    void aPinContradictingTheAnnotatedPoolFails() {
        ApplianceConfig c = ApplianceConfig.builder().pool(RED).pool(BLUE).build();
        LoadBalancerRequest r = svc("web").pool("blue").requestedAddresses("192.0.2.4").build();
        Plan p = plan(c, List.of(r), List.of(holds("web", "red", "192.0.2.4")));
        assertThat(allocation(p, "web")).isEmpty();
        assertThat(failure(p, "web").orElseThrow().reason()).isEqualTo(FailureReason.ADDRESS_NOT_IN_POOL);
    }

    @Test
    void aHeldAddressWinsOverAPinWhateverTheNames() {
        // "a" sorts first and only pins 192.0.2.1; "z" holds it in its status
        ApplianceConfig c = ApplianceConfig.builder().pool(RED).build();
        LoadBalancerRequest a = svc("a").requestedAddresses("192.0.2.1").build();
        LoadBalancerRequest z = svc("z").build();
        for (List<LoadBalancerRequest> order : List.of(List.of(a, z), List.of(z, a))) {
            Plan p = plan(c, order, List.of(holds("a", "red", "192.0.2.1"), holds("z", "red", "192.0.2.1")));
            assertThat(allocation(p, "z").orElseThrow().addresses()).as(order.toString())
                    .containsExactly(IpAddress.parse("192.0.2.1"));
            assertThat(failure(p, "a").orElseThrow().reason()).as(order.toString())
                    .isEqualTo(FailureReason.ADDRESS_IN_USE);
        }
    }

    @Test
    void aServiceSortingFirstCannotTakeAnAddressAnotherHolds() {
        ApplianceConfig c = ApplianceConfig.builder().pool(RED).build();
        Plan p = plan(c, List.of(svc("a").build(), svc("b").build()), List.of(holds("b", "red", "192.0.2.0")));
        assertThat(allocation(p, "b").orElseThrow().addresses()).containsExactly(IpAddress.parse("192.0.2.0"));
        assertThat(allocation(p, "a").orElseThrow().addresses()).containsExactly(IpAddress.parse("192.0.2.1"));
    }

    @Test
    void aHeldAddressStillValidIsKept() {
        ApplianceConfig c = ApplianceConfig.builder().pool(RED).build();
        Plan p = plan(c, List.of(svc("web").build()), List.of(holds("web", "red", "192.0.2.9")));
        assertThat(allocation(p, "web").orElseThrow().addresses()).containsExactly(IpAddress.parse("192.0.2.9"));
        assertThat(p.failures()).isEmpty();
    }

    @Test
    void aHeldAddressThePoolNoLongerHandsOutIsReplaced() {
        // avoidBuggyIPs turned on: .0 is no longer handed out (allocator.go Assign refuses it)
        AddressPool buggy = AddressPool.builder("red").addresses("192.0.2.0/28").avoidBuggyIps(true).build();
        ApplianceConfig c = ApplianceConfig.builder().pool(buggy).build();
        Plan p = plan(c, List.of(svc("web").build()), List.of(holds("web", "red", "192.0.2.0")));
        assertThat(allocation(p, "web").orElseThrow().addresses()).containsExactly(IpAddress.parse("192.0.2.1"));
    }
}
