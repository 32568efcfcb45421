package dev.kubelb.provider.cilium;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubelb.api.ConfigurationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Users' Cilium objects are checked against Cilium's own CRD schemas and rendered back as written. */
class SchemaTest {
    private final CiliumSession session = Fixtures.session();

    private List<String> problems(String yaml) {
        try {
            session.importConfig(Fixtures.parse(yaml));
            return List.of();
        } catch (ConfigurationException e) {
            return e.problems().stream().map(Object::toString).toList();
        }
    }

    @Test
    void bundledCrdsAreTheRealOnes() throws IOException {
        // the envtest build puts Cilium's CRDs next to its bin folder; the bundled copies must not drift from them
        String assets = System.getenv("KUBEBUILDER_ASSETS");
        org.junit.jupiter.api.Assumptions.assumeTrue(assets != null, "KUBEBUILDER_ASSETS not set");
        Path real = Path.of(assets).getParent().resolve("crds/cilium");
        for (String f : List.of("ciliumloadbalancerippools", "ciliumbgpadvertisements", "ciliumbgppeerconfigs",
                "ciliumbgpclusterconfigs", "ciliumbgpnodeconfigoverrides", "ciliuml2announcementpolicies")) {
            assertThat(Files.readString(Path.of("src/main/resources/dev/kubelb/provider/cilium/crds", f + ".yaml")))
                    .as(f).isEqualTo(Files.readString(real.resolve(f + ".yaml")));
        }
    }

    @Test
    void unknownAndMisspeltFieldsAreErrorsNamingObjectAndField() {
        assertThat(problems("""
                apiVersion: cilium.io/v2
                kind: CiliumLoadBalancerIPPool
                metadata: {name: blue}
                spec:
                  blocks:
                  - {cidr: 10.0.0.0/24, stopp: 10.0.0.9}
                  serviceSelecter: {matchLabels: {a: b}}
                  allowFirstLastIps: "No"
                """)).containsExactly(
                "CiliumLoadBalancerIPPool/blue: spec.blocks[0].stopp: unknown field (did you mean 'stop'?)",
                "CiliumLoadBalancerIPPool/blue: spec.serviceSelecter: unknown field (did you mean 'serviceSelector'?)",
                "CiliumLoadBalancerIPPool/blue: spec.allowFirstLastIps: unknown field (did you mean 'allowFirstLastIPs'?)");
        assertThat(problems("""
                apiVersion: cilium.io/v2
                kind: CiliumBGPPeerConfig
                metadata: {name: p}
                spec:
                  transport: {peerPort: 179, bogus: 1}
                extra: {}
                """)).containsExactly("CiliumBGPPeerConfig/p: spec.transport.bogus: unknown field (known fields: "
                        + "peerPort)",
                "CiliumBGPPeerConfig/p: extra: unknown field (not in Cilium's CiliumBGPPeerConfig v2 schema)");
    }

    @Test
    void outOfRangeValuesAreRefusedAsCiliumsCrdDoes() {
        assertThat(problems("""
                apiVersion: cilium.io/v2
                kind: CiliumBGPPeerConfig
                metadata: {name: p}
                spec:
                  ebgpMultihop: 256
                  transport: {peerPort: 0}
                ---
                apiVersion: cilium.io/v2
                kind: CiliumBGPAdvertisement
                metadata: {name: a}
                spec:
                  advertisements:
                  - advertisementType: Service
                    service: {addresses: [LoadBalancerIP], aggregationLengthIPv4: 32, aggregationLengthIPv6: 128}
                    selector: {matchLabels: {a: b}}
                  - advertisementType: Nonsense
                """)).containsExactly(
                "CiliumBGPPeerConfig/p: spec.ebgpMultihop: 256 is above the maximum 255",
                "CiliumBGPPeerConfig/p: spec.transport.peerPort: 0 is below the minimum 1",
                "CiliumBGPAdvertisement/a: spec.advertisements[0].service.aggregationLengthIPv4: 32 is above the maximum 31",
                "CiliumBGPAdvertisement/a: spec.advertisements[0].service.aggregationLengthIPv6: 128 is above the maximum "
                        + "127",
                "CiliumBGPAdvertisement/a: spec.advertisements[1].advertisementType: 'Nonsense' is not one of PodCIDR, "
                        + "CiliumPodIPPool, Service");
    }

