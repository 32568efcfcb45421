package dev.kubelb.provider.cilium;

import dev.kubelb.api.AddressPool;
import dev.kubelb.api.ApplianceConfig;
import dev.kubelb.api.BgpAdvertisement;
import dev.kubelb.api.BgpPeer;
import dev.kubelb.api.L2Advertisement;
import dev.kubelb.api.LabelSelector;
import dev.kubelb.api.PoolScope;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The neutral configurations behind the round-trip corpus (modelled on the Cilium documentation's examples). */
final class Corpus {
    private Corpus() {
    }

    /** The seed scenario: pool extern, advertised over BGP to one ToR (docs: "BGP Control Plane v2" quick start). */
    static ApplianceConfig seed() {
        return ApplianceConfig.builder()
                .pool(AddressPool.builder("extern").addresses("10.10.255.200-10.10.255.250").avoidBuggyIps(true).build())
                .advertisement(BgpAdvertisement.builder("extern").pools("extern").build())
                .peer(BgpPeer.builder("instance-65000-tor", 65001, 65000, "10.0.0.1").build())
                .build();
    }

    /** Docs "L2 Announcements": a blue pool (CIDR + start/stop), announced off control-plane nodes on eth*. */
    static ApplianceConfig l2() {
        return ApplianceConfig.builder()
                .pool(AddressPool.builder("blue-pool").addresses("20.0.10.0/24", "20.0.20.100-20.0.20.200")
                        .scope(new PoolScope(Optional.empty(), List.of(), List.of(),
                                List.of(LabelSelector.of(Map.of("color", "blue"))))).build())
                .advertisement(new L2Advertisement("policy1", List.of("blue-pool"), List.of(),
                        List.of(new LabelSelector(Map.of(), List.of(new LabelSelector.Requirement(
                                "node-role.kubernetes.io/control-plane", LabelSelector.Operator.DoesNotExist, List.of())))),
                        List.of("^eth[0-9]+")))
                .build();
    }

    /** Dual-stack pool, aggregation, two node groups (two cluster configs), a dynamic-AS peer. */
    static ApplianceConfig multi() {
        return ApplianceConfig.builder()
                .pool(AddressPool.builder("dual").addresses("10.30.0.0/26", "2001:db8:30::/64").build())
                .advertisement(BgpAdvertisement.builder("dual-agg").pools("dual").aggregation(26, 64)
                        .communities("65000:10", "graceful-shutdown").build())
                .peer(BgpPeer.builder("rack1-tor", 65010, 65000, "10.1.0.1")
                        .nodeSelector(LabelSelector.of(Map.of("rack", "rack1"))).build())
                .peer(BgpPeer.builder("rack2-tor", 65020, 65000, "10.2.0.1")
                        .nodeSelector(LabelSelector.of(Map.of("rack", "rack2"))).timers(Duration.ofSeconds(30),
                                Duration.ofSeconds(10)).build())
                .peer(BgpPeer.builder("rs", 65010, "10.1.0.254").dynamicAsn(dev.kubelb.api.DynamicAsn.EXTERNAL)
                        .nodeSelector(LabelSelector.of(Map.of("rack", "rack1"))).build())
                .build();
    }

    static Map<String, ApplianceConfig> all() {
        return Map.of("seed", seed(), "l2", l2(), "multi", multi(), "full", Fixtures.config());
    }
}
