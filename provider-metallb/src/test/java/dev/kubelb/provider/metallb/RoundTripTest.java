package dev.kubelb.provider.metallb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelb.api.ApplianceConfig;
import dev.kubelb.provider.metallb.model.BGPPeer;
import dev.kubelb.provider.metallb.model.IPAddressPool;
import dev.kubelb.provider.metallb.model.MetalLbKinds;
import dev.kubelb.spi.ProviderContext;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Round trips of the MetalLB manifest corpus (src/test/resources/metallb). */
class RoundTripTest {
    /** Fields the API server fills from the CRD defaults; rendering writes them explicitly. */
    private static final Set<String> CRD_DEFAULTS = Set.of("autoAssign", "avoidBuggyIPs", "aggregationLength",
            "aggregationLengthV6", "peerPort", "disableMP", "dualStackAddressFamily");

    private final MetalLbSession session = new MetalLbSession(ProviderContext.offline("metallb-system"));

    @ParameterizedTest
    @ValueSource(strings = {"seed.yaml", "pools.yaml", "bgp.yaml", "l2.yaml", "peers.yaml", "v016.yaml"})
    void importOfRenderIsIdentity(String file) {
        List<HasMetadata> input = Manifests.load(file);
        assertThat(input).allMatch(o -> o instanceof GenericKubernetesResource, "parsed as generic resources");
        ApplianceConfig config = session.importConfig(input);
        List<HasMetadata> rendered = session.renderConfig(config, List.of());
        assertThat(session.importConfig(rendered)).isEqualTo(config);
        // and through YAML text again (what a user would save and re-apply)
        assertThat(session.importConfig(Manifests.parse(Manifests.yaml(rendered)))).isEqualTo(config);
    }

    @ParameterizedTest
    @ValueSource(strings = {"seed.yaml", "pools.yaml", "bgp.yaml", "l2.yaml", "peers.yaml", "v016.yaml"})
    void renderingIsByteStable(String file) {
        ApplianceConfig config = session.importConfig(Manifests.load(file));
        String first = Manifests.yaml(session.renderConfig(config, List.of()));
        String second = Manifests.yaml(session.renderConfig(session.importConfig(Manifests.load(file)), List.of()));
        String third = Manifests.yaml(session.renderConfig(session.importConfig(Manifests.parse(first)), List.of()));
        assertThat(second).isEqualTo(first);
        assertThat(third).isEqualTo(first);
    }

    @ParameterizedTest
    @ValueSource(strings = {"seed.yaml", "pools.yaml", "bgp.yaml", "l2.yaml", "peers.yaml", "v016.yaml"})
    @SuppressWarnings("unchecked")
    void renderPreservesEveryFieldOfTheInput(String file) {
        List<HasMetadata> input = Manifests.load(file);
        List<HasMetadata> all = session.renderConfig(session.importConfig(input), List.of());
        // a clear-text password is rendered as a passwordSecret reference plus the Secret (PasswordRenderingTest)
        List<HasMetadata> rendered = all.stream().filter(o -> !o.getKind().equals("Secret")).toList();
        assertThat(rendered).hasSameSizeAs(input);
        for (HasMetadata in : input) {
            HasMetadata out = rendered.stream().filter(o -> o.getKind().equals(in.getKind())
                    && o.getMetadata().getName().equals(in.getMetadata().getName())).findFirst().orElseThrow();
            assertThat(out.getApiVersion()).isEqualTo(in.getApiVersion());
            assertThat(out.getMetadata().getNamespace()).isEqualTo("metallb-system");
            assertThat(out.getMetadata().getLabels()).isEqualTo(in.getMetadata().getLabels());
            Map<String, Object> inSpec = spec(in);
            // compare both as parsed from YAML text, so that numbers have the same Java types
            Map<String, Object> outSpec = spec(Manifests.parse(Manifests.SERIALIZATION.asYaml(out)).get(0));
            String what = in.getKind() + "/" + in.getMetadata().getName();
            if (inSpec.containsKey("password")) {
                inSpec = new java.util.LinkedHashMap<>(inSpec);
                inSpec.remove("password");
                assertThat(outSpec).as(what).doesNotContainKey("password").containsEntry("passwordSecret",
                        Map.of("name", in.getMetadata().getName() + "-bgp-password", "namespace", "metallb-system"));
                outSpec = new java.util.LinkedHashMap<>(outSpec);
                outSpec.remove("passwordSecret");
            }
            for (Map.Entry<String, Object> e : inSpec.entrySet()) {
                if (in.getKind().equals("Community") && e.getKey().equals("communities")) {
                    // aliases are a set: rendered sorted by name
                    assertThat((List<Object>) outSpec.get("communities")).as(what)
                            .containsExactlyInAnyOrderElementsOf((List<Object>) e.getValue());
                    continue;
                }
                assertThat(outSpec).as(what).containsEntry(e.getKey(), e.getValue());
            }
            List<String> added = new ArrayList<>(outSpec.keySet());
            added.removeAll(inSpec.keySet());
            assertThat(CRD_DEFAULTS).as(what + " adds only CRD defaults").containsAll(added);
        }
    }

