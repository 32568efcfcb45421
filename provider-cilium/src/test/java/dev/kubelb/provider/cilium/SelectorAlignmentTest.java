package dev.kubelb.provider.cilium;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelb.api.AddressPool;
import dev.kubelb.api.ApplianceConfig;
import dev.kubelb.api.BgpAdvertisement;
import dev.kubelb.api.BgpPeer;
import dev.kubelb.api.L2Advertisement;
import dev.kubelb.api.LabelSelector;
import dev.kubelb.api.LoadBalancerRequest;
import dev.kubelb.provider.cilium.model.CiliumBGPAdvertisement;
import dev.kubelb.provider.cilium.model.CiliumBGPClusterConfig;
import dev.kubelb.provider.cilium.model.CiliumBGPPeerConfig;
import dev.kubelb.provider.cilium.model.CiliumL2AnnouncementPolicy;
import dev.kubelb.provider.cilium.model.IpPoolSpec;
import dev.kubelb.spi.Assignment;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.CustomResource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Cilium announces nothing when selectors do not line up. These tests evaluate the rendered selectors
 * with Kubernetes label-selector semantics against the rendered labels, and check that what Cilium
 * would announce is exactly what the neutral configuration says, for every pool, advertisement and peer.
 */
class SelectorAlignmentTest {
    private final CiliumSession session = Fixtures.session();

    private static boolean matches(io.fabric8.kubernetes.api.model.LabelSelector selector, Map<String, String> labels) {
        return Selectors.fromFabric8(selector).matches(labels == null ? Map.of() : labels);
    }

