package dev.kubelb.provider.ccm;

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

/** Discovery, identity, capabilities and cloud selection of the provider. */
class CcmProviderTest {

    private static ProviderContext context(Map<String, String> options, Map<String, String> hints) {
        return new ProviderContext(Optional.empty(), "kube-system", new ClusterInfo(Set.of(), Set.of(), hints),
                options);
    }

    @Test
    void serviceLoaderFindsExactlyCcmInThisModule() {
        List<LoadBalancerProvider> found = ServiceLoader.load(LoadBalancerProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(p -> p.getClass().getPackageName().equals("dev.kubelb.provider.ccm"))
                .toList();
        assertThat(found).extracting(LoadBalancerProvider::name).containsExactly("ccm");
        assertThat(found.get(0)).isInstanceOf(CcmProvider.class);
    }

    @Test
    void identityAndUnboundCapabilities() {
        CcmProvider p = new CcmProvider();
        assertThat(p.name()).isEqualTo("ccm");
        assertThat(p.priority()).isEqualTo(10);
        assertThat(p.capabilities()).isEqualTo(new Capabilities(false, false, true, false, false, true));
    }

    @Test
    void boundCapabilitiesFollowTheProfile() {
        assertThat(CcmProvider.forCloud("azure").capabilities())
                .isEqualTo(new Capabilities(false, false, true, true, false, true));
        assertThat(CcmProvider.forCloud("aws").capabilities()).as("IPv4 only; private static addresses")
                .isEqualTo(new Capabilities(false, false, false, true, false, true));
        assertThat(CcmProvider.forCloud("toycloud").capabilities()).as("no static addresses at all")
                .isEqualTo(new Capabilities(false, false, true, false, false, true));
    }

    @Test
    void supportsOnlyClustersThatNameAKnownCloud() {
        CcmProvider p = new CcmProvider();
        assertThat(p.supports(ClusterInfo.UNKNOWN)).isFalse();
        assertThat(p.supports(new ClusterInfo(Set.of(), Set.of(), Map.of("cloud", "gcp")))).isTrue();
        assertThat(p.supports(new ClusterInfo(Set.of(), Set.of(), Map.of("cloud", "vsphere")))).isFalse();
        assertThat(CcmProvider.forCloud("gcp").supports(ClusterInfo.UNKNOWN)).isTrue();
    }

    @Test
    void theOptionWinsOverTheHint() {
        CcmSession s = (CcmSession) new CcmProvider().open(context(Map.of("ccm.cloud", "hetzner"),
                Map.of("cloud", "gcp")));
        assertThat(s.profile().name()).isEqualTo("hetzner");
        assertThat(s.providerName()).isEqualTo("ccm");
        CcmSession hinted = (CcmSession) new CcmProvider().open(context(Map.of(), Map.of("cloud", "gcp")));
        assertThat(hinted.profile().name()).isEqualTo("gcp");
        CcmSession bound = (CcmSession) CcmProvider.forCloud("oci").open(context(Map.of(), Map.of("cloud", "gcp")));
        assertThat(bound.profile().name()).as("a bound provider beats a hint").isEqualTo("oci");
    }

    @Test
    void unknownCloudListsTheKnownProfiles() {
        assertThatThrownBy(() -> new CcmProvider().open(context(Map.of("ccm.cloud", "vsphere"), Map.of())))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("ccm.cloud: unknown cloud profile 'vsphere'; known profiles: acme, aws, aws-lbc, azure,"
                        + " digitalocean, gcp, hetzner, oci, openstack, toycloud");
        assertThatThrownBy(() -> CcmProvider.forCloud("vsphere")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("unknown cloud profile 'vsphere'");
    }

    @Test
    void noCloudIsAnErrorNotAGuess() {
        assertThatThrownBy(() -> new CcmProvider().open(ProviderContext.offline("kube-system")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("ccm.cloud: no cloud named: set the provider option ccm.cloud or the cluster hint cloud;"
                        + " known profiles: acme, aws, aws-lbc, azure, digitalocean, gcp, hetzner, oci, openstack,"
                        + " toycloud");
    }
}