    @Test
    void seedRendersExactly() {
        String yaml = Manifests.yaml(session.renderConfig(session.importConfig(Manifests.load("seed.yaml")), List.of()));
        assertThat(yaml).isEqualTo("""
                ---
                apiVersion: "metallb.io/v1beta1"
                kind: "IPAddressPool"
                metadata:
                  name: "extern"
                  namespace: "metallb-system"
                spec:
                  addresses:
                  - "10.10.255.200-10.10.255.250"
                  autoAssign: true
                  avoidBuggyIPs: true
                ---
                apiVersion: "metallb.io/v1beta2"
                kind: "BGPPeer"
                metadata:
                  name: "router-a"
                  namespace: "metallb-system"
                spec:
                  myASN: 64500
                  peerASN: 64501
                  peerAddress: "10.0.0.1"
                  peerPort: 179
                  disableMP: false
                  dualStackAddressFamily: false
                ---
                apiVersion: "metallb.io/v1beta2"
                kind: "BGPPeer"
                metadata:
                  name: "router-b"
                  namespace: "metallb-system"
                spec:
                  myASN: 64500
                  peerASN: 64501
                  peerAddress: "10.0.0.2"
                  peerPort: 179
                  disableMP: false
                  dualStackAddressFamily: false
                ---
                apiVersion: "metallb.io/v1beta1"
                kind: "BGPAdvertisement"
                metadata:
                  name: "extern"
                  namespace: "metallb-system"
                spec:
                  aggregationLength: 32
                  aggregationLengthV6: 128
                  ipAddressPools:
                  - "extern"
                """);
    }

    @Test
    void typedAndGenericInputsImportAlike() {
        List<HasMetadata> generic = Manifests.load("peers.yaml");
        List<HasMetadata> typed = new ArrayList<>();
        for (HasMetadata o : generic) {
            typed.add(Manifests.SERIALIZATION.convertValue(o,
                    MetalLbKinds.typeOf(o.getApiVersion(), o.getKind()).orElseThrow()));
        }
        assertThat(typed).anyMatch(BGPPeer.class::isInstance);
        assertThat(session.importConfig(typed)).isEqualTo(session.importConfig(generic));
    }

    @Test
    void renderedObjectsAreTypedAndRecognized() {
        List<HasMetadata> rendered = session.renderConfig(session.importConfig(Manifests.load("bgp.yaml")), List.of());
        assertThat(rendered).extracting(HasMetadata::getKind).containsExactly("IPAddressPool", "Community", "BGPPeer",
                "BGPPeer", "BGPAdvertisement", "BGPAdvertisement");
        assertThat(rendered).allMatch(session::recognizes);
        assertThat(rendered.get(0)).isInstanceOf(IPAddressPool.class);
    }

    @Test
    void everyFieldOfAPeerSurvives() {
        ApplianceConfig config = session.importConfig(Manifests.load("peers.yaml"));
        var p = config.peer("everything").orElseThrow();
        assertThat(p.myAsn()).isEqualTo(64512);
        assertThat(p.peerAsn()).contains(4200000000L);
        assertThat(p.address()).hasToString("172.30.0.3");
        assertThat(p.sourceAddress().orElseThrow()).hasToString("172.30.0.10");
        assertThat(p.port()).isEqualTo(1179);
        assertThat(p.holdTime()).contains(java.time.Duration.ofSeconds(90));
        assertThat(p.keepaliveTime()).contains(java.time.Duration.ofSeconds(30));
        assertThat(p.connectTime()).contains(java.time.Duration.ofSeconds(5));
        assertThat(p.routerId()).contains("10.10.10.10");
        assertThat(p.nodeSelectors()).hasSize(1);
        assertThat(p.password().orElseThrow().value()).isEqualTo("s3cr3t");
        assertThat(p.bfdProfile()).contains("full");
        assertThat(p.gracefulRestart()).isTrue();
        assertThat(p.ebgpMultiHop()).isTrue();
        assertThat(p.vrf()).contains("red");
        assertThat(p.disableMp()).isTrue();
        var s = config.peer("secret-dynamic").orElseThrow();
        assertThat(s.dynamicAsn()).contains(dev.kubelb.api.DynamicAsn.EXTERNAL);
        assertThat(s.passwordSecret().orElseThrow())
                .isEqualTo(new dev.kubelb.api.SecretRef("metallb-system", "bgp-password", "password"));
        assertThat(s.holdTime()).contains(java.time.Duration.ZERO);
        assertThat(s.address()).hasToString("2001:db8::1");
    }

