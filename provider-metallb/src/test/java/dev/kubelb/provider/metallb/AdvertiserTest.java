package dev.kubelb.provider.metallb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelb.api.AddressPool;
import dev.kubelb.api.AddressRange;
import dev.kubelb.api.AdvertisementPreview;
import dev.kubelb.api.Allocation;
import dev.kubelb.api.ApplianceConfig;
import dev.kubelb.api.BgpAdvertisement;
import dev.kubelb.api.BgpPeer;
import dev.kubelb.api.Community;
import dev.kubelb.api.CommunityAlias;
import dev.kubelb.api.DynamicAsn;
import dev.kubelb.api.IpAddress;
import dev.kubelb.api.L2Announcement;
import dev.kubelb.api.LabelSelector;
import dev.kubelb.api.LoadBalancerId;
import dev.kubelb.api.LoadBalancerRequest;
import dev.kubelb.api.PortSpec;
import dev.kubelb.api.Problem;
import dev.kubelb.api.RouteAnnouncement;
import dev.kubelb.spi.Assignment;
import dev.kubelb.spi.ProviderContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** "What will my router see?": the advertisement preview. */
class AdvertiserTest {
    private final MetalLbSession session = new MetalLbSession(ProviderContext.offline("metallb-system"));

    private static Assignment assign(String name, String pool, String... addresses) {
        LoadBalancerRequest r = LoadBalancerRequest.builder("tenant-a", name).port(PortSpec.tcp(80)).build();
        List<IpAddress> a = new ArrayList<>();
        for (String s : addresses) {
            a.add(IpAddress.parse(s));
        }
        return new Assignment(r, new Allocation(r.id(), pool, a, Optional.empty()));
    }

    private static LoadBalancerId id(String name) {
        return LoadBalancerId.of("tenant-a", name);
    }

    private AdvertisementPreview preview(ApplianceConfig c, Assignment... assignments) {
        return session.advertiser().advertisements(c, List.of(assignments));
    }

    private static List<String> routes(AdvertisementPreview p) {
        return p.routes().stream().map(r -> r.peer() + " " + r.prefix() + " " + r.services()).toList();
    }

    @Test
    void seedScenarioAnnouncesEachAddressAsSlash32ToEveryPeer() {
        ApplianceConfig seed = session.importConfig(Manifests.load("seed.yaml"));
        AdvertisementPreview p = preview(seed, assign("web", "extern", "10.10.255.201"),
                assign("api", "extern", "10.10.255.200"), assign("dns", "extern", "10.10.255.202"));
        assertThat(routes(p)).containsExactly(
                "router-a 10.10.255.200/32 [tenant-a/api]",
                "router-a 10.10.255.201/32 [tenant-a/web]",
                "router-a 10.10.255.202/32 [tenant-a/dns]",
                "router-b 10.10.255.200/32 [tenant-a/api]",
                "router-b 10.10.255.201/32 [tenant-a/web]",
                "router-b 10.10.255.202/32 [tenant-a/dns]");
        RouteAnnouncement first = p.routes().get(0);
        assertThat(first.communities()).isEmpty();
        assertThat(first.localPref()).as("eBGP peers get no LOCAL_PREF").isEmpty();
        assertThat(first.nodeSelectors()).isEmpty();
        assertThat(first.advertisements()).containsExactly("extern");
        assertThat(p.l2()).isEmpty();
        assertThat(p.warnings()).isEmpty();
    }

