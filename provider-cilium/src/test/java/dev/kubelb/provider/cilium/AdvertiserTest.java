package dev.kubelb.provider.cilium;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelb.api.AddressPool;
import dev.kubelb.api.AdvertisementPreview;
import dev.kubelb.api.ApplianceConfig;
import dev.kubelb.api.BgpAdvertisement;
import dev.kubelb.api.BgpPeer;
import dev.kubelb.api.Community;
import dev.kubelb.api.CommunityAlias;
import dev.kubelb.api.Problem;
import dev.kubelb.api.RouteAnnouncement;
import dev.kubelb.api.TrafficPolicy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdvertiserTest {
    private final CiliumSession session = Fixtures.session();

    private static String line(RouteAnnouncement r) {
        return r.peer() + " " + r.prefix() + " " + r.communities().stream().map(Community::text).toList() + " "
                + r.localPref().map(String::valueOf).orElse("-") + " " + r.advertisements() + " " + r.services();
    }

    @Test
    void oneHostRoutePerServiceAddressAndFamily() {
        var web = Fixtures.request("tenant-a", "web", Fixtures.tcp(80)).build();
        var dual = Fixtures.request("tenant-b", "dual", Fixtures.tcp(80)).label("tier", "internal").build();
        AdvertisementPreview p = session.advertiser().advertisements(Fixtures.config(), List.of(
                Fixtures.assign(web, "extern", "10.10.255.201"), Fixtures.assign(dual, "internal", "10.20.0.5",
                        "fd00:20::5")));
        assertThat(p.routes()).extracting(AdvertiserTest::line).containsExactly(
                "tor-a 10.10.255.201/32 [64512:100, large:64512:1:2, no-export] 200 [extern] [tenant-a/web]",
                "tor-a 10.20.0.5/32 [] 50 [internal] [tenant-b/dual]",
                "tor-a fd00:20::5/128 [] 50 [internal] [tenant-b/dual]",
                "tor-b 10.10.255.201/32 [64512:100, large:64512:1:2, no-export] 200 [extern] [tenant-a/web]",
                // eBGP peer: no local preference
                "upstream 10.10.255.201/32 [64512:100, large:64512:1:2, no-export] - [extern] [tenant-a/web]");
    }

    @Test
    void overlappingAdvertisementsUnionCommunitiesAndTheHighestLocalPreferenceWins() {
        ApplianceConfig c = ApplianceConfig.builder()
                .pool(AddressPool.builder("p").addresses("10.0.0.0/24").build())
                .advertisement(BgpAdvertisement.builder("low").pools("p").localPref(100).communities("65000:1", "gold")
                        .build())
                .advertisement(BgpAdvertisement.builder("high").pools("p").localPref(300).communities("65000:2",
                        "65000:1").build())
                .advertisement(BgpAdvertisement.builder("agg").pools("p").aggregation(24, 128).build())
                .communityAlias(new CommunityAlias("gold", Community.parse("65000:999")))
                .peer(BgpPeer.builder("ibgp", 65000, 65000, "10.9.0.1").build())
                .build();
        var cluster = Fixtures.request("t", "cluster", Fixtures.tcp(80)).build();
        var local = Fixtures.request("t", "local", Fixtures.tcp(80)).trafficPolicy(TrafficPolicy.LOCAL)
                .podSelector(Map.of("app", "x")).build();
        AdvertisementPreview p = session.advertiser().advertisements(c, List.of(Fixtures.assign(cluster, "p", "10.0.0.7"),
                Fixtures.assign(local, "p", "10.0.0.8")));
        assertThat(p.routes()).extracting(AdvertiserTest::line).containsExactly(
                "ibgp 10.0.0.0/24 [] - [agg] [t/cluster]",
                "ibgp 10.0.0.7/32 [65000:1, 65000:2, 65000:999] 300 [high, low] [t/cluster]",
                // Local: aggregation is ignored, so all three advertisements give the host route
                "ibgp 10.0.0.8/32 [65000:1, 65000:2, 65000:999] 300 [agg, high, low] [t/local]");
        assertThat(p.warnings()).extracting(Problem::toString).containsExactly("Service/t/local: spec.externalTrafficPolicy:"
                + " Local: Cilium announces 10.0.0.8/32 only from nodes with a local endpoint (aggregation is ignored)");
    }

    @Test
    void l2AnnouncementsAndWarnings() {
        ApplianceConfig c = Fixtures.config();
        var printer = Fixtures.request("tenant-a", "printer", Fixtures.tcp(631)).build();
        AdvertisementPreview p = session.advertiser().advertisements(c, List.of(Fixtures.assign(printer, "office",
                "192.168.50.20")));
        assertThat(p.routes()).isEmpty();
        assertThat(p.l2()).singleElement().satisfies(a -> {
            assertThat(a.address().toString()).isEqualTo("192.168.50.20");
            assertThat(a.advertisement()).isEqualTo("office");
            assertThat(a.interfaces()).containsExactly("eth1");
            assertThat(a.nodeSelectors()).hasSize(1);
        });
        ApplianceConfig dark = ApplianceConfig.builder().pool(AddressPool.builder("dark").addresses("10.0.0.0/24").build())
                .build();
        assertThat(session.advertiser().advertisements(dark, List.of(Fixtures.assign(printer, "dark", "10.0.0.1")))
                .warnings()).extracting(Problem::toString).containsExactly("Service/tenant-a/printer: 10.0.0.1 is "
                        + "allocated from pool 'dark' but no advertisement selects the pool: it is not announced");
    }
}
