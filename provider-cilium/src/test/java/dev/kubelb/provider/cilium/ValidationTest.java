package dev.kubelb.provider.cilium;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubelb.api.AddressPool;
import dev.kubelb.api.ApplianceConfig;
import dev.kubelb.api.BgpAdvertisement;
import dev.kubelb.api.BgpPeer;
import dev.kubelb.api.ConfigurationException;
import dev.kubelb.api.L2Advertisement;
import dev.kubelb.api.LabelSelector;
import dev.kubelb.api.PoolScope;
import dev.kubelb.api.Problem;
import dev.kubelb.api.TrafficPolicy;
import dev.kubelb.api.ValidationReport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ValidationTest {
    private final CiliumSession session = Fixtures.session();

    private static List<String> texts(List<Problem> problems) {
        return problems.stream().map(Problem::toString).toList();
    }

    @Test
    void theFixtureIsValid() {
        ValidationReport r = session.validate(Fixtures.config());
        assertThat(r.errors()).isEmpty();
        assertThat(texts(r.warnings())).contains("CiliumLoadBalancerIPPool/extern: spec.allowFirstLastIPs: Cilium cannot "
                + "express avoidBuggyIPs (allowFirstLastIPs: No drops the first and last address of each CIDR block, not "
                + ".0 and .255): kubelb skips .0 and .255 itself as it pins every address, and keeps the setting in the "
                + "annotation kubelb.dev/avoid-buggy-ips");
    }

    @Test
    void overlappingBlocksAcrossPoolsAreRefused() {
        ApplianceConfig c = ApplianceConfig.builder()
                .pool(AddressPool.builder("a").addresses("10.0.0.0/24").build())
                .pool(AddressPool.builder("b").addresses("10.1.0.0/24", "10.0.0.128-10.0.0.140").build())
                .advertisement(BgpAdvertisement.builder("all").build())
                .build();
        assertThat(texts(session.validate(c).errors())).containsExactly("CiliumLoadBalancerIPPool/b: spec.blocks[1]: "
                + "'10.0.0.128-10.0.0.140' overlaps '10.0.0.0/24' of CiliumLoadBalancerIPPool/a (spec.blocks[0]); Cilium "
                + "would disable the newer pool (cilium.io/PoolConflict)");
        assertThatThrownBy(() -> session.renderConfig(c, List.of())).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("overlaps");
    }

    @Test
    void peerAddressWithPrefixLengthIsRefusedOnImport() {
        String yaml = """
                apiVersion: cilium.io/v2
                kind: CiliumBGPClusterConfig
                metadata: {name: bgp}
                spec:
                  bgpInstances:
                  - name: instance-65000
                    localASN: 65000
                    peers:
                    - name: tor
                      peerAddress: 10.0.0.1/32
                      peerASN: 65001
                """;
        assertThatThrownBy(() -> session.importConfig(Fixtures.parse(yaml))).isInstanceOf(ConfigurationException.class)
                .hasMessage("CiliumBGPClusterConfig/bgp: spec.bgpInstances[0].peers[0].peerAddress: '10.0.0.1/32' is not "
                        + "valid here (Cilium's schema pattern)");
    }

    @Test
    void keepaliveAboveHoldTimeIsRefusedOnImport() {
        String yaml = """
                apiVersion: cilium.io/v2
                kind: CiliumBGPClusterConfig
                metadata: {name: bgp}
                spec:
                  bgpInstances:
                  - name: instance-65000
                    localASN: 65000
                    peers:
                    - {name: tor, peerAddress: 10.0.0.1, peerASN: 65001, peerConfigRef: {name: slow}}
                ---
                apiVersion: cilium.io/v2
                kind: CiliumBGPPeerConfig
                metadata: {name: slow}
                spec:
                  timers: {holdTimeSeconds: 30, keepAliveTimeSeconds: 60}
                """;
        assertThatThrownBy(() -> session.importConfig(Fixtures.parse(yaml))).isInstanceOf(ConfigurationException.class)
                .hasMessage("CiliumBGPPeerConfig/slow: spec.timers.keepAliveTimeSeconds: keepAliveTimeSeconds 60 exceeds "
                        + "holdTimeSeconds 30");
    }

    @Test
    void advertisementWithoutSelectorIsKeptAndReportedAsSelectingNothing() {
        String yaml = """
                apiVersion: cilium.io/v2
                kind: CiliumBGPAdvertisement
                metadata: {name: lb, labels: {advertise: bgp}}
                spec:
                  advertisements:
                  - advertisementType: Service
                    service: {addresses: [LoadBalancerIP]}
                """;
        var c = session.importConfig(Fixtures.parse(yaml));
        assertThat(c.advertisements()).isEmpty();
        assertThat(texts(session.importDifferences(c))).containsExactly("CiliumBGPAdvertisement/lb: "
                + "spec.advertisements[0].selector: no selector: Cilium selects no Service; no neutral advertisement");
        assertThat(Fixtures.yaml(session.renderConfig(c, List.of()))).isEqualTo(Fixtures.yaml(Fixtures.parse(yaml)));
    }

    @Test
    void bgpV1IsRefusedWhileServiceLabelSelectorsAreAccepted() {
        String yaml = """
                apiVersion: cilium.io/v2
                kind: CiliumBGPAdvertisement
                metadata: {name: docs, labels: {advertise: bgp}}
                spec:
                  advertisements:
                  - advertisementType: Service
                    service: {addresses: [LoadBalancerIP]}
                    selector:
                      matchExpressions:
                      - {key: somekey, operator: NotIn, values: ['never-used-value']}
                ---
                apiVersion: cilium.io/v2
                kind: CiliumBGPPeeringPolicy
                metadata: {name: old}
                spec: {}
                """;
        assertThatThrownBy(() -> session.importConfig(Fixtures.parse(yaml))).isInstanceOf(ConfigurationException.class)
                .satisfies(e -> assertThat(texts(((ConfigurationException) e).problems())).containsExactly(
                        "CiliumBGPPeeringPolicy/old: CiliumBGPPeeringPolicy (BGP v1) is removed in Cilium 1.19; convert "
                                + "it to CiliumBGPClusterConfig, CiliumBGPPeerConfig and CiliumBGPAdvertisement"));
    }

    @Test
    void l2WithLocalTrafficPolicyIsReportedPerService() {
        ApplianceConfig c = Corpus.l2();
        var local = Fixtures.request("tenant-a", "web", Fixtures.tcp(80)).label("color", "blue")
                .trafficPolicy(TrafficPolicy.LOCAL).podSelector(Map.of("app", "web")).build();
        var cluster = Fixtures.request("tenant-a", "api", Fixtures.tcp(80)).label("color", "blue").build();
        List<Problem> w = session.serviceWarnings(c, List.of(Fixtures.assign(local, "blue-pool", "20.0.10.7"),
                Fixtures.assign(cluster, "blue-pool", "20.0.10.8")));
        assertThat(texts(w)).containsExactly("Service/tenant-a/web: spec.externalTrafficPolicy: Local is not supported "
                + "by Cilium's L2 announcements: the address may be announced from a node without a local endpoint and "
                + "traffic is dropped; use Cluster");
    }

    @Test
    void ipv6OverL2IsReported() {
        ApplianceConfig c = ApplianceConfig.builder()
                .pool(AddressPool.builder("v6").addresses("fd00:1::/120").build())
                .advertisement(new L2Advertisement("l2", List.of("v6"), List.of(), List.of(), List.of()))
                .build();
        assertThat(texts(session.validate(c).warnings())).containsExactly("CiliumL2AnnouncementPolicy/l2: "
                + "spec.serviceSelector: pool 'v6' has IPv6 blocks but Cilium's L2 announcements do not answer NDP: its "
                + "IPv6 addresses are not announced");
        var r = Fixtures.request("tenant-a", "v6", Fixtures.tcp(80)).build();
        assertThat(texts(session.serviceWarnings(c, List.of(Fixtures.assign(r, "v6", "fd00:1::5"))))).containsExactly(
                "Service/tenant-a/v6: status.loadBalancer.ingress: fd00:1::5 is IPv6 and Cilium's L2 announcements do "
                        + "not answer NDP: it is not reachable");
    }

    @Test
    void whatCiliumCannotExpressIsAnError() {
        ApplianceConfig c = ApplianceConfig.builder()
                .pool(AddressPool.builder("p").addresses("10.0.0.0/24").scope(new PoolScope(Optional.empty(), List.of(),
                        List.of(LabelSelector.of(Map.of("team", "x"))), List.of())).build())
                .advertisement(BgpAdvertisement.builder("ad").nodeSelector(LabelSelector.of(Map.of("a", "b"))).build())
                .peer(BgpPeer.builder("clear", 65000, 65001, "10.9.0.1").password("secret").bfdProfile("fast")
                        .vrf("red").routerId("1.2.3.4").build())
                .build();
        assertThat(texts(session.validate(c).errors())).containsExactly(
                "CiliumLoadBalancerIPPool/p: spec.serviceSelector: Cilium pools cannot select tenants by namespace labels; "
                        + "list the tenants by name",
                "CiliumBGPAdvertisement/ad: nodeSelectors: Cilium advertisements have no node selector; put the node "
                        + "selector on the peers (CiliumBGPClusterConfig.spec.nodeSelector)",
                "BGPPeer/clear: password: Cilium reads BGP passwords only from a Secret: use passwordSecret",
                "BGPPeer/clear: bfdProfile: Cilium's BGP control plane does not support BFD",
                "BGPPeer/clear: vrf: Cilium's BGP control plane does not support VRFs",
                "BGPPeer/clear: routerID: Cilium sets the router id per node (CiliumBGPNodeConfigOverride), which kubelb "
                        + "does not render");
        assertThat(session.validate(c).toString()).doesNotContain("secret]");
    }

    @Test
    void unannouncedPoolsAndPeersWithoutRoutesAreWarned() {
        ApplianceConfig c = ApplianceConfig.builder()
                .pool(AddressPool.builder("dark").addresses("10.0.0.0/24").build())
                .peer(BgpPeer.builder("lonely", 65000, 65001, "10.9.0.1").build())
                .build();
        assertThat(texts(session.validate(c).warnings())).containsExactly(
                "CiliumLoadBalancerIPPool/dark: no advertisement selects this pool: its addresses are allocated but never "
                        + "announced",
                "BGPPeer/lonely: no BGP advertisement targets this peer: it receives no route");
    }

    @Test
    void bgpValuesOutOfCiliumsRangeAreRefusedOnImportNamingTheField() {
        String peer = """
                apiVersion: cilium.io/v2
                kind: CiliumBGPPeerConfig
                metadata: {name: far}
                spec:
                  %s
                """;
        for (String[] c : new String[][] {{"ebgpMultihop: 256", "spec.ebgpMultihop"},
                {"timers: {holdTimeSeconds: -9}", "spec.timers.holdTimeSeconds"},
                {"timers: {keepAliveTimeSeconds: 0}", "spec.timers.keepAliveTimeSeconds"},
                {"timers: {connectRetryTimeSeconds: -1}", "spec.timers.connectRetryTimeSeconds"}}) {
            assertThatThrownBy(() -> session.importConfig(Fixtures.parse(peer.formatted(c[0]))))
                    .as(c[0]).isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("CiliumBGPPeerConfig/far: " + c[1]);
        }
        String adv = """
                apiVersion: cilium.io/v2
                kind: CiliumBGPAdvertisement
                metadata: {name: agg}
                spec:
                  advertisements:
                  - advertisementType: Service
                    service: {addresses: [LoadBalancerIP], aggregationLengthIPv4: 32}
                    selector: {matchLabels: {a: b}}
                """;
        assertThatThrownBy(() -> session.importConfig(Fixtures.parse(adv))).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("CiliumBGPAdvertisement/agg: spec.advertisements[0].service.aggregationLengthIPv4");
    }

    @Test
    void neutralTimersOutsideCiliumsBoundsAreRefusedNamingTheField() {
        ApplianceConfig c = ApplianceConfig.builder()
                .pool(AddressPool.builder("a").addresses("10.0.0.0/24").build())
                .advertisement(BgpAdvertisement.builder("all").build())
                .peer(BgpPeer.builder("no-keepalive", 64512, 64512, "10.0.0.1").timers(Duration.ZERO, Duration.ZERO)
                        .build())
                .peer(BgpPeer.builder("slow", 64512, 64512, "10.0.0.2").timers(Duration.ofSeconds(70000),
                        Duration.ofSeconds(3)).connectTime(Duration.ofMillis(1500)).build())
                .build();
        assertThat(texts(session.validate(c).errors())).containsExactly(
                "BGPPeer/no-keepalive: holdTime: Cilium's spec.timers.holdTimeSeconds takes whole seconds from 3 to 65535,"
                        + " got PT0S",
                "BGPPeer/no-keepalive: keepaliveTime: Cilium's spec.timers.keepAliveTimeSeconds takes whole seconds from 1"
                        + " to 65535, got PT0S",
                "BGPPeer/slow: holdTime: Cilium's spec.timers.holdTimeSeconds takes whole seconds from 3 to 65535, got "
                        + "PT19H26M40S",
                "BGPPeer/slow: connectTime: Cilium's spec.timers.connectRetryTimeSeconds takes whole seconds from 1 to "
                        + "2147483647, got PT1.5S");
    }
}