    @Test
    void fieldsTheNeutralModelLacksAreKeptOnRender() {
        String yaml = """
                apiVersion: cilium.io/v2
                kind: CiliumBGPClusterConfig
                metadata: {name: bgp}
                spec:
                  bgpInstances:
                  - name: i
                    localASN: 65001
                    localPort: 1790
                    peers:
                    - {name: tor, peerAddress: 10.0.0.1, peerASN: 65000, peerConfigRef: {name: pc}}
                    - name: auto
                      peerASN: 65000
                      autoDiscovery: {mode: DefaultGateway, defaultGateway: {addressFamily: ipv4}}
                      peerConfigRef: {name: pc}
                ---
                apiVersion: cilium.io/v2alpha1
                kind: CiliumBGPPeerConfig
                metadata: {name: pc}
                spec:
                  transport: {peerPort: 1179, localPort: 1790}
                  ebgpMultihop: 4
                  families:
                  - {afi: ipv4, safi: unicast, advertisements: {matchLabels: {advertise: bgp}}}
                  - {afi: ipv6, safi: unicast}
                ---
                apiVersion: cilium.io/v2
                kind: CiliumBGPAdvertisement
                metadata:
                  name: lb
                  labels: {advertise: bgp}
                spec:
                  advertisements:
                  - advertisementType: Service
                    service: {addresses: [LoadBalancerIP]}
                    selector:
                      matchExpressions:
                      - {key: somekey, operator: NotIn, values: [never-used-value]}
                  - advertisementType: PodCIDR
                """;
        var config = session.importConfig(Fixtures.parse(yaml));
        assertThat(config.peers()).extracting(p -> p.name()).containsExactly("tor");
        assertThat(config.peers().get(0).port()).isEqualTo(1179);
        assertThat(Fixtures.yaml(session.renderConfig(config, List.of()))).isEqualTo(Fixtures.yaml(Fixtures.parse(yaml)));
        assertThat(session.importDifferences(config)).extracting(Object::toString).contains(
                "CiliumBGPClusterConfig/bgp: spec.bgpInstances[0].peers[1].peerAddress: an auto-discovered peer has no "
                        + "neutral form (kept as written, left out of advertisement previews and migrations)",
                "CiliumBGPPeerConfig/pc: spec.transport: localPort has no neutral form; kept as written",
                "CiliumBGPAdvertisement/lb: spec.advertisements[1].advertisementType: 'PodCIDR' routes have no neutral "
                        + "form (kubelb models Service load balancer addresses); kept as written");
    }

    @Test
    void sourceInterfaceIsNotACilium118Field() {
        // cilium v1.18.4 CiliumBGPPeerConfig: spec.transport has peerPort (v2) and the deprecated localPort (v2alpha1)
        // only; transport.sourceInterface is not in its schema, so the API server would prune it
        assertThat(problems("""
                apiVersion: cilium.io/v2
                kind: CiliumBGPPeerConfig
                metadata: {name: p}
                spec:
                  transport: {sourceInterface: lo}
                """)).containsExactly("CiliumBGPPeerConfig/p: spec.transport.sourceInterface: unknown field (known "
                + "fields: peerPort)");
    }

    @Test
    void serverSetMetadataAndStatusAreNotRenderedBack() {
        String yaml = """
                apiVersion: cilium.io/v2
                kind: CiliumLoadBalancerIPPool
                metadata:
                  name: blue
                  uid: 0b6f0b4e-1
                  resourceVersion: "42"
                  generation: 3
                  creationTimestamp: "2026-11-28T00:00:00Z"
                  labels: {team: blue}
                spec:
                  blocks: [{cidr: 10.0.0.0/24}]
                status:
                  conditions: [{type: cilium.io/PoolConflict, status: "False"}]
                """;
        var config = session.importConfig(Fixtures.parse(yaml));
        assertThat(Fixtures.yaml(session.renderConfig(config, List.of()))).isEqualTo("""
                ---
                apiVersion: "cilium.io/v2"
                kind: "CiliumLoadBalancerIPPool"
                metadata:
                  labels:
                    team: "blue"
                  name: "blue"
                spec:
                  blocks:
                  - cidr: "10.0.0.0/24"
                """);
    }

    @Test
    void aChangedConfigurationIsRenderedFromTheNeutralModel() {
        var config = session.importConfig(Fixtures.parse("""
                apiVersion: cilium.io/v2
                kind: CiliumLoadBalancerIPPool
                metadata: {name: blue}
                spec:
                  blocks: [{cidr: 10.0.0.0/24}]
                """));
        var changed = dev.kubelb.api.ApplianceConfig.builder().pool(dev.kubelb.api.AddressPool.builder("blue")
                .addresses("10.0.1.0/24").build()).build();
        assertThat(Fixtures.yaml(session.renderConfig(changed, List.of()))).contains("10.0.1.0/24")
                .doesNotContain("10.0.0.0/24");
        assertThat(Fixtures.yaml(session.renderConfig(config, List.of()))).contains("10.0.0.0/24");
    }

    @Test
    void crdFilesExist() {
        assertThat(Path.of("src/main/resources/dev/kubelb/provider/cilium/crds/ciliumloadbalancerippools.yaml"))
                .exists();
    }
}