    @Test
    void aggregationCollapsesServicesIntoOneAnnouncement() {
        ApplianceConfig c = ApplianceConfig.builder()
                .pool(AddressPool.builder("extern").addresses("10.10.255.200-10.10.255.250").avoidBuggyIps(true).build())
                .advertisement(BgpAdvertisement.builder("agg").pools("extern").aggregation(28, 128).build())
                .peer(BgpPeer.builder("router", 64500, 64501, "10.0.0.1").build())
                .build();
        AdvertisementPreview p = preview(c, assign("c", "extern", "10.10.255.210"),
                assign("a", "extern", "10.10.255.200"), assign("b", "extern", "10.10.255.201"));
        assertThat(routes(p)).containsExactly(
                "router 10.10.255.192/28 [tenant-a/a, tenant-a/b]",
                "router 10.10.255.208/28 [tenant-a/c]");
        assertThat(p.routes().get(0).prefix()).isEqualTo(AddressRange.parse("10.10.255.192/28"));
    }

    @Test
    void ipv6UsesAggregationLengthV6() {
        ApplianceConfig c = ApplianceConfig.builder()
                .pool(AddressPool.builder("dual").addresses("192.0.2.0/24", "2001:db8::/64").build())
                .advertisement(BgpAdvertisement.builder("agg").aggregation(24, 64).build())
                .peer(BgpPeer.builder("router", 64500, 64501, "10.0.0.1").build())
                .peer(BgpPeer.builder("router6", 64500, 64501, "2001:db8:ffff::1").build())
                .build();
        AdvertisementPreview p = preview(c, assign("web", "dual", "192.0.2.7", "2001:db8::7"));
        assertThat(routes(p)).containsExactly("router 192.0.2.0/24 [tenant-a/web]",
                "router6 2001:db8::/64 [tenant-a/web]");
    }

    @Test
    void communitiesAreResolvedThroughAliasesSortedAndDeduplicated() {
        ApplianceConfig c = session.importConfig(Manifests.load("bgp.yaml"));
        AdvertisementPreview p = preview(c, assign("web", "bgp-pool", "198.51.100.10"));
        RouteAnnouncement local = p.routesFor("ibgp").get(0);
        assertThat(local.prefix()).hasToString("198.51.100.10/32");
        assertThat(local.communities()).extracting(Community::text).containsExactly("1234:1", "64512:100");
        // peer1 gets both advertisements: /32 from "local" and /24 from "external" (no-advertise alias + large)
        assertThat(p.routesFor("peer1")).extracting(r -> r.prefix() + " " + r.advertisements() + " "
                + r.communities().stream().map(Community::text).toList()).containsExactly(
                "198.51.100.0/24 [external] [large:64512:1:1, 65535:65282]",
                "198.51.100.10/32 [local] [1234:1, 64512:100]");
        assertThat(p.routesFor("peer1").get(0).nodeSelectors()).hasSize(2);
    }

    @Test
    void aliasesAndLiteralsNamingTheSameCommunityCollapse() {
        ApplianceConfig c = ApplianceConfig.builder()
                .pool(AddressPool.builder("p").addresses("192.0.2.0/24").build())
                .communityAlias(new CommunityAlias("vpn", Community.parse("1234:1")))
                .communityAlias(new CommunityAlias("big", Community.parse("large:1:2:3")))
                .advertisement(BgpAdvertisement.builder("a").communities("vpn", "1234:1", "big", "64512:100").build())
                .advertisement(BgpAdvertisement.builder("b").communities("no-export", "1234:1").build())
                .peer(BgpPeer.builder("r", 64500, 64501, "10.0.0.1").build())
                .build();
        RouteAnnouncement r = preview(c, assign("web", "p", "192.0.2.1")).routes().get(0);
        assertThat(r.advertisements()).containsExactly("a", "b");
        // MetalLB's order: a standard community counts as <value>:0:0 against large ones
        assertThat(r.communities()).extracting(Community::text)
                .containsExactly("large:1:2:3", "1234:1", "64512:100", "no-export");
    }