    @Test
    void aPoolAllowingCrossTenantSharingRoundTripsThroughAnAnnotation() {
        ApplianceConfig config = ApplianceConfig.builder()
                .pool(dev.kubelb.api.AddressPool.builder("shared").addresses("192.0.2.0/28")
                        .allowCrossTenantSharing(true).label("a", "b").build())
                .build();
        List<HasMetadata> rendered = session.renderConfig(config, List.of());
        assertThat(rendered.get(0).getMetadata().getAnnotations())
                .containsExactly(Map.entry("kubelb.dev/allow-cross-tenant-sharing", "true"));
        assertThat(session.importConfig(rendered)).isEqualTo(config);
    }

    @Test
    void programmaticConfigurationRoundTrips() {
        ApplianceConfig config = ApplianceConfig.builder()
                .pool(dev.kubelb.api.AddressPool.builder("a").addresses("192.0.2.0/28", "2001:db8::/120")
                        .autoAssign(false).avoidBuggyIps(true)
                        .scope(new dev.kubelb.api.PoolScope(java.util.Optional.of(3), List.of("t1"), List.of(),
                                List.of(dev.kubelb.api.LabelSelector.of(Map.of("x", "y")))))
                        .build())
                .advertisement(dev.kubelb.api.BgpAdvertisement.builder("adv").pools("a").localPref(50)
                        .communities("65000:1", "large:1:2:3", "alias").peers("p").build())
                .advertisement(new dev.kubelb.api.L2Advertisement("l2", List.of("a"), List.of(), List.of(),
                        List.of("eth0")))
                .peer(dev.kubelb.api.BgpPeer.builder("p", 65000, 65001, "192.0.2.254")
                        .timers(java.time.Duration.ofMillis(4500), java.time.Duration.ofMillis(1500))
                        .passwordSecret(new dev.kubelb.api.SecretRef("", "pw", "password")).build())
                .communityAlias(new dev.kubelb.api.CommunityAlias("alias", dev.kubelb.api.Community.parse("1:1")))
                .bfdProfile(new dev.kubelb.api.BfdProfile("bfd", java.util.Optional.of(100), java.util.Optional.empty(),
                        java.util.Optional.of(3), java.util.Optional.empty(), java.util.Optional.of(false),
                        java.util.Optional.empty(), java.util.Optional.empty()))
                .build();
        List<HasMetadata> rendered = session.renderConfig(config, List.of());
        assertThat(session.importConfig(rendered)).isEqualTo(config);
        assertThat(Manifests.yaml(rendered)).contains("holdTime: \"4500ms\"", "keepaliveTime: \"1500ms\"");
    }

    @Test
    void zeroPriorityAndZeroLocalPrefMeanUnsetAsInMetalLb() {
        ApplianceConfig c = session.importConfig(Manifests.parse("""
                apiVersion: metallb.io/v1beta1
                kind: IPAddressPool
                metadata: {name: p}
                spec:
                  addresses: [192.0.2.0/24]
                  serviceAllocation: {priority: 0, namespaces: [a]}
                ---
                apiVersion: metallb.io/v1beta1
                kind: BGPAdvertisement
                metadata: {name: a}
                spec: {localPref: 0}
                """));
        assertThat(c.pools().get(0).scope().orElseThrow().priority()).isEmpty();
        assertThat(c.bgpAdvertisements().get(0).localPref()).isEmpty();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(HasMetadata o) {
        Map<String, Object> m = Manifests.SERIALIZATION.convertValue(o, Map.class);
        Object spec = m.get("spec");
        return spec == null ? Map.of() : (Map<String, Object>) spec;
    }
}
