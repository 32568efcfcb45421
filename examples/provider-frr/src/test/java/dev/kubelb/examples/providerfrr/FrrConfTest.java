package dev.kubelb.examples.providerfrr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelb.api.Allocation;
import dev.kubelb.api.ApplianceConfig;
import dev.kubelb.api.IpAddress;
import dev.kubelb.api.LoadBalancerId;
import dev.kubelb.api.RouteAnnouncement;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The rendering of bgpd's configuration from a speaker file and allocations. */
class FrrConfTest {
    /** eBGP and iBGP over IPv4, eBGP over IPv6; an aggregated pool, a tagged pool, an IPv6 pool. */
    static final String SPEAKER = """
            asn: 64500
            routerID: 198.51.100.1
            pools:
            - name: extern
              addresses: ["10.10.255.200-10.10.255.250"]
              avoidBuggyIPs: true
            - name: tagged
              addresses: [10.10.230.0/28]
              autoAssign: false
            - name: v6
              addresses: ["2001:db8:ffff:1::/64"]
            peers:
            - name: edge
              address: 198.51.100.2
              asn: 64501
              holdTime: 3
              keepaliveTime: 1
              connectTime: 1
              passwordSecret: {name: bgp-auth}
            - name: core
              address: 198.51.100.6
              asn: 64500
              holdTime: 3
            - name: edge6
              address: "2001:db8::2"
              asn: 64501
            advertisements:
            - name: extern
              pools: [extern]
              aggregationLength: 28
              peers: [edge]
            - name: extern-hosts
              pools: [extern]
              peers: [core]
            - name: tagged
              pools: [tagged]
              communities: ["64512:100", no-export]
              largeCommunities: ["64500:1:2"]
              localPref: 150
            - name: tagged-more
              pools: [tagged]
              communities: ["64512:50"]
              localPref: 120
              peers: [core]
            - name: v6
              pools: [v6]
              aggregationLengthV6: 64
            """;

    static ApplianceConfig config() {
        return SpeakerFile.read("ConfigMap/kubelb-system/kubelb-frr", SPEAKER, "kubelb-system");
    }

    static Allocation allocation(String name, String pool, String... ips) {
        return new Allocation(new LoadBalancerId("tenant-a", name), pool,
                java.util.Arrays.stream(ips).map(IpAddress::parse).toList(), Optional.empty());
    }