    @Test
    void localPrefReachesInternalPeersOnly() {
        ApplianceConfig c = ApplianceConfig.builder()
                .pool(AddressPool.builder("p").addresses("192.0.2.0/24").build())
                .advertisement(BgpAdvertisement.builder("pref").localPref(200).build())
                .peer(BgpPeer.builder("ebgp", 64500, 64501, "10.0.0.1").build())
                .peer(BgpPeer.builder("ibgp", 64500, 64500, "10.0.0.2").build())
                .peer(BgpPeer.builder("learned", 64500, "10.0.0.3").dynamicAsn(DynamicAsn.INTERNAL).build())
                .build();
        AdvertisementPreview p = preview(c, assign("web", "p", "192.0.2.1"));
        assertThat(p.routes()).extracting(r -> r.peer() + "=" + r.localPref().map(String::valueOf).orElse("-"))
                .containsExactly("ebgp=-", "ibgp=200", "learned=200");
    }

    @Test
    void advertisementPeersAndNodeSelectorsLimitTheAnnouncement() {
        LabelSelector rack = LabelSelector.of(Map.of("rack", "r1"));
        ApplianceConfig c = ApplianceConfig.builder()
                .pool(AddressPool.builder("p").addresses("192.0.2.0/24").build())
                .advertisement(BgpAdvertisement.builder("only-a").peers("a").nodeSelector(rack).build())
                .peer(BgpPeer.builder("a", 64500, 64501, "10.0.0.1").build())
                .peer(BgpPeer.builder("b", 64500, 64501, "10.0.0.2").build())
                .build();
        AdvertisementPreview p = preview(c, assign("web", "p", "192.0.2.1"));
        assertThat(routes(p)).containsExactly("a 192.0.2.1/32 [tenant-a/web]");
        assertThat(p.routes().get(0).nodeSelectors()).containsExactly(rack);
    }

    @Test
    void l2AnnouncementsAndUnannouncedAddresses() {
        ApplianceConfig c = session.importConfig(Manifests.load("l2.yaml"));
        c = ApplianceConfig.builder().pool(c.pools().get(0))
                .pool(AddressPool.builder("dark").addresses("192.0.2.0/24").build())
                .advertisement(c.advertisements().get(0)).advertisement(c.advertisements().get(1)).build();
        AdvertisementPreview p = preview(c, assign("web", "l2-pool", "192.168.1.241"),
                assign("hidden", "dark", "192.0.2.9"), assign("lost", "gone", "203.0.113.1"));
        assertThat(p.routes()).isEmpty();
        assertThat(p.l2()).extracting(L2Announcement::advertisement).containsExactly("by-label", "example");
        assertThat(p.l2().get(1).interfaces()).containsExactly("eth0", "eth1");
        assertThat(p.l2().get(0).nodeSelectors()).hasSize(2);
        assertThat(p.l2().get(0).address()).hasToString("192.168.1.241");
        assertThat(p.warnings()).extracting(Problem::toString).containsExactly(
                "IPAddressPool/dark: address 192.0.2.9 of tenant-a/hidden is allocated but not announced: no "
                        + "L2Advertisement, and no BGPAdvertisement reaching a BGPPeer, selects this pool",
                "IPAddressPool/gone: addresses [203.0.113.1] of tenant-a/lost come from a pool that does not exist: "
                        + "nothing announces them");
    }

    @Test
    void aBgpAdvertisementWithoutPeersAnnouncesNothing() {
        ApplianceConfig c = ApplianceConfig.builder()
                .pool(AddressPool.builder("p").addresses("192.0.2.0/24").build())
                .advertisement(BgpAdvertisement.builder("bgp").build())
                .build();
        AdvertisementPreview p = preview(c, assign("web", "p", "192.0.2.1"));
        assertThat(p.routes()).isEmpty();
        assertThat(p.warnings()).hasSize(1);
    }

