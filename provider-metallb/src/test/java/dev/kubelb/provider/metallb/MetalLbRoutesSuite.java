package dev.kubelb.provider.metallb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelb.core.KubeLb;
import dev.kubelb.core.testkit.Clusters;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The BGP scenarios both of MetalLB's speaker backends serve, each run against the real speaker of a subclass's
 * backend ({@link #backend}) and its routers (BIRD over eBGP and iBGP, GoBGP over eBGP): for each, the address in the
 * Service's status is the one our allocator chose, and every router holds exactly the routes our preview gives its
 * peers, every attribute equal (prefix, next hop, standard and large communities, local preference, AS path, origin).
 * Where the backends differ (LOCAL_PREF over iBGP when none is set, two advertisements giving one prefix), the preview
 * differs the same way, and the test says what each sends.
 */
abstract class MetalLbRoutesSuite extends SpeakerLab {

    /** The peers (and any pools of the subclass's own scenarios). */
    abstract String peersAndOwnPools();

    /** The seed's pool and advertisement, and one pool per scenario, none of them in another's range. */
    String config() {
        return peersAndOwnPools()
                + "---\n" + Manifests.text("seed.yaml").split("\n---\napiVersion: metallb.io/v1beta2")[0] + "\n"
                + "---\napiVersion: metallb.io/v1beta1\nkind: Community\nmetadata:\n  name: aliases\n"
                + "  namespace: metallb-system\nspec:\n  communities:\n  - name: tenant-tag\n    value: 64512:300\n"
                + pool("aliased", "10.10.240.0/28") + advertisement("aliased", "aliased",
                        "  communities:\n  - 64512:200\n  - tenant-tag\n  - 65535:65281\n")
                + pool("limited", "10.10.241.0/28") + advertisement("limited", "limited", "  peers:\n  - gobgp\n")
                + pool("twice", "10.10.242.0/28")
                + advertisement("twice-a", "twice", "  communities:\n  - 64512:1\n")
                + advertisement("twice-b", "twice", "  communities:\n  - 64512:2\n")
                + advertisement("twice-agg", "twice", "  aggregationLength: 28\n  communities:\n  - 64512:28\n")
                + pool("plain", "10.10.243.0/28") + advertisement("plain", "plain", "")
                + pool("aggregated", "10.10.253.0/24") + advertisement("aggregated", "aggregated",
                        "  aggregationLength: 24\n")
                + pool("preferred", "10.10.252.0/28") + advertisement("preferred", "preferred", "  localPref: 150\n")
                + pool("selective", "10.10.244.0/28") + advertisement("gold-only", "selective",
                        "  communities:\n  - 64512:77\n  serviceSelectors:\n  - matchLabels:\n      tier: gold\n"
                                + "  - matchLabels:\n      tier: platinum\n");
    }

    @Test
    void theSeedsAddressesAreAnnouncedAsThePreviewSaysWithdrawnOnReleaseAndAnnouncedAgainWhenReallocated()
            throws Exception {
        try (KubeLb lb = engine(config())) {
            List<String> web = serve(new ServiceBuilder(Clusters.tenantService(NS, "web", 80)).editSpec()
                    .withLoadBalancerClass(CLASS).endSpec().build(), 1);
            assertThat(web).as("the seed's first address, chosen by our allocator").containsExactly("10.10.255.200")
                    .isEqualTo(allocated(lb, "web"));
            List<String> api = serve(new ServiceBuilder(Clusters.tenantService(NS, "api", 81)).editSpec()
                    .withLoadBalancerClass(CLASS).endSpec().build(), 1);
            assertThat(api).containsExactly("10.10.255.201").isEqualTo(allocated(lb, "api"));
            assertRoutersHoldThePreview(lb, p -> p.startsWith("10.10.255."));
            assertThat(ebgp.received()).filteredOn(r -> r.prefix().startsWith("10.10.255."))
                    .extracting(r -> r.prefix() + " via " + r.nextHop() + " " + r.asPath())
                    .containsExactly("10.10.255.200/32 via " + ebgp.hostAddress() + " [64500]",
                            "10.10.255.201/32 via " + ebgp.hostAddress() + " [64500]");
            release("web");
            assertRoutersHoldThePreview(lb, p -> p.startsWith("10.10.255."));
            assertThat(gobgp.prefixes()).doesNotContain("10.10.255.200/32").contains("10.10.255.201/32");
            List<String> db = serve(new ServiceBuilder(Clusters.tenantService(NS, "db", 82)).editSpec()
                    .withLoadBalancerClass(CLASS).endSpec().build(), 1);
            assertThat(db).as("the released address, chosen again").containsExactly("10.10.255.200")
                    .isEqualTo(allocated(lb, "db"));
            assertRoutersHoldThePreview(lb, p -> p.startsWith("10.10.255."));
            release("api", "db");
            assertRoutersHoldThePreview(lb, p -> p.startsWith("10.10.255."));
        }
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
            // both backends merge twice-a's and twice-b's communities into one route (native since MetalLB 0.16.2)
            assertRoutersHoldThePreview(lb, p -> p.startsWith("10.10.242."));
            assertThat(ebgp.received()).filteredOn(r -> r.prefix().equals(ip.get(0) + "/32")).singleElement()
                    .satisfies(r -> assertThat(r.communities()).containsExactly("64512:1", "64512:2"));
            assertThat(preview(lb).warnings()).noneSatisfy(w -> assertThat(w.message()).contains("only one of them"));
            release("twice");
            assertRoutersHoldThePreview(lb, p -> p.startsWith("10.10.242."));
        }
    }

    @Test
    void anAdvertisementsServiceSelectorsAnnounceTheServicesTheyMatchOnly() throws Exception {
        // MetalLB 0.16 (speaker/bgp_controller.go bgpAdsForService): the speaker matches the labels of the Service it
        // reads, the engine's, which carries the tenant's (TenantLabels)
        try (KubeLb lb = engine(config())) {
            List<String> gold = serve(labelled("gold", 111, "gold"), 1);
            List<String> bronze = serve(labelled("bronze", 112, "bronze"), 1);
            assertThat(gold).isEqualTo(allocated(lb, "gold"));
            assertThat(bronze).as("an address all the same: selectors choose what is announced, not what is given")
                    .isEqualTo(allocated(lb, "bronze"));
            assertRoutersHoldThePreview(lb, p -> p.startsWith("10.10.244."));
            for (var lab : List.of(ebgp, ibgp, gobgp)) {
                assertThat(lab.received()).filteredOn(r -> r.prefix().startsWith("10.10.244."))
                        .singleElement().satisfies(r -> {
                            assertThat(r.prefix()).isEqualTo(gold.get(0) + "/32");
                            assertThat(r.communities()).containsExactly("64512:77");
                        });
            }
            assertThat(preview(lb).warnings()).anySatisfy(w -> assertThat(w.message())
                    .contains(bronze.get(0), NS + "/bronze", "spec.serviceSelectors"));
            release("gold", "bronze");
            assertRoutersHoldThePreview(lb, p -> p.startsWith("10.10.244."));
            assertThat(gobgp.prefixes()).noneMatch(p -> p.startsWith("10.10.244."));
        }
    }

    /** A tenant Service of the engine's class from the selective pool, labelled {@code tier}. */
    private static io.fabric8.kubernetes.api.model.Service labelled(String name, int port, String tier) {
        return new ServiceBuilder(Clusters.tenantService(NS, name, port)).editSpec().withLoadBalancerClass(CLASS)
                .endSpec().editMetadata().addToLabels("tier", tier)
                .addToAnnotations("metallb.io/address-pool", "selective").endMetadata().build();
    }

    @Test
    void localPreferenceTravelsOverIbgpOnlyAndWithoutOneEachBackendSendsItsDefault() throws Exception {
        try (KubeLb lb = engine(config())) {
            List<String> preferred = serve("preferred", 103, "preferred");
            List<String> plain = serve("plain", 104, "plain");
            assertRoutersHoldThePreview(lb, p -> p.startsWith("10.10.252.") || p.startsWith("10.10.243."));
            assertThat(ibgp.received()).filteredOn(r -> r.prefix().equals(preferred.get(0) + "/32")).singleElement()
                    .satisfies(r -> assertThat(r.localPref()).contains(150L));
            // none set: native sends 0 (messages.go encodePathAttrs), FRR its default 100
            long none = backend == MetalLbAdvertiser.Backend.NATIVE ? 0L : 100L;
            assertThat(ibgp.received()).filteredOn(r -> r.prefix().equals(plain.get(0) + "/32")).singleElement()
                    .satisfies(r -> assertThat(r.localPref()).contains(none));
            assertThat(gobgp.received()).filteredOn(r -> r.prefix().startsWith("10.10.252.")
                    || r.prefix().startsWith("10.10.243.")).hasSize(2)
                    .allSatisfy(r -> assertThat(r.localPref()).as("none over eBGP").isEmpty());
            release("preferred", "plain");
            assertRoutersHoldThePreview(lb, p -> p.startsWith("10.10.252.") || p.startsWith("10.10.243."));
        }
    }

    @Test
    void anAggregatedPoolIsAnnouncedAsItsSlash24UntilItsLastAddressGoes() throws Exception {
        try (KubeLb lb = engine(config())) {
            List<String> a = serve("agg-1", 105, "aggregated");
            List<String> b = serve("agg-2", 106, "aggregated");
            assertThat(a).isEqualTo(allocated(lb, "agg-1"));
            assertThat(b).isEqualTo(allocated(lb, "agg-2"));
            assertRoutersHoldThePreview(lb, p -> p.startsWith("10.10.253."));
            assertThat(ebgp.prefixes()).filteredOn(p -> p.startsWith("10.10.253.")).containsExactly("10.10.253.0/24");
            release("agg-1");
            assertRoutersHoldThePreview(lb, p -> p.startsWith("10.10.253."));
            assertThat(ebgp.prefixes()).as("kept for agg-2").contains("10.10.253.0/24");
            release("agg-2");
            assertRoutersHoldThePreview(lb, p -> p.startsWith("10.10.253."));
            assertThat(ebgp.prefixes()).noneMatch(p -> p.startsWith("10.10.253."));
        }
    }

    @Test
    void withExternalTrafficPolicyLocalTheSpeakerOfTheEndpointsNodeAnnounces() throws Exception {
        // the engine's default back ends: the Service's own pods; one ready pod on node-1, the speaker's node, in an
        // EndpointSlice as Kubernetes' endpointslice controller writes it (none runs here)
        try (KubeLb lb = engine(config(), backend.name().toLowerCase(java.util.Locale.ROOT),
                dev.kubelb.core.ServiceBackends.ENDPOINTS)) {
            client.discovery().v1().endpointSlices().resource(Clusters.podSlice(NS, "local", 8080,
                    java.util.Map.of("10.244.1.7", "node-1"))).create();
            List<String> ip = serve(new ServiceBuilder(Clusters.tenantService(NS, "local", 107)).editSpec()
                    .withLoadBalancerClass(CLASS).withExternalTrafficPolicy("Local").endSpec().editMetadata()
                    .addToAnnotations("metallb.io/address-pool", "plain").endMetadata().build(), 1);
            assertThat(ip).isEqualTo(allocated(lb, "local"));
            assertThat(client.services().inNamespace(NS).withName("kubelb-local").get().getSpec()
                    .getExternalTrafficPolicy()).isEqualTo("Local");
            assertRoutersHoldThePreview(lb, p -> p.startsWith("10.10.243."));
            assertThat(preview(lb).routesFor("ebgp")).filteredOn(r -> r.prefix().toString().equals(ip.get(0) + "/32"))
                    .singleElement().satisfies(r -> assertThat(r.nodes()).containsExactly("node-1"));
            assertThat(preview(lb).withheld()).isEmpty();
            release("local");
            client.discovery().v1().endpointSlices().inNamespace(NS).withName("local-pods").delete();
            assertRoutersHoldThePreview(lb, p -> p.startsWith("10.10.243."));
        }
    }

    @Test
    void aReleasedAddressIsWithdrawnAndReallocatedToTheNextRequest() throws Exception {
        try (KubeLb lb = engine(config())) {
            List<String> first = serve("first", 108, "plain");
            List<String> second = serve("second", 109, "plain");
            assertThat(second).isNotEqualTo(first).isEqualTo(allocated(lb, "second"));
            assertRoutersHoldThePreview(lb, p -> p.startsWith("10.10.243."));
            release("first");
            assertRoutersHoldThePreview(lb, p -> p.startsWith("10.10.243."));
            assertThat(ebgp.prefixes()).doesNotContain(first.get(0) + "/32").contains(second.get(0) + "/32");
            List<String> third = serve("third", 110, "plain");
            assertThat(third).as("the released address, chosen again by our allocator").isEqualTo(first)
                    .isEqualTo(allocated(lb, "third"));
            assertRoutersHoldThePreview(lb, p -> p.startsWith("10.10.243."));
            release("second", "third");
            assertRoutersHoldThePreview(lb, p -> p.startsWith("10.10.243."));
        }
    }
}
