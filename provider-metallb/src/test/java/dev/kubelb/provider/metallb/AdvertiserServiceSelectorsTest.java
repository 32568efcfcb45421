package dev.kubelb.provider.metallb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelb.api.AddressPool;
import dev.kubelb.api.Allocation;
import dev.kubelb.api.ApplianceConfig;
import dev.kubelb.api.BgpAdvertisement;
import dev.kubelb.api.BgpPeer;
import dev.kubelb.api.Community;
import dev.kubelb.api.IpAddress;
import dev.kubelb.api.LabelSelector;
import dev.kubelb.api.LoadBalancerRequest;
import dev.kubelb.api.PortSpec;
import dev.kubelb.api.Problem;
import dev.kubelb.api.RouteAnnouncement;
import dev.kubelb.spi.Assignment;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * BGPAdvertisement {@code serviceSelectors} (MetalLB 0.16, {@code speaker/bgp_controller.go bgpAdsForService}): an
 * advertisement with selectors applies only to the services whose labels one of them matches (OR); one without
 * applies to every service of its pools. The preview's rules; the real 0.16 speaker is checked against them in
 * {@code MetalLbRoutesSuite.anAdvertisementsServiceSelectorsAnnounceTheServicesTheyMatchOnly}.
 */
class AdvertiserServiceSelectorsTest {
    private static final MetalLbAdvertiser FRR = new MetalLbAdvertiser(MetalLbAdvertiser.Backend.FRR);

    private static Assignment assign(String name, Map<String, String> labels, String address) {
        LoadBalancerRequest r = LoadBalancerRequest.builder("tenant-a", name).port(PortSpec.tcp(80)).labels(labels)
                .build();
        return new Assignment(r, new Allocation(r.id(), "p", List.of(IpAddress.parse(address)), Optional.empty()));
    }

    private static ApplianceConfig config() {
        return base().build();
    }

    private static ApplianceConfig.Builder base() {
        return ApplianceConfig.builder().pool(AddressPool.builder("p").addresses("192.0.2.0/24").build())
                .peer(BgpPeer.builder("ebgp", 64500, 64501, "10.0.0.1").build())
                .advertisement(BgpAdvertisement.builder("gold").pools("p").communities("64512:1")
                        .serviceSelector(LabelSelector.of(Map.of("tier", "gold")))
                        .serviceSelector(LabelSelector.of(Map.of("tier", "platinum"))).build())
                .advertisement(BgpAdvertisement.builder("tagged").pools("p").communities("64512:2")
                        .serviceSelector(LabelSelector.of(Map.of("tagged", "yes"))).build());
    }

    @Test
    void anAdvertisementWithServiceSelectorsAppliesToTheServicesOneOfThemMatches() {
        List<Assignment> a = List.of(assign("gold", Map.of("tier", "gold"), "192.0.2.1"),
                assign("platinum", Map.of("tier", "platinum", "tagged", "yes"), "192.0.2.2"),
                assign("bronze", Map.of("tier", "bronze"), "192.0.2.3"));
        var p = FRR.advertisements(config(), a);
        assertThat(p.routesFor("ebgp")).extracting(r -> r.prefix() + " " + r.advertisements() + " "
                + r.communities().stream().map(Community::text).toList()).containsExactly(
                        "192.0.2.1/32 [gold] [64512:1]", "192.0.2.2/32 [gold, tagged] [64512:1, 64512:2]");
        assertThat(p.warnings()).extracting(Problem::message).singleElement().satisfies(m -> assertThat(m)
                .contains("192.0.2.3", "tenant-a/bronze", "select other services (spec.serviceSelectors)"));
    }

    @Test
    void anAdvertisementWithoutServiceSelectorsStillAppliesToEveryService() {
        ApplianceConfig c = base().advertisement(BgpAdvertisement.builder("all").pools("p").build()).build();
        List<Assignment> a = List.of(assign("bronze", Map.of("tier", "bronze"), "192.0.2.3"),
                assign("gold", Map.of("tier", "gold"), "192.0.2.1"));
        List<RouteAnnouncement> routes = FRR.advertisements(c, a).routesFor("ebgp");
        assertThat(routes).extracting(r -> r.prefix() + " " + r.advertisements())
                .containsExactly("192.0.2.1/32 [all, gold]", "192.0.2.3/32 [all]");
        assertThat(FRR.advertisements(c, a).warnings()).isEmpty();
    }
}
