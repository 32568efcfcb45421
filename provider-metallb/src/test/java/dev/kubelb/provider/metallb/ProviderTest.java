package dev.kubelb.provider.metallb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelb.provider.metallb.model.MetalLbKinds;
import dev.kubelb.spi.Capabilities;
import dev.kubelb.spi.ClusterInfo;
import dev.kubelb.spi.LoadBalancerProvider;
import dev.kubelb.spi.ProviderContext;
import dev.kubelb.spi.ResourceKind;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProviderTest {

    @Test
    void serviceLoaderFindsExactlyMetallbFromThisModule() {
        List<String> names = ServiceLoader.load(LoadBalancerProvider.class).stream()
                .map(p -> p.get().name()).toList();
        assertThat(names).containsExactly("metallb");
    }

    @Test
    void identityAndCapabilities() {
        MetalLbProvider p = new MetalLbProvider();
        assertThat(p.name()).isEqualTo("metallb");
        assertThat(p.priority()).isEqualTo(100);
        assertThat(p.capabilities()).isEqualTo(new Capabilities(true, true, true, true, true, false));
    }

    @Test
    void supportsClustersServingMetallbOrManifestsContainingIt() {
        MetalLbProvider p = new MetalLbProvider();
        assertThat(p.supports(new ClusterInfo(Set.of("v1", "metallb.io/v1beta1"), Set.of(), Map.of()))).isTrue();
        assertThat(p.supports(new ClusterInfo(Set.of(), Set.of("metallb.io/v1beta2/BGPPeer"), Map.of()))).isTrue();
        assertThat(p.supports(new ClusterInfo(Set.of("cilium.io/v2"), Set.of("cilium.io/v2/CiliumLoadBalancerIPPool"),
                Map.of()))).isFalse();
        assertThat(p.supports(ClusterInfo.UNKNOWN)).isFalse();
        assertThat(p.supports(new ClusterInfo(Set.of("metallb.iox/v1"), Set.of(), Map.of()))).isFalse();
    }

    @Test
    void sessionDescribesItsKindsAndNamespace() {
        MetalLbSession s = (MetalLbSession) new MetalLbProvider().open(ProviderContext.offline("lb-system"));
        assertThat(s.providerName()).isEqualTo("metallb");
        assertThat(s.namespace()).isEqualTo("lb-system");
        assertThat(s.configKinds()).extracting(ResourceKind::apiVersion, ResourceKind::kind, ResourceKind::plural)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("metallb.io/v1beta1", "IPAddressPool", "ipaddresspools"),
                        org.assertj.core.groups.Tuple.tuple("metallb.io/v1beta1", "Community", "communities"),
                        org.assertj.core.groups.Tuple.tuple("metallb.io/v1beta1", "BFDProfile", "bfdprofiles"),
                        org.assertj.core.groups.Tuple.tuple("metallb.io/v1beta2", "BGPPeer", "bgppeers"),
                        org.assertj.core.groups.Tuple.tuple("metallb.io/v1beta1", "BGPAdvertisement", "bgpadvertisements"),
                        org.assertj.core.groups.Tuple.tuple("metallb.io/v1beta1", "L2Advertisement", "l2advertisements"));
        assertThat(s.configKinds()).allMatch(ResourceKind::namespaced);
        assertThat(MetalLbKinds.typeOf("metallb.io/v1beta1", "BGPPeer")).isEmpty();
        assertThat(new MetalLbProvider().open(ProviderContext.offline(" ")))
                .extracting(x -> ((MetalLbSession) x).namespace()).isEqualTo("metallb-system");
    }
}
