package dev.kubelb.provider.metallb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubelb.api.ApplianceConfig;
import dev.kubelb.api.ConfigurationException;
import dev.kubelb.api.LoadBalancerRequest;
import dev.kubelb.api.PortSpec;
import dev.kubelb.api.Problem;
import dev.kubelb.spi.ClusterInfo;
import dev.kubelb.spi.ProviderContext;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The provider option metallb.version: rules that changed between MetalLB 0.14, 0.15 and 0.16 follow it. */
class VersionOptionTest {
    private static MetalLbSession session(String version) {
        return new MetalLbSession(new ProviderContext(Optional.empty(), "metallb-system", ClusterInfo.UNKNOWN,
                Map.of(MetalLbSession.OPTION_VERSION, version)));
    }

    @Test
    void theDefaultIsTheNewest() {
        assertThat(new MetalLbSession(ProviderContext.offline("metallb-system")).version()).isEqualTo("0.16.2");
        assertThat(session("0.15").version()).isEqualTo("0.15");
        assertThat(session("v0.14.8").version()).isEqualTo("0.14.8");
    }

    @Test
    void anUnsupportedVersionIsAnErrorNamingTheOption() {
        assertThatThrownBy(() -> session("0.13")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("metallb.version").hasMessageContaining("'0.13' is not a supported MetalLB version");
    }

    @Test
    void serviceAnnotationsUseMetallbIoFrom0149AndTheOldPrefixBefore() {
        LoadBalancerRequest r = LoadBalancerRequest.builder("shop", "web").port(PortSpec.tcp(80)).pool("extern")
                .requestedAddresses("192.0.2.1").build();
        for (String v : List.of("0.14.9", "0.15", "0.16")) {
            assertThat(session(v).renderService(r, Optional.empty(), ApplianceConfig.EMPTY).getMetadata()
                    .getAnnotations()).as(v).containsEntry("metallb.io/address-pool", "extern")
                    .containsEntry("metallb.io/loadBalancerIPs", "192.0.2.1");
        }
        assertThat(session("0.14.8").renderService(r, Optional.empty(), ApplianceConfig.EMPTY).getMetadata()
                .getAnnotations()).containsEntry("metallb.universe.tf/address-pool", "extern")
                .containsEntry("metallb.universe.tf/loadBalancerIPs", "192.0.2.1")
                .doesNotContainKey("metallb.io/address-pool");
    }

    @Test
    void fieldsOfLaterVersionsAreErrorsNamingTheVersion() {
        ApplianceConfig config = session("0.16").importConfig(Manifests.load("v016.yaml"));
        assertThat(session("0.16").validate(config).errors()).isEmpty();
        assertThat(session("0.15").validate(config).errors()).extracting(Problem::toString).containsExactlyInAnyOrder(
                "BGPAdvertisement/web-only: spec.serviceSelectors: requires MetalLB 0.16 or later; option "
                        + "metallb.version is 0.15",
                "BGPAdvertisement/web-only: spec.asPathPrepend: requires MetalLB 0.16 or later; option "
                        + "metallb.version is 0.15",
                "L2Advertisement/web-preferred: spec.serviceSelectors: requires MetalLB 0.16 or later; option "
                        + "metallb.version is 0.15",
                "L2Advertisement/web-preferred: spec.preferredNodeSelectors: requires MetalLB 0.16 or later; option "
                        + "metallb.version is 0.15");
        assertThat(session("0.14").validate(config).errors()).extracting(Problem::toString)
                .contains("BGPPeer/unnumbered: spec.interface: requires MetalLB 0.15 or later; option "
                        + "metallb.version is 0.14");
    }

    @Test
    void sessionsCarryTheirOwnFamilyOnlyFrom015() {
        assertThat(session("0.14").sessionsCarryOwnFamilyOnly()).isFalse();
        assertThat(session("0.15").sessionsCarryOwnFamilyOnly()).isTrue();
        assertThat(session("0.16").sessionsCarryOwnFamilyOnly()).isTrue();
    }
}
