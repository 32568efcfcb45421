package dev.kubelb.examples.providerfrr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelb.api.Allocation;
import dev.kubelb.api.ApplianceConfig;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The vtysh fast path: the commands between two rendered configurations, or none where frr-reload.py must run. */
class FrrDiffTest {
    private final ApplianceConfig config = FrrConfTest.config();

    private String render(List<Allocation> allocations, Map<String, String> passwords) {
        return FrrConf.render(config, FrrAdvertiser.routes(config, allocations), allocations.stream()
                .flatMap(a -> a.addresses().stream()).toList(), passwords, Optional.empty());
    }

    @Test
    void aNewServiceAddsItsPolicyBeforeItsRouteAndAReleaseRemovesItsRouteFirst() {
        String before = render(List.of(), Map.of("edge", "pw"));
        String after = render(List.of(FrrConfTest.allocation("web", "extern", "10.10.255.201")), Map.of("edge", "pw"));
        List<String> add = FrrDiff.commands(before, after).orElseThrow().stream().map(p -> String.join(" > ", p))
                .toList();
        assertThat(add).containsExactly(
                "ip prefix-list kubelb-edge-1 seq 5 permit 10.10.255.192/28",
                "ip prefix-list kubelb-core-1 seq 5 permit 10.10.255.201/32",
                "route-map kubelb-edge-out permit 10",
                "route-map kubelb-edge-out permit 10 > match ip address prefix-list kubelb-edge-1",
                "route-map kubelb-core-out permit 10",
                "route-map kubelb-core-out permit 10 > match ip address prefix-list kubelb-core-1",
                "router bgp 64500 > address-family ipv4 unicast > network 10.10.255.201/32",
                "router bgp 64500 > address-family ipv4 unicast > aggregate-address 10.10.255.192/28");
        List<String> remove = FrrDiff.commands(after, before).orElseThrow().stream().map(p -> String.join(" > ", p))
                .toList();
        assertThat(remove).containsExactly(
                "router bgp 64500 > address-family ipv4 unicast > no network 10.10.255.201/32",
                "router bgp 64500 > address-family ipv4 unicast > no aggregate-address 10.10.255.192/28",
                "no route-map kubelb-edge-out permit 10",
                "no route-map kubelb-core-out permit 10",
                "no ip prefix-list kubelb-edge-1 seq 5 permit 10.10.255.192/28",
                "no ip prefix-list kubelb-core-1 seq 5 permit 10.10.255.201/32");
        assertThat(FrrDiff.commands(after, after)).contains(List.of());
    }

    @Test
    void aChangedPasswordOrNeighborIsLeftToFrrReload() {
        String one = render(List.of(), Map.of("edge", "pw"));
        assertThat(FrrDiff.commands(one, render(List.of(), Map.of("edge", "other")))).isEmpty();
        assertThat(FrrDiff.commands(one, render(List.of(), Map.of()))).isEmpty();
        assertThat(FrrDiff.commands(one, one.replace("timers 1 3", "timers 2 6"))).isEmpty();
    }
}
