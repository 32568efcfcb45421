package dev.kubelb.provider.metallb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelb.core.KubeLb;
import dev.kubelb.core.testkit.Clusters;
import dev.kubelb.core.testkit.RealApi;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * MetalLB's speaker in its native BGP mode, real, against BIRD (eBGP and iBGP) and GoBGP (eBGP): for each
 * scenario the address in the Service's status is the one our allocator chose, and every router holds exactly the
 * routes our preview gives its peer, every attribute equal (prefix, next hop, standard and large communities,
 * local preference, AS path, origin).
 */
@RealApi(namespaces = {"metallb-system", "tenant-a"})
class MetalLbNativeRoutesRealApiIT extends SpeakerLab {

    @BeforeAll
    static void start() throws Exception {
        startRig(MetalLbAdvertiser.Backend.NATIVE, false, true);
    }

    private static String config() {
        return ipv4Peers()
                + "---\napiVersion: metallb.io/v1beta1\nkind: Community\nmetadata:\n  name: aliases\n"
                + "  namespace: metallb-system\nspec:\n  communities:\n  - name: tenant-tag\n    value: 64512:300\n"
                + pool("aliased", "10.10.240.0/28") + advertisement("aliased", "aliased",
                        "  communities:\n  - 64512:200\n  - tenant-tag\n  - 65535:65281\n")
                + pool("limited", "10.10.241.0/28") + advertisement("limited", "limited", "  peers:\n  - gobgp\n")
                + pool("twice", "10.10.242.0/28")
                + advertisement("twice-a", "twice", "  communities:\n  - 64512:1\n")
                + advertisement("twice-b", "twice", "  communities:\n  - 64512:2\n")
                + advertisement("twice-agg", "twice", "  aggregationLength: 28\n  communities:\n  - 64512:28\n")
                + pool("plain", "10.10.243.0/28") + advertisement("plain", "plain", "");
    }

    @Test
    void aliasedAndStandardCommunitiesArriveResolvedAsThePreviewSays() throws Exception {
        try (KubeLb lb = engine(config())) {
            List<String> ip = serve("aliased", 100, "aliased");
            assertThat(ip).isEqualTo(allocated(lb, "aliased"));
            assertRoutersHoldThePreview(lb, p -> p.startsWith("10.10.240."));
            assertThat(ebgp.received()).filteredOn(r -> r.prefix().equals(ip.get(0) + "/32")).singleElement()
                    .satisfies(r -> assertThat(r.communities()).contains("64512:200", "64512:300", "65535:65281"));
            release("aliased");
            assertRoutersHoldThePreview(lb, p -> p.startsWith("10.10.240."));
            assertThat(ebgp.prefixes()).noneMatch(p -> p.startsWith("10.10.240."));
        }
    }

    @Test
    void peersLimitsTheAdvertisementToTheNamedPeer() throws Exception {
        try (KubeLb lb = engine(config())) {
            List<String> ip = serve("limited", 101, "limited");
            assertThat(ip).isEqualTo(allocated(lb, "limited"));
            assertRoutersHoldThePreview(lb, p -> p.startsWith("10.10.241."));
            assertThat(gobgp.prefixes()).contains(ip.get(0) + "/32");
            assertThat(ebgp.prefixes()).doesNotContain(ip.get(0) + "/32");
            assertThat(ibgp.prefixes()).doesNotContain(ip.get(0) + "/32");
            release("limited");
            assertRoutersHoldThePreview(lb, p -> p.startsWith("10.10.241."));
        }
    }

    @Test
    void twoAdvertisementsOfOnePoolAsThePreviewSays() throws Exception {
        try (KubeLb lb = engine(config())) {
            List<String> ip = serve("twice", 102, "twice");
            assertThat(ip).isEqualTo(allocated(lb, "twice"));
            // twice-agg's /28 exactly as the preview says
            assertRoutersHoldThePreview(lb, p -> p.equals("10.10.242.0/28"));
            // the /32 of twice-a and twice-b: the native session sends one advertisement's attributes, which one
            // depends on the order of the speaker's list; the preview warns and shows the first by name
            assertThat(preview(lb).warnings()).anySatisfy(w -> assertThat(w.message()).contains("only one of them"));
            for (var lab : List.of(ebgp, ibgp, gobgp)) {
                Clusters.await(() -> lab.prefixes().contains(ip.get(0) + "/32"), "the /32", Duration.ofSeconds(30));
                assertThat(lab.received()).filteredOn(r -> r.prefix().equals(ip.get(0) + "/32")).singleElement()
                        .satisfies(r -> assertThat(r.communities()).isIn(List.of("64512:1"), List.of("64512:2")));
            }
            release("twice");
            assertRoutersHoldThePreview(lb, p -> p.startsWith("10.10.242."));
        }
    }

    @Test
    void overIbgpTheNativeSpeakerSendsLocalPreferenceZeroWhenNoneIsSet() throws Exception {
        try (KubeLb lb = engine(config())) {
            List<String> ip = serve("plain", 103, "plain");
            assertRoutersHoldThePreview(lb, p -> p.startsWith("10.10.243."));
            assertThat(ibgp.received()).filteredOn(r -> r.prefix().equals(ip.get(0) + "/32")).singleElement()
                    .satisfies(r -> assertThat(r.localPref()).contains(0L));
            assertThat(gobgp.received()).filteredOn(r -> r.prefix().equals(ip.get(0) + "/32")).singleElement()
                    .satisfies(r -> assertThat(r.localPref()).as("none over eBGP").isEmpty());
            release("plain");
        }
    }

    @Test
    void aReleasedAddressIsWithdrawnAndReallocatedToTheNextRequest() throws Exception {
        try (KubeLb lb = engine(config())) {
            List<String> first = serve("first", 104, "plain");
            List<String> second = serve("second", 105, "plain");
            assertThat(second).isNotEqualTo(first).isEqualTo(allocated(lb, "second"));
            assertRoutersHoldThePreview(lb, p -> p.startsWith("10.10.243."));
            release("first");
            assertRoutersHoldThePreview(lb, p -> p.startsWith("10.10.243."));
            assertThat(ebgp.prefixes()).doesNotContain(first.get(0) + "/32").contains(second.get(0) + "/32");
            List<String> third = serve("third", 106, "plain");
            assertThat(third).as("the released address, chosen again by our allocator").isEqualTo(first)
                    .isEqualTo(allocated(lb, "third"));
            assertRoutersHoldThePreview(lb, p -> p.startsWith("10.10.243."));
            release("second", "third");
            assertRoutersHoldThePreview(lb, p -> p.startsWith("10.10.243."));
        }
    }

    @Test
    void timeFromAServiceToItsRouteAtTheRouter() throws Exception {
        try (KubeLb lb = engine(config())) {
            List<Long> ms = timeToRoute(lb, "plain", 5);
            assertThat(ms).hasSize(5).allSatisfy(t -> assertThat(t).isPositive());
        }
    }
}
