package dev.kubelb.provider.metallb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelb.api.AdvertisementPreview;
import dev.kubelb.api.Allocation;
import dev.kubelb.api.ApplianceConfig;
import dev.kubelb.api.IpAddress;
import dev.kubelb.api.LoadBalancerRequest;
import dev.kubelb.api.PortSpec;
import dev.kubelb.api.Problem;
import dev.kubelb.api.ValidationReport;
import dev.kubelb.spi.Assignment;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * BGPAdvertisement {@code asPathPrepend}: only MetalLB's frr-k8s backend serves it; with {@code frr} or {@code native}
 * its controller and speaker refuse the whole configuration ({@code internal/config/validation.go ValidationFor},
 * {@code DiscardFRRK8sOnly}, v0.16.2; seen against the real controller in {@code MetalLbFrrRefusalRealApiIT}).
 */
class FrrK8sOnlyTest {
    private static final String YAML = BgpTypeSessions.POOL_AND_PEER + """
            ---
            apiVersion: metallb.io/v1beta1
            kind: BGPAdvertisement
            metadata: {name: longer, namespace: metallb-system}
            spec: {ipAddressPools: [extern], asPathPrepend: 2}
            ---
            apiVersion: metallb.io/v1beta1
            kind: L2Advertisement
            metadata: {name: local, namespace: metallb-system}
            spec: {ipAddressPools: [extern]}
            """;

    private static MetalLbSession session(Map<String, String> options) {
        return BgpTypeSessions.withOptions(options);
    }

    private static ValidationReport validate(Map<String, String> options) {
        MetalLbSession s = session(options);
        return s.validate(s.importConfig(Manifests.parse(YAML)));
    }

    @Test
    void asPathPrependIsAnErrorForTheFrrAndNativeBackendsAWarningWhenTheBackendIsNotGiven() {
        for (String backend : List.of("frr", "native")) {
            assertThat(validate(Map.of(MetalLbSession.OPTION_BGP_TYPE, backend)).errors()).as(backend)
                    .extracting(p -> p.object() + " " + p.field() + ": " + p.message()).singleElement()
                    .satisfies(m -> assertThat(m).startsWith("BGPAdvertisement/longer spec.asPathPrepend: MetalLB's "
                            + backend + " BGP backend refuses asPathPrepend").contains("only its frr-k8s backend"));
        }
        ValidationReport unset = validate(Map.of());
        assertThat(unset.errors()).isEmpty();
        assertThat(unset.warnings()).extracting(Problem::message).anySatisfy(m -> assertThat(m)
                .contains("refuses asPathPrepend", "set metallb.bgpType=frr-k8s"));
        ValidationReport frrK8s = validate(Map.of(MetalLbSession.OPTION_BGP_TYPE, "frr-k8s"));
        assertThat(frrK8s.errors()).isEmpty();
        assertThat(frrK8s.warnings()).extracting(Problem::field).doesNotContain("spec.asPathPrepend");
    }

    @Test
    void thePreviewOfTheFrrBackendAnnouncesNothingWhileFrrK8sAnnounces() {
        ApplianceConfig config = session(Map.of()).importConfig(Manifests.parse(YAML));
        LoadBalancerRequest r = LoadBalancerRequest.builder("tenant-a", "web").port(PortSpec.tcp(80)).build();
        List<Assignment> a = List.of(new Assignment(r, new Allocation(r.id(), "extern",
                List.of(IpAddress.parse("10.10.255.200")), Optional.empty())));
        AdvertisementPreview frr = new MetalLbAdvertiser(MetalLbAdvertiser.Backend.FRR).advertisements(config, a);
        assertThat(frr.routes()).isEmpty();
        assertThat(frr.l2()).as("the whole configuration is refused, L2 too").isEmpty();
        assertThat(frr.warnings()).extracting(Problem::message).anySatisfy(m -> assertThat(m)
                .contains("BGPAdvertisement/longer spec.asPathPrepend", "refuses asPathPrepend"));
        AdvertisementPreview k8s = new MetalLbAdvertiser(MetalLbAdvertiser.Backend.FRR_K8S).advertisements(config, a);
        assertThat(k8s.routesFor("router")).extracting(x -> x.prefix().toString()).containsExactly("10.10.255.200/32");
        assertThat(k8s.l2()).hasSize(1);
    }
}
