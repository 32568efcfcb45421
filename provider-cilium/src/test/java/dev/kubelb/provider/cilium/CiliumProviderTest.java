package dev.kubelb.provider.cilium;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubelb.api.ConfigurationException;
import dev.kubelb.spi.Capabilities;
import dev.kubelb.spi.ClusterInfo;
import dev.kubelb.spi.LoadBalancerProvider;
import dev.kubelb.spi.ProviderContext;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CiliumProviderTest {

    @Test
    void serviceLoaderFindsExactlyCilium() {
        List<String> names = ServiceLoader.load(LoadBalancerProvider.class).stream()
                .map(p -> p.get().name()).toList();
        assertThat(names).containsExactly("cilium");
    }

    @Test
    void identity() {
        CiliumProvider p = new CiliumProvider();
        assertThat(p.name()).isEqualTo("cilium");
        assertThat(p.priority()).isEqualTo(90);
        assertThat(p.capabilities()).isEqualTo(new Capabilities(true, true, true, true, true, false));
        assertThat(p.open(ProviderContext.offline("kube-system")).providerName()).isEqualTo("cilium");
    }

    @Test
    void supportsClustersServingCiliumIo() {
        CiliumProvider p = new CiliumProvider();
        assertThat(p.supports(new ClusterInfo(Set.of("cilium.io/v2"), Set.of(), Map.of()))).isTrue();
        assertThat(p.supports(new ClusterInfo(Set.of(), Set.of("cilium.io/v2alpha1/CiliumLoadBalancerIPPool"), Map.of())))
                .isTrue();
        assertThat(p.supports(new ClusterInfo(Set.of("metallb.io/v1beta1"), Set.of("metallb.io/v1beta1/IPAddressPool"),
                Map.of()))).isFalse();
        assertThat(p.supports(ClusterInfo.UNKNOWN)).isFalse();
    }

    @Test
    void configKindsFollowThePoolVersion() {
        var kinds = Fixtures.session().configKinds();
        assertThat(kinds).extracting(k -> k.apiVersion() + "/" + k.kind()).containsExactly(
                "cilium.io/v2/CiliumLoadBalancerIPPool", "cilium.io/v2/CiliumBGPAdvertisement",
                "cilium.io/v2/CiliumBGPPeerConfig", "cilium.io/v2/CiliumBGPClusterConfig",
                "cilium.io/v2alpha1/CiliumL2AnnouncementPolicy");
        assertThat(kinds).noneMatch(k -> k.namespaced());
        assertThat(kinds).noneMatch(k -> k.kind().equals("CiliumBGPPeeringPolicy"));
    }

    @Test
    void unknownPoolVersionOptionIsRefused() {
        assertThatThrownBy(() -> new CiliumSession(new ProviderContext(Optional.empty(), "", ClusterInfo.UNKNOWN,
                Map.of("cilium.poolVersion", "v3")))).isInstanceOf(ConfigurationException.class)
                .hasMessage("cilium.poolVersion: 'v3' is not v2 or v2alpha1");
    }
}
