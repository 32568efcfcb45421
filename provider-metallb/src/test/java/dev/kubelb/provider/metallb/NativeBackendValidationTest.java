package dev.kubelb.provider.metallb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubelb.api.ApplianceConfig;
import dev.kubelb.api.ConfigurationException;
import dev.kubelb.api.Problem;
import dev.kubelb.api.ValidationReport;
import org.junit.jupiter.api.Test;

/**
 * The provider option metallb.bgpType: with {@code native}, what MetalLB's native speaker refuses
 * ({@code internal/config/validation.go DiscardFRROnly}) is a validation error naming the object and field; with FRR
 * (the default) the same configuration is valid.
 */
class NativeBackendValidationTest {
    private static MetalLbSession session(String bgpType) {
        return BgpTypeSessions.told(bgpType);
    }

    private static ApplianceConfig config(String extra) {
        return session("frr").importConfig(Manifests.parse(BgpTypeSessions.POOL_AND_PEER + extra));
    }

    private static final String ALIASED_LARGE = """
            ---
            apiVersion: metallb.io/v1beta1
            kind: Community
            metadata: {name: tags, namespace: metallb-system}
            spec:
              communities:
              - {name: tenant-tag, value: "64512:300"}
              - {name: tenant-large, value: "large:64500:7:8"}
            ---
            apiVersion: metallb.io/v1beta1
            kind: BGPAdvertisement
            metadata: {name: extern, namespace: metallb-system}
            spec: {ipAddressPools: [extern], communities: [tenant-tag, tenant-large]}
            """;

    @Test
    void aLargeCommunityGivenThroughACommunityAliasIsRefusedWhereItIsUsedAndWhereItIsDefined() {
        ValidationReport r = session("native").validate(config(ALIASED_LARGE));
        assertThat(r.errors()).extracting(p -> p.object() + " " + p.field()).containsExactly(
                "BGPAdvertisement/extern spec.communities[1]", "Community/tags spec.communities[name=tenant-large].value");
        assertThat(r.errors()).extracting(Problem::message).allSatisfy(m -> assertThat(m)
                .contains("native BGP backend refuses the large community large:64500:7:8", "announce nothing"));
        assertThat(r.errors().get(0).message()).contains("through the alias 'tenant-large'");
        assertThat(session("frr").validate(config(ALIASED_LARGE)).errors()).isEmpty();
        assertThat(session("frr-k8s").validate(config(ALIASED_LARGE)).errors()).isEmpty();
    }

    @Test
    void anUnusedLargeAliasIsRefusedTooAsMetalLbChecksEveryCommunityEntry() {
        String unused = ALIASED_LARGE.replace("communities: [tenant-tag, tenant-large]", "communities: [tenant-tag]");
        assertThat(session("native").validate(config(unused)).errors()).extracting(p -> p.object() + " " + p.field())
                .containsExactly("Community/tags spec.communities[name=tenant-large].value");
    }

    @Test
    void aLiteralLargeCommunityKeepaliveTimeAndAnIpv6PoolAreRefused() {
        ApplianceConfig c = config("""
                ---
                apiVersion: metallb.io/v1beta2
                kind: BGPPeer
                metadata: {name: timed, namespace: metallb-system}
                spec: {myASN: 64500, peerASN: 64502, peerAddress: 10.0.0.2, holdTime: 90s, keepaliveTime: 30s}
                ---
                apiVersion: metallb.io/v1beta1
                kind: IPAddressPool
                metadata: {name: v6, namespace: metallb-system}
                spec: {addresses: ["2001:db8::/64"]}
                ---
                apiVersion: metallb.io/v1beta1
                kind: BGPAdvertisement
                metadata: {name: all, namespace: metallb-system}
                spec: {communities: ["large:64500:1:2"]}
                """);
        ValidationReport r = session("native").validate(c);
        assertThat(r.errors()).extracting(p -> p.object() + " " + p.field()).containsExactly(
                "BGPPeer/timed spec.keepaliveTime", "IPAddressPool/v6 spec.addresses",
                "BGPAdvertisement/all spec.communities[0]");
        assertThat(r.errors().get(0).message()).isEqualTo("MetalLB's native BGP backend refuses keepaliveTime, an "
                + "FRR-only field; its speaker would then refuse the whole configuration and announce nothing");
        assertThatThrownBy(r::throwIfInvalid).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("BGPPeer/timed").hasMessageContaining("spec.keepaliveTime");
        assertThat(session("frr").validate(c).errors()).isEmpty();
    }

    @Test
    void anUnknownBackendIsAClearError() {
        assertThatThrownBy(() -> session("gobgp")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(MetalLbSession.OPTION_BGP_TYPE)
                .hasMessageContaining("'gobgp' is not a MetalLB BGP backend: expected frr, frr-k8s or native");
    }
}
