package dev.kubelb.provider.metallb.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelb.api.ApplianceConfig;
import dev.kubelb.api.Problem;
import dev.kubelb.provider.metallb.MetalLbAdvertiser;
import dev.kubelb.provider.metallb.MetalLbSession;
import dev.kubelb.spi.ProviderContext;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Our translation of MetalLB's internal/config/validation_test.go {@code TestValidate} (v0.16), the checks
 * of {@code DiscardFRROnly}: the native BGP backend refuses a configuration using an FRR-only feature. Ours
 * reads the configuration through the session with the provider option {@code metallb.bgpType=native} and
 * refuses it in validation (NativeBgpRules), and the advertiser warns with the native backend. Upstream's
 * peers carry only the field under test; ours add the ASNs and address the import needs.
 */
class NativeModeConformanceTest {
    private static final KubernetesSerialization YAML = new KubernetesSerialization();
    private static final String PEER = """
            apiVersion: metallb.io/v1beta2
            kind: BGPPeer
            metadata: {name: peer, namespace: metallb-system}
            spec:
              myASN: 64500
              peerASN: 64501
              peerAddress: 1.2.3.4
            """;

    private static String peer(String extra) {
        return PEER + "  " + extra + "\n";
    }

    private static String pool(String name, String labels, String address) {
        return "---\napiVersion: metallb.io/v1beta1\nkind: IPAddressPool\nmetadata: {name: " + name
                + ", namespace: metallb-system" + (labels == null ? "" : ", labels: " + labels) + "}\nspec: {addresses: ["
                + address + "]}\n";
    }

    private static String bgpAd(String name, String spec) {
        return "---\napiVersion: metallb.io/v1beta1\nkind: BGPAdvertisement\nmetadata: {name: " + name
                + ", namespace: metallb-system}\nspec: " + spec + "\n";
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("peer with bfd profile", peer("bfdProfile: foo") + """
                        ---
                        apiVersion: metallb.io/v1beta1
                        kind: BFDProfile
                        metadata: {name: foo, namespace: metallb-system}
                        spec: {}
                        """, true),
                Arguments.of("v6 address", pool("v6", null, "\"2001:db8::/64\"") + bgpAd("foo", "{}"), true),
                Arguments.of("v6 address but pool not selected", pool("foo", null, "\"2001:db8::/64\"")
                        + pool("bar", null, "192.0.2.0/24") + bgpAd("foo", "{ipAddressPools: [bar]}"), false),
                Arguments.of("v6 address and selected", pool("foo", null, "\"2001:db8::/64\"")
                        + pool("foo1", null, "192.0.2.0/24") + bgpAd("bar1", "{ipAddressPools: [foo1]}")
                        + bgpAd("bar", "{ipAddressPools: [foo]}"), true),
                Arguments.of("v6 address and selected by labels", pool("foo", "{key: value}", "\"2001:db8::/64\"")
                        + pool("foo1", null, "192.0.2.0/24") + bgpAd("bar1", "{ipAddressPools: [foo1]}")
                        + bgpAd("bar", "{ipAddressPoolSelectors: [{matchLabels: {key: value}}]}"), true),
                Arguments.of("enable BGP GracefulRestart", peer("enableGracefulRestart: true"), true),
                Arguments.of("disable BGP MP", peer("disableMP: true"), true),
                Arguments.of("dynamic ASN", PEER.replace("peerASN: 64501", "dynamicASN: internal"), true),
                Arguments.of("interface", PEER.replace("peerAddress: 1.2.3.4", "interface: eth0"), true),
                Arguments.of("keepalive time", peer("keepaliveTime: 1s"), true),
                Arguments.of("connect time", peer("connectTime: 1s"), true),
                Arguments.of("large BGP community inside BGP Advertisement", pool("p", null, "192.0.2.0/24")
                        + bgpAd("adv", "{communities: [\"large:123:456:789\"]}"), true),
                Arguments.of("bfd profile set", PEER + """
                        ---
                        apiVersion: metallb.io/v1beta1
                        kind: BFDProfile
                        metadata: {name: foo, namespace: metallb-system}
                        spec: {}
                        """, true),
                Arguments.of("localASN", peer("localASN: 64600"), true),
                Arguments.of("large BGP community inside Community CR", PEER + """
                        ---
                        apiVersion: metallb.io/v1beta1
                        kind: Community
                        metadata: {name: c, namespace: metallb-system}
                        spec:
                          communities:
                          - {name: big, value: "large:123:456:789"}
                        """, true),
                Arguments.of("should pass", PEER, false));
    }

    @ParameterizedTest(name = "TestValidate \"{0}\"")
    @MethodSource("cases")
    @SuppressWarnings("unchecked")
    void nativeBackendRefusesFrrOnlyFeatures(String desc, String yaml, boolean mustFail) {
        MetalLbSession session = new MetalLbSession(ProviderContext.offline("metallb-system"));
        Object parsed = YAML.unmarshal(yaml);
        ApplianceConfig config = session.importConfig(parsed instanceof List<?> l ? (List<HasMetadata>) l
                : List.of((HasMetadata) parsed));
        List<String> warnings = new MetalLbAdvertiser(MetalLbAdvertiser.Backend.NATIVE).advertisements(config,
                List.of()).warnings().stream().map(Problem::message).toList();
        List<String> errors = new MetalLbSession(new ProviderContext(java.util.Optional.empty(), "metallb-system",
                dev.kubelb.spi.ClusterInfo.UNKNOWN, java.util.Map.of(MetalLbSession.OPTION_BGP_TYPE, "native")))
                .validate(config).errors().stream().map(Problem::message).toList();
        assertThat(errors.stream().anyMatch(m -> m.contains("native BGP backend refuses")))
                .as(desc + ", refused in validation: " + errors).isEqualTo(mustFail);
        if (!desc.equals("bfd profile set") && !desc.equals("localASN") && !desc.contains("Community CR")) {
            // the advertiser's preview warns too wherever the configuration is used by an advertisement or peer
            assertThat(warnings.stream().anyMatch(m -> m.contains("native BGP backend refuses")))
                    .as(desc + ", warned in the preview: " + warnings).isEqualTo(mustFail);
        }
    }
}
