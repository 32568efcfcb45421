package dev.kubelb.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubelb.api.Allocation;
import dev.kubelb.api.IpAddress;
import dev.kubelb.api.LoadBalancerId;
import dev.kubelb.api.LoadBalancerRequest;
import dev.kubelb.api.PortSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SpiValuesTest {

    @Test
    void clusterInfoAnswersByGroupAndVersion() {
        ClusterInfo c = new ClusterInfo(Set.of("metallb.io/v1beta2", "metallb.io/v1beta1", "v1"),
                Set.of("metallb.io/v1beta1/IPAddressPool"), Map.of("cloud", "none"));
        assertThat(c.servesGroup("metallb.io")).isTrue();
        assertThat(c.servesGroup("cilium.io")).isFalse();
        assertThat(c.servesGroup("metallb")).isFalse();
        assertThat(c.serves("metallb.io/v1beta1")).isTrue();
        assertThat(c.serves("metallb.io/v1")).isFalse();
        assertThat(c.apiVersions()).containsExactly("metallb.io/v1beta1", "metallb.io/v1beta2", "v1");
        assertThat(ClusterInfo.UNKNOWN.servesGroup("metallb.io")).isFalse();
    }

    @Test
    void aGroupIsOfferedWhenServedOrWhenOneOfItsKindsIsPresent() {
        ClusterInfo offline = new ClusterInfo(Set.of(), Set.of("cilium.io/v2/CiliumLoadBalancerIPPool"), Map.of());
        assertThat(offline.offersGroup("cilium.io")).isTrue();
        assertThat(offline.servesGroup("cilium.io")).isFalse();
        assertThat(offline.offersGroup("metallb.io")).isFalse();
        assertThat(offline.offersGroup("cilium")).isFalse();
        ClusterInfo online = new ClusterInfo(Set.of("metallb.io/v1beta1"), Set.of(), Map.of());
        assertThat(online.offersGroup("metallb.io")).isTrue();
        assertThat(ClusterInfo.UNKNOWN.offersGroup("metallb.io")).isFalse();
    }

    @Test
    void resourceKindApiVersion() {
        assertThat(new ResourceKind("metallb.io", "v1beta1", "IPAddressPool", "ipaddresspools", true).apiVersion())
                .isEqualTo("metallb.io/v1beta1");
        assertThat(new ResourceKind("", "v1", "Service", "services", true).apiVersion()).isEqualTo("v1");
    }

    @Test
    void providerContextOffline() {
        ProviderContext ctx = ProviderContext.offline("metallb-system");
        assertThat(ctx.client()).isEmpty();
        assertThat(ctx.applianceNamespace()).isEqualTo("metallb-system");
        assertThat(ctx.option("x")).isEmpty();
        ProviderContext withOptions = new ProviderContext(Optional.empty(), "kube-system", ClusterInfo.UNKNOWN,
                Map.of("ccm.cloud", "aws"));
        assertThat(withOptions.option("ccm.cloud")).contains("aws");
    }

    @Test
    void ingressNeedsAnIpOrAHostname() {
        assertThat(ApplianceStatus.Ingress.ofIp("10.10.255.200").ip()).contains("10.10.255.200");
        assertThatThrownBy(() -> new ApplianceStatus.Ingress(Optional.empty(), Optional.empty(), Optional.empty(),
                List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("an ingress point has an ip or a hostname");
        ApplianceStatus ready = ApplianceStatus.ready(List.of(ApplianceStatus.Ingress.ofIp("10.10.255.200")));
        assertThat(ready.state()).isEqualTo(ApplianceStatus.State.READY);
        assertThat(ApplianceStatus.pending("waiting").state()).isEqualTo(ApplianceStatus.State.PENDING);
    }

    @Test
    void assignmentPairsARequestWithItsOwnAllocation() {
        LoadBalancerRequest r = LoadBalancerRequest.builder("tenant-a", "web").port(PortSpec.tcp(80)).build();
        Allocation mine = new Allocation(r.id(), "extern", List.of(IpAddress.parse("10.10.255.200")),
                Optional.empty());
        assertThat(new Assignment(r, mine).allocation()).isEqualTo(mine);
        Allocation other = new Allocation(LoadBalancerId.of("tenant-b", "web"), "extern",
                List.of(IpAddress.parse("10.10.255.201")), Optional.empty());
        assertThatThrownBy(() -> new Assignment(r, other)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("allocation tenant-b/web is not for tenant-a/web");
    }
}
