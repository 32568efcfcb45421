package dev.kubelb.provider.metallb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelb.api.AddressPool;
import dev.kubelb.api.AdvertisementPreview;
import dev.kubelb.api.Allocation;
import dev.kubelb.api.ApplianceConfig;
import dev.kubelb.api.BgpAdvertisement;
import dev.kubelb.api.BgpPeer;
import dev.kubelb.api.Community;
import dev.kubelb.api.IpAddress;
import dev.kubelb.api.LoadBalancerRequest;
import dev.kubelb.api.PortSpec;
import dev.kubelb.api.Problem;
import dev.kubelb.api.RouteAnnouncement;
import dev.kubelb.spi.Assignment;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the speaker's BGP backend (FRR or native) changes in what a router receives. */
class AdvertiserBackendTest {
    private static final MetalLbAdvertiser FRR = new MetalLbAdvertiser(MetalLbAdvertiser.Backend.FRR);
    private static final MetalLbAdvertiser NATIVE = new MetalLbAdvertiser(MetalLbAdvertiser.Backend.NATIVE);

    private static Assignment assign(String name, String pool, String... addresses) {
        LoadBalancerRequest r = LoadBalancerRequest.builder("tenant-a", name).port(PortSpec.tcp(80)).build();
        return new Assignment(r, new Allocation(r.id(), pool,
                List.of(addresses).stream().map(IpAddress::parse).toList(), Optional.empty()));
    }

    private static ApplianceConfig.Builder base() {
        return ApplianceConfig.builder().pool(AddressPool.builder("p").addresses("192.0.2.0/24").build())
                .peer(BgpPeer.builder("ebgp", 64500, 64501, "10.0.0.1").build())
                .peer(BgpPeer.builder("ibgp", 64500, 64500, "10.0.0.2").build());
    }

    @Test
    void overIbgpLocalPreferenceAlwaysTravelsWithTheBackendsDefault() {
        ApplianceConfig c = base().advertisement(BgpAdvertisement.builder("plain").build()).build();
        List<Assignment> a = List.of(assign("web", "p", "192.0.2.1"));
        assertThat(FRR.advertisements(c, a).routesFor("ibgp")).singleElement()
                .satisfies(r -> assertThat(r.localPref()).contains(100L));
        assertThat(NATIVE.advertisements(c, a).routesFor("ibgp")).singleElement()
                .satisfies(r -> assertThat(r.localPref()).contains(0L));
        assertThat(NATIVE.advertisements(c, a).routesFor("ebgp")).singleElement()
                .satisfies(r -> assertThat(r.localPref()).isEmpty());
    }

    @Test
    void twoAdvertisementsOfOnePrefixAreMergedByFrrAndOneOfThemTravelsNativelyBefore0162() {
        ApplianceConfig c = base().advertisement(BgpAdvertisement.builder("a").communities("64512:1").localPref(150)
                .build()).advertisement(BgpAdvertisement.builder("b").communities("64512:2").build()).build();
        List<Assignment> a = List.of(assign("web", "p", "192.0.2.1"));
        RouteAnnouncement frr = FRR.advertisements(c, a).routesFor("ibgp").get(0);
        assertThat(frr.communities()).extracting(Community::text).containsExactly("64512:1", "64512:2");
        assertThat(frr.localPref()).contains(150L);
        AdvertisementPreview p = new MetalLbAdvertiser(MetalLbAdvertiser.Backend.NATIVE, MetalLbVersion.parse("0.15.2"))
                .advertisements(c, a);
        RouteAnnouncement nat = p.routesFor("ibgp").get(0);
        assertThat(nat.communities()).extracting(Community::text).containsExactly("64512:1");
        assertThat(nat.localPref()).contains(150L);
        assertThat(p.warnings()).extracting(Problem::message).anySatisfy(m -> assertThat(m)
                .contains("192.0.2.1/32", "[a]", "[b]", "attributes of only one of them"));
    }

    @Test
    void from0162TheNativeSpeakerMergesTheCommunitiesOfTwoAdvertisementsOfOnePrefix() {
        // internal/bgp/native/native.go session.Set (mergeCommunities), metallb/metallb#3033
        ApplianceConfig same = base().advertisement(BgpAdvertisement.builder("a").communities("64512:2").build())
                .advertisement(BgpAdvertisement.builder("b").communities("64512:1", "64512:2").build()).build();
        List<Assignment> a = List.of(assign("web", "p", "192.0.2.1"));
        AdvertisementPreview p = NATIVE.advertisements(same, a);
        assertThat(p.routesFor("ebgp")).singleElement().satisfies(r -> assertThat(r.communities())
                .extracting(Community::text).containsExactly("64512:1", "64512:2"));
        assertThat(p.routesFor("ibgp")).singleElement().satisfies(r -> assertThat(r.localPref()).contains(0L));
        assertThat(p.warnings()).isEmpty();
        // local preferences that differ (MetalLB allows that under serviceSelectors only): one of them travels
        ApplianceConfig differ = base().advertisement(BgpAdvertisement.builder("a").communities("64512:1")
                .localPref(150).build()).advertisement(BgpAdvertisement.builder("b").communities("64512:2")
                .localPref(200).build()).build();
        AdvertisementPreview q = NATIVE.advertisements(differ, a);
        assertThat(q.routesFor("ibgp")).singleElement().satisfies(r -> {
            assertThat(r.communities()).extracting(Community::text).containsExactly("64512:1", "64512:2");
            assertThat(r.localPref()).contains(150L);
        });
        assertThat(q.warnings()).extracting(Problem::message).singleElement().satisfies(m -> assertThat(m)
                .contains("192.0.2.1/32", "[a, b]", "local preferences differ", "shown: a's"));
    }

    @Test
    void theNativeBackendRefusesLargeCommunitiesAndAnnouncesNothing() {
        ApplianceConfig c = base().advertisement(BgpAdvertisement.builder("big").communities("large:64500:1:2")
                .build()).build();
        List<Assignment> a = List.of(assign("web", "p", "192.0.2.1"));
        AdvertisementPreview p = NATIVE.advertisements(c, a);
        assertThat(p.routes()).isEmpty();
        assertThat(p.warnings()).extracting(Problem::message).anySatisfy(m -> assertThat(m)
                .contains("native BGP backend refuses", "BGPAdvertisement/big", "large community"));
        assertThat(FRR.advertisements(c, a).routesFor("ebgp")).singleElement().satisfies(r ->
                assertThat(r.communities()).extracting(Community::text).containsExactly("large:64500:1:2"));
    }

    @Test
    void theNativeBackendRefusesFrrOnlyPeerFieldsSuchAsKeepaliveTime() {
        ApplianceConfig c = ApplianceConfig.builder().pool(AddressPool.builder("p").addresses("192.0.2.0/24").build())
                .peer(BgpPeer.builder("r", 64500, 64501, "10.0.0.1")
                        .timers(java.time.Duration.ofSeconds(90), java.time.Duration.ofSeconds(30)).build())
                .advertisement(BgpAdvertisement.builder("a").build()).build();
        List<Assignment> a = List.of(assign("web", "p", "192.0.2.1"));
        AdvertisementPreview p = NATIVE.advertisements(c, a);
        assertThat(p.routes()).isEmpty();
        assertThat(p.warnings()).extracting(Problem::message).anySatisfy(m -> assertThat(m)
                .contains("BGPPeer/r spec.keepaliveTime", "keepaliveTime, an FRR-only field"));
        assertThat(FRR.advertisements(c, a).routes()).hasSize(1);
    }
}