    private static <T> List<T> ofType(List<HasMetadata> objects, Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** One Service per pool, rendered for a request the pool admits. */
    private Map<String, Service> servicesPerPool(ApplianceConfig config) {
        Map<String, Service> out = new java.util.TreeMap<>();
        for (AddressPool pool : config.pools()) {
            LoadBalancerRequest r = Fixtures.request("tenant-a", "svc-" + pool.name(), Fixtures.tcp(443))
                    .label("tier", "internal").label("color", "blue").pool(pool.name()).build();
            assertThat(pool.scope().map(s -> s.admits("tenant-a", Map.of(), r.labels())).orElse(true)).isTrue();
            String address = pool.ranges().get(0).first().plus(1).toString();
            Assignment a = Fixtures.assign(r, pool.name(), address);
            out.put(pool.name(), session.renderService(a.request(), Optional.of(a.allocation()), config));
        }
        return out;
    }

    @Test
    void ciliumAnnouncesExactlyWhatTheNeutralConfigurationSays() {
        for (ApplianceConfig config : Corpus.all().values()) {
            assertAligned(config);
        }
    }

    @Test
    void alignedForPoolSelectorsPeerSubsetsAndEveryPool() {
        ApplianceConfig config = ApplianceConfig.builder()
                .pool(AddressPool.builder("a").addresses("10.0.1.0/24").label("zone", "x").build())
                .pool(AddressPool.builder("b").addresses("10.0.2.0/24").label("zone", "y").build())
                .pool(AddressPool.builder("c").addresses("10.0.3.0/24").build())
                .advertisement(BgpAdvertisement.builder("all").build())
                .advertisement(BgpAdvertisement.builder("zone-x").poolSelector(LabelSelector.of(Map.of("zone", "x")))
                        .peers("p2").build())
                .advertisement(BgpAdvertisement.builder("named").pools("c", "b").peers("p1", "p3").build())
                .advertisement(BgpAdvertisement.builder("none").poolSelector(LabelSelector.of(Map.of("zone", "z")))
                        .build())
                .peer(BgpPeer.builder("p1", 65000, 65001, "10.9.0.1").build())
                .peer(BgpPeer.builder("p2", 65000, 65001, "10.9.0.2").build())
                .peer(BgpPeer.builder("p3", 65000, 65001, "10.9.0.3").build())
                .build();
        assertAligned(config);
    }

    private void assertAligned(ApplianceConfig config) {
        List<HasMetadata> objects = session.renderConfig(config, List.of());
        Map<String, Service> services = servicesPerPool(config);
        List<CiliumBGPAdvertisement> ads = ofType(objects, CiliumBGPAdvertisement.class);
        Map<String, CiliumBGPPeerConfig> peerConfigs = new java.util.TreeMap<>();
        ofType(objects, CiliumBGPPeerConfig.class).forEach(p -> peerConfigs.put(p.getMetadata().getName(), p));
        Map<String, String> peerToConfig = new java.util.TreeMap<>();
        for (CiliumBGPClusterConfig cc : ofType(objects, CiliumBGPClusterConfig.class)) {
            cc.getSpec().getBgpInstances().forEach(i -> i.getPeers().forEach(p ->
                    peerToConfig.put(p.getName(), p.getPeerConfigRef().getName())));
        }
        assertThat(peerToConfig.keySet()).containsExactlyInAnyOrderElementsOf(
                config.peers().stream().map(BgpPeer::name).toList());
        for (AddressPool pool : config.pools()) {
            Service svc = services.get(pool.name());
            Map<String, String> svcLabels = svc.getMetadata().getLabels();
            // the pool's serviceSelector admits the Service we render for a request the pool admits
            @SuppressWarnings("unchecked")
            CustomResource<IpPoolSpec, ?> cp = (CustomResource<IpPoolSpec, ?>) objects.stream()
                    .filter(o -> o.getKind().equals("CiliumLoadBalancerIPPool")
                            && o.getMetadata().getName().equals(pool.name())).findFirst().orElseThrow();
            if (cp.getSpec().getServiceSelector() != null) {
                assertThat(matches(cp.getSpec().getServiceSelector(), svcLabels)).as(pool.name()).isTrue();
            }
            for (BgpAdvertisement neutral : config.bgpAdvertisements()) {
                CiliumBGPAdvertisement ad = ads.stream().filter(a -> a.getMetadata().getName().equals(neutral.name()))
                        .findFirst().orElseThrow();
                boolean selectsService = matches(ad.getSpec().getAdvertisements().get(0).getSelector(), svcLabels);
                assertThat(selectsService).as(neutral.name() + " selects Service of pool " + pool.name())
                        .isEqualTo(neutral.selects(pool));
                for (BgpPeer peer : config.peers()) {
                    CiliumBGPPeerConfig pc = peerConfigs.get(peerToConfig.get(peer.name()));
                    boolean peerGetsAd = pc.getSpec().getFamilies() != null && pc.getSpec().getFamilies().stream()
                            .allMatch(f -> matches(f.getAdvertisements(), ad.getMetadata().getLabels()));
                    boolean neutralPeerGetsAd = neutral.peers().isEmpty() || neutral.peers().contains(peer.name());
                    assertThat(peerGetsAd).as(peer.name() + " receives " + neutral.name()).isEqualTo(neutralPeerGetsAd);
                }
            }
            for (L2Advertisement neutral : config.l2Advertisements()) {
                CiliumL2AnnouncementPolicy pol = ofType(objects, CiliumL2AnnouncementPolicy.class).stream()
                        .filter(p -> p.getMetadata().getName().equals(neutral.name())).findFirst().orElseThrow();
                assertThat(matches(pol.getSpec().getServiceSelector(), svcLabels)).as(neutral.name() + " / " + pool.name())
                        .isEqualTo(neutral.selects(pool));
            }
        }
    }

    @Test
    void aPoolSelectorThatSelectsNothingRendersASelectorThatMatchesNoService() {
        ApplianceConfig config = ApplianceConfig.builder()
                .pool(AddressPool.builder("a").addresses("10.0.1.0/24").build())
                .advertisement(BgpAdvertisement.builder("none").poolSelector(LabelSelector.of(Map.of("zone", "z"))).build())
                .build();
        CiliumBGPAdvertisement ad = ofType(session.renderConfig(config, List.of()), CiliumBGPAdvertisement.class).get(0);
        var sel = ad.getSpec().getAdvertisements().get(0).getSelector();
        assertThat(matches(sel, Map.of(CiliumNames.LABEL_POOL, "a"))).isFalse();
        assertThat(matches(sel, Map.of())).isFalse();
        assertThat(session.validate(config).warnings()).extracting(Object::toString).contains(
                "CiliumBGPAdvertisement/none: spec.advertisements[0].selector: selects no pool: Cilium announces nothing for it");
    }
}