    @Test
    void previewIsIndependentOfAssignmentOrder() {
        ApplianceConfig c = session.importConfig(Manifests.load("bgp.yaml"));
        List<Assignment> as = new ArrayList<>(List.of(assign("a", "bgp-pool", "198.51.100.1", "2001:db8:a::1"),
                assign("b", "bgp-pool", "198.51.100.2"), assign("c", "bgp-pool", "198.51.100.3", "2001:db8:a::3")));
        AdvertisementPreview first = session.advertiser().advertisements(c, as);
        Collections.reverse(as);
        assertThat(session.advertiser().advertisements(c, as)).isEqualTo(first);
        assertThat(first.routes()).extracting(RouteAnnouncement::peer).isSorted();
        assertThat(first.routesFor("peer1")).extracting(r -> r.prefix().toString() + " " + r.services()).containsExactly(
                "198.51.100.0/24 [tenant-a/a, tenant-a/b, tenant-a/c]",
                "198.51.100.1/32 [tenant-a/a]",
                "198.51.100.2/32 [tenant-a/b]",
                "198.51.100.3/32 [tenant-a/c]"); // an IPv4 session: the IPv6 addresses do not travel
        assertThat(id("a")).isEqualTo(first.routes().get(0).services().get(0));
    }

    @Test
    void routesComeFromNodesTheAdvertisementSelectsThatAlsoPeer() {
        LabelSelector rackA = LabelSelector.of(Map.of("rack", "a"));
        LabelSelector rackB = LabelSelector.of(Map.of("rack", "b"));
        LabelSelector edge = LabelSelector.of(Map.of("role", "edge"));
        ApplianceConfig c = ApplianceConfig.builder()
                .pool(AddressPool.builder("p").addresses("192.0.2.0/24").build())
                .advertisement(BgpAdvertisement.builder("racks").nodeSelector(rackA).nodeSelector(rackB).build())
                .peer(BgpPeer.builder("edge-router", 64500, 64501, "10.0.0.1").nodeSelector(edge).build())
                .peer(BgpPeer.builder("rack-b-router", 64500, 64501, "10.0.0.2").nodeSelector(rackB).build())
                .peer(BgpPeer.builder("rack-c-router", 64500, 64501, "10.0.0.3")
                        .nodeSelector(LabelSelector.of(Map.of("rack", "c"))).build())
                .build();
        AdvertisementPreview p = preview(c, assign("web", "p", "192.0.2.1"));
        assertThat(p.routes()).extracting(RouteAnnouncement::peer).as("no rack-c node announces")
                .containsExactly("edge-router", "rack-b-router");
        assertThat(p.routesFor("edge-router").get(0).nodeSelectors()).containsExactly(
                LabelSelector.of(Map.of("rack", "a", "role", "edge")), LabelSelector.of(Map.of("rack", "b", "role", "edge")));
        assertThat(p.routesFor("rack-b-router").get(0).nodeSelectors()).containsExactly(rackB);
        assertThat(AdvertiserTestSupport.nodes(List.of(), List.of(edge))).contains(List.of(edge));
    }

    @Test
    void aSessionCarriesTheFamilyOfItsPeerAddressOnly() {
        ApplianceConfig c = ApplianceConfig.builder()
                .pool(AddressPool.builder("dual").addresses("192.0.2.0/24", "2001:db8::/64").build())
                .advertisement(BgpAdvertisement.builder("all").build())
                .peer(BgpPeer.builder("mp", 64500, 64501, "10.0.0.1").build())
                .peer(BgpPeer.builder("v4-only", 64500, 64501, "10.0.0.2").disableMp(true).build())
                .peer(BgpPeer.builder("v6-only", 64500, 64501, "2001:db8:ffff::2").disableMp(true).build())
                .build();
        // MetalLB >= 0.15 (internal/bgp/frr/frr.go): the family of peerAddress, MP-BGP or not
        assertThat(routes(preview(c, assign("web", "dual", "192.0.2.1", "2001:db8::1")))).containsExactly(
                "mp 192.0.2.1/32 [tenant-a/web]",
                "v4-only 192.0.2.1/32 [tenant-a/web]",
                "v6-only 2001:db8::1/128 [tenant-a/web]");
    }
}