    @Test
    void rendersPeersPoliciesNetworksAndAggregates() {
        ApplianceConfig config = config();
        List<Allocation> allocations = List.of(allocation("web", "extern", "10.10.255.201"),
                allocation("db", "tagged", "10.10.230.3"), allocation("v6", "v6", "2001:db8:ffff:1::5"));
        List<RouteAnnouncement> routes = FrrAdvertiser.routes(config, allocations);
        String conf = FrrConf.render(config, routes, allocations.stream().flatMap(a -> a.addresses().stream())
                .toList(), Map.of("edge", "s3cr3t"), Optional.of(Path.of("/run/frr/bgpd.log")));
        assertThat(conf).isEqualTo("""
                frr defaults traditional
                hostname kubelb-frr
                log file /run/frr/bgpd.log informational
                bgp route-map delay-timer 0
                !
                ip prefix-list kubelb-edge-1 seq 5 permit 10.10.230.3/32
                ip prefix-list kubelb-edge-2 seq 5 permit 10.10.255.192/28
                !
                ip prefix-list kubelb-core-1 seq 5 permit 10.10.230.3/32
                ip prefix-list kubelb-core-2 seq 5 permit 10.10.255.201/32
                !
                ipv6 prefix-list kubelb-edge6-1 seq 5 permit 2001:db8:ffff:1::/64
                !
                route-map kubelb-edge-out permit 10
                 match ip address prefix-list kubelb-edge-1
                 set community 64512:100 no-export
                 set large-community 64500:1:2
                exit
                !
                route-map kubelb-edge-out permit 20
                 match ip address prefix-list kubelb-edge-2
                exit
                !
                route-map kubelb-edge-out deny 65000
                exit
                !
                route-map kubelb-core-out permit 10
                 match ip address prefix-list kubelb-core-1
                 set community 64512:50 64512:100 no-export
                 set large-community 64500:1:2
                 set local-preference 150
                exit
                !
                route-map kubelb-core-out permit 20
                 match ip address prefix-list kubelb-core-2
                exit
                !
                route-map kubelb-core-out deny 65000
                exit
                !
                route-map kubelb-edge6-out permit 10
                 match ipv6 address prefix-list kubelb-edge6-1
                exit
                !
                route-map kubelb-edge6-out deny 65000
                exit
                !
                router bgp 64500
                 bgp router-id 198.51.100.1
                 no bgp ebgp-requires-policy
                 no bgp network import-check
                 no bgp default ipv4-unicast
                 neighbor 198.51.100.2 remote-as 64501
                 neighbor 198.51.100.2 timers 1 3
                 neighbor 198.51.100.2 timers connect 1
                 neighbor 198.51.100.2 password s3cr3t
                 neighbor 198.51.100.6 remote-as 64500
                 neighbor 198.51.100.6 timers 1 3
                 neighbor 2001:db8::2 remote-as 64501
                 !
                 address-family ipv4 unicast
                  network 10.10.230.3/32
                  network 10.10.255.201/32
                  aggregate-address 10.10.255.192/28
                  neighbor 198.51.100.2 activate
                  neighbor 198.51.100.2 route-map kubelb-edge-out out
                  neighbor 198.51.100.6 activate
                  neighbor 198.51.100.6 route-map kubelb-core-out out
                 exit-address-family
                 !
                 address-family ipv6 unicast
                  network 2001:db8:ffff:1::5/128
                  aggregate-address 2001:db8:ffff:1::/64
                  neighbor 2001:db8::2 activate
                  neighbor 2001:db8::2 route-map kubelb-edge6-out out
                 exit-address-family
                exit
                !
                """);
    }

    @Test
    void theRoutesMergeAdvertisementsPerPeerAndPrefix() {
        List<RouteAnnouncement> routes = FrrAdvertiser.routes(config(), List.of(allocation("db", "tagged",
                "10.10.230.3")));
        assertThat(routes).extracting(r -> r.peer() + " " + r.prefix() + " " + r.communities().stream()
                .map(c -> c.text()).toList() + " " + r.localPref().map(String::valueOf).orElse("-") + " "
                + r.advertisements())
                .containsExactly(
                        "core 10.10.230.3/32 [64512:50, 64512:100, no-export, large:64500:1:2] 150 [tagged, tagged-more]",
                        "edge 10.10.230.3/32 [64512:100, no-export, large:64500:1:2] - [tagged]");
    }

    @Test
    void aReleasedAddressLeavesNoNetworkAndNoPolicyEntry() {
        ApplianceConfig config = config();
        String conf = FrrConf.render(config, FrrAdvertiser.routes(config, List.of()), List.of(), Map.of(),
                Optional.empty());
        assertThat(conf).doesNotContain("  network ", "aggregate-address", "prefix-list", "password")
                .contains("route-map kubelb-edge-out deny 65000", "neighbor 198.51.100.2 route-map kubelb-edge-out out");
    }

    @Test
    void passwordsAreMaskedInWhateverFrrPrints() {
        assertThat(FrrReloader.mask("line: neighbor 198.51.100.2 password s3cr3t\nerror near s3cr3t",
                List.of("s3cr3t"))).doesNotContain("s3cr3t").contains("password ****", "near ****");
        assertThat(FrrReloader.mask("neighbor 1.2.3.4 password other", List.of())).isEqualTo(
                "neighbor 1.2.3.4 password ****");
    }
}
