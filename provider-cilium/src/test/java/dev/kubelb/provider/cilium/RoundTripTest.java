package dev.kubelb.provider.cilium;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelb.api.ApplianceConfig;
import dev.kubelb.api.BgpAdvertisement;
import dev.kubelb.api.Community;
import dev.kubelb.api.DynamicAsn;
import dev.kubelb.provider.cilium.model.CiliumBGPAdvertisement;
import dev.kubelb.provider.cilium.model.CiliumLoadBalancerIPPool;
import dev.kubelb.provider.cilium.model.CiliumLoadBalancerIPPoolV2Alpha1;
import dev.kubelb.spi.ClusterInfo;
import dev.kubelb.spi.ProviderContext;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class RoundTripTest {
    private final CiliumSession session = Fixtures.session();

    @ParameterizedTest
    @ValueSource(strings = {"seed", "l2", "multi", "full"})
    void corpusRendersBackByteForByte(String name) {
        String yaml = Fixtures.resource("/corpus/" + name + ".yaml");
        ApplianceConfig imported = session.importConfig(Fixtures.parse(yaml));
        String rendered = Fixtures.yaml(session.renderConfig(imported, List.of()));
        assertThat(rendered).isEqualTo(yaml);
        // and rendering twice is byte-stable
        assertThat(Fixtures.yaml(session.renderConfig(imported, List.of()))).isEqualTo(rendered);
    }

    @ParameterizedTest
    @ValueSource(strings = {"seed", "l2", "multi", "full"})
    void neutralConfigurationSurvivesRenderAndImport(String name) {
        ApplianceConfig config = Corpus.all().get(name);
        List<HasMetadata> objects = session.renderConfig(config, List.of());
        assertThat(session.importConfig(objects)).isEqualTo(config);
        assertThat(session.importConfig(Fixtures.parse(Fixtures.yaml(objects)))).isEqualTo(config);
    }

    @Test
    void corpusIsTheRenderOfTheNeutralConfiguration() {
        for (var e : Corpus.all().entrySet()) {
            assertThat(session.importConfig(Fixtures.parse(Fixtures.resource("/corpus/" + e.getKey() + ".yaml"))))
                    .as(e.getKey()).isEqualTo(e.getValue());
        }
    }

    @Test
    void typedAndGenericObjectsImportAlike() {
        List<HasMetadata> typed = session.renderConfig(Fixtures.config(), List.of());
        List<HasMetadata> generic = typed.stream().map(o -> (HasMetadata) Fixtures.SERIALIZATION.convertValue(o,
                GenericKubernetesResource.class)).toList();
        assertThat(typed.get(0)).isInstanceOf(CiliumLoadBalancerIPPool.class);
        assertThat(generic.get(0)).isInstanceOf(GenericKubernetesResource.class);
        assertThat(session.importConfig(generic)).isEqualTo(session.importConfig(typed));
    }

    @Test
    void v2alpha1PoolsWhenAskedByOption() {
        CiliumSession alpha = new CiliumSession(new ProviderContext(Optional.empty(), "kube-system", ClusterInfo.UNKNOWN,
                Map.of(CiliumSession.OPTION_POOL_VERSION, "v2alpha1")));
        String yaml = Fixtures.resource("/corpus-v2alpha1/seed.yaml");
        assertThat(alpha.poolApiVersion()).isEqualTo("cilium.io/v2alpha1");
        List<HasMetadata> objects = alpha.renderConfig(Corpus.seed(), List.of());
        assertThat(objects.get(0)).isInstanceOf(CiliumLoadBalancerIPPoolV2Alpha1.class);
        assertThat(objects.get(0).getApiVersion()).isEqualTo("cilium.io/v2alpha1");
        assertThat(Fixtures.yaml(objects)).isEqualTo(yaml);
        // a v2 session reads v2alpha1 pools too
        assertThat(session.importConfig(Fixtures.parse(yaml))).isEqualTo(Corpus.seed());
    }

    @Test
    void v2alpha1PoolsWhenTheClusterServesOnlyThem() {
        ClusterInfo old = new ClusterInfo(Set.of("cilium.io/v2", "cilium.io/v2alpha1"),
                Set.of("cilium.io/v2alpha1/CiliumLoadBalancerIPPool", "cilium.io/v2/CiliumBGPClusterConfig"), Map.of());
        ClusterInfo recent = new ClusterInfo(Set.of("cilium.io/v2", "cilium.io/v2alpha1"),
                Set.of("cilium.io/v2alpha1/CiliumLoadBalancerIPPool", "cilium.io/v2/CiliumLoadBalancerIPPool"), Map.of());
        assertThat(new CiliumSession(new ProviderContext(Optional.empty(), "", old, Map.of())).poolApiVersion())
                .isEqualTo("cilium.io/v2alpha1");
        assertThat(new CiliumSession(new ProviderContext(Optional.empty(), "", recent, Map.of())).poolApiVersion())
                .isEqualTo("cilium.io/v2");
        assertThat(session.poolApiVersion()).isEqualTo("cilium.io/v2");
        assertThat(new CiliumSession(new ProviderContext(Optional.empty(), "", old,
                Map.of(CiliumSession.OPTION_POOL_VERSION, "v2"))).poolApiVersion()).isEqualTo("cilium.io/v2");
    }

    @Test
    void ciliumDocsAdvertisementImportsCommunitiesInEveryForm() {
        String yaml = """
                apiVersion: cilium.io/v2
                kind: CiliumBGPAdvertisement
                metadata:
                  name: bgp-advertisements
                  labels:
                    advertise: bgp
                spec:
                  advertisements:
                    - advertisementType: Service
                      service:
                        addresses: [LoadBalancerIP]
                      selector:
                        matchExpressions:
                          - {key: kubelb.dev/pool, operator: Exists}
                      attributes:
                        communities:
                          standard: ["65000:100", "4294967041"]
                          wellKnown: ["no-export", "planned-shut", "route-filter-v4"]
                          large: ["4200000000:1:2"]
                        localPreference: 150
                """;
        ApplianceConfig c = session.importConfig(Fixtures.parse(yaml));
        BgpAdvertisement ad = c.bgpAdvertisements().get(0);
        assertThat(ad.pools()).isEmpty();
        assertThat(ad.poolSelectors()).isEmpty();
        assertThat(ad.localPref()).contains(150L);
        assertThat(ad.communities()).extracting(Community::text).containsExactly("65000:100", "65535:65281",
                "no-export", "graceful-shutdown", "65535:3", "large:4200000000:1:2");
    }

    @Test
    void ciliumDocsPeerConfigImportsTimersSecretRestartAndMultihop() {
        String yaml = """
                apiVersion: cilium.io/v2
                kind: CiliumBGPClusterConfig
                metadata:
                  name: cilium-bgp
                spec:
                  nodeSelector:
                    matchLabels:
                      rack: rack0
                  bgpInstances:
                  - name: "instance-65000"
                    localASN: 65000
                    peers:
                    - name: "peer-65000-tor1"
                      peerASN: 65000
                      peerAddress: fd00:10:0:0::1
                      peerConfigRef:
                        name: "cilium-peer"
                    - name: "peer-65000-tor2"
                      peerAddress: 10.0.0.2
                      peerConfigRef:
                        name: "cilium-peer"
                ---
                apiVersion: cilium.io/v2
                kind: CiliumBGPPeerConfig
                metadata:
                  name: cilium-peer
                spec:
                  timers:
                    holdTimeSeconds: 9
                    keepAliveTimeSeconds: 3
                  authSecretRef: bgp-auth-secret
                  ebgpMultihop: 4
                  gracefulRestart:
                    enabled: true
                    restartTimeSeconds: 15
                  families:
                    - afi: ipv4
                      safi: unicast
                      advertisements:
                        matchLabels:
                          advertise: "bgp"
                ---
                apiVersion: cilium.io/v2
                kind: CiliumBGPAdvertisement
                metadata:
                  name: bgp-advertisements
                  labels:
                    advertise: bgp
                spec:
                  advertisements:
                    - advertisementType: Service
                      service:
                        addresses: [LoadBalancerIP]
                      selector:
                        matchExpressions:
                          - {key: kubelb.dev/pool, operator: In, values: [extern]}
                """;
        ApplianceConfig c = session.importConfig(Fixtures.parse(yaml));
        assertThat(c.peers()).hasSize(2);
        var tor1 = c.peer("peer-65000-tor1").orElseThrow();
        assertThat(tor1.myAsn()).isEqualTo(65000);
        assertThat(tor1.peerAsn()).contains(65000L);
        assertThat(tor1.address().toString()).isEqualTo("fd00:10::1");
        assertThat(tor1.holdTime()).contains(java.time.Duration.ofSeconds(9));
        assertThat(tor1.keepaliveTime()).contains(java.time.Duration.ofSeconds(3));
        assertThat(tor1.passwordSecret().orElseThrow().name()).isEqualTo("bgp-auth-secret");
        assertThat(tor1.gracefulRestart()).isTrue();
        assertThat(tor1.ebgpMultiHop()).isTrue();
        assertThat(tor1.nodeSelectors()).containsExactly(dev.kubelb.api.LabelSelector.of(Map.of("rack", "rack0")));
        assertThat(c.peer("peer-65000-tor2").orElseThrow().dynamicAsn()).contains(DynamicAsn.EXTERNAL);
        // both peers receive the advertisement, so it targets every peer
        assertThat(c.bgpAdvertisements().get(0).peers()).isEmpty();
        assertThat(c.bgpAdvertisements().get(0).pools()).containsExactly("extern");
    }

    @Test
    void objectsOfOtherKindsAreIgnored() {
        CiliumBGPAdvertisement notOurs = new CiliumBGPAdvertisement();
        notOurs.setApiVersion("example.com/v1");
        List<HasMetadata> objects = new java.util.ArrayList<>(session.renderConfig(Corpus.seed(), List.of()));
        GenericKubernetesResource cm = new GenericKubernetesResource();
        cm.setApiVersion("v1");
        cm.setKind("ConfigMap");
        objects.add(cm);
        assertThat(session.recognizes(cm)).isFalse();
        assertThat(session.recognizes(objects.get(0))).isTrue();
        assertThat(session.importConfig(objects)).isEqualTo(Corpus.seed());
    }

    @Test
    void theEnginesOwnershipLabelIsNotAPoolLabel() {
        List<HasMetadata> objects = session.renderConfig(Fixtures.config(), List.of());
        for (HasMetadata o : objects) {
            var labels = new java.util.TreeMap<String, String>(o.getMetadata().getLabels() == null ? Map.of()
                    : o.getMetadata().getLabels());
            labels.put("app.kubernetes.io/managed-by", "kubelb");
            o.getMetadata().setLabels(labels);
            assertThat(o.getMetadata().getResourceVersion()).isNull();
            assertThat(o.getMetadata().getUid()).isNull();
        }
        assertThat(session.importConfig(objects)).isEqualTo(Fixtures.config());
    }
}
