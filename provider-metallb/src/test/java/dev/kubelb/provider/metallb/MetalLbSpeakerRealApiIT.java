package dev.kubelb.provider.metallb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelb.core.ApplyStrategy;
import dev.kubelb.core.KubeLb;
import dev.kubelb.core.testkit.BgpLab;
import dev.kubelb.core.testkit.Clusters;
import dev.kubelb.core.testkit.RealApi;
import dev.kubelb.core.testkit.RealApiServer;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The seed end to end over BGP, every part real: our engine provisions through the real API server,
 * MetalLB's controller assigns the address our allocator pinned, MetalLB's speaker (native BGP mode, in
 * the root network namespace, standing for the node) announces it, and BIRD in a network namespace of the
 * test's receives the route: {@code 10.10.255.200/32}, next hop the node's address, AS path the speaker's.
 */
@RealApi(namespaces = {"metallb-system", "tenant-a"})
class MetalLbSpeakerRealApiIT {
    static final String CLASS = "kubelb.dev/l4";
    static RealApiServer real;
    static KubernetesClient client;
    static BgpLab lab;
    /** A second router, in the speaker's own AS (iBGP), where local preference travels. */
    static BgpLab ibgp;
    /** A third router, GoBGP: an independent implementation must receive the same. */
    static BgpLab gobgp;

    @BeforeAll
    static void startMetalLbAndARouter() throws Exception {
        lab = BgpLab.start(64501, 64500, real.logs().resolve("bird"));
        ibgp = BgpLab.start(64500, 64500, real.logs().resolve("bird-ibgp"));
        gobgp = BgpLab.start(BgpLab.Router.GOBGP, 64502, 64500, real.logs().resolve("gobgp"));
        // the node the speaker stands for: its address is the root side of the lab's link
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName("node-1").endMetadata().withNewStatus()
                .addNewAddress().withType("InternalIP").withAddress(lab.hostAddress()).endAddress()
                .addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus().build()).create();
        // the speaker looks up its own Pod (no kubelet runs here: the object alone, bound to the node)
        client.pods().resource(new io.fabric8.kubernetes.api.model.PodBuilder().withNewMetadata().withName("speaker-1")
                .withNamespace("metallb-system").addToLabels("app", "metallb").addToLabels("component", "speaker")
                .endMetadata().withNewSpec().withNodeName("node-1").addNewContainer().withName("speaker")
                .withImage("quay.io/metallb/speaker:v0.15.2").endContainer().endSpec().build()).create();
        var kubeconfig = real.writeKubeconfig(real.logs().resolve("kubeconfig"));
        var controller = real.assets().metallb("controller").orElseThrow();
        var speaker = real.assets().metallb("speaker").orElseThrow();
        real.startBeside("metallb-controller", List.of(controller.toString(), "--kubeconfig", kubeconfig.toString(),
                "--namespace", "metallb-system", "--webhook-mode", "disabled", "--disable-cert-rotation",
                "--port", "0", "--log-level", "info"));
        real.startBeside("metallb-speaker", List.of(speaker.toString(), "--kubeconfig", kubeconfig.toString(),
                "--namespace", "metallb-system", "--node-name", "node-1", "--pod-name", "speaker-1",
                "--host", lab.hostAddress(),
                "--port", "0", "--log-level", "debug"));
    }

    @AfterAll
    static void stopTheRouter() {
        if (lab != null) {
            lab.close();
        }
        if (ibgp != null) {
            ibgp.close();
        }
        if (gobgp != null) {
            gobgp.close();
        }
    }

    private static KubeLb engine() {
        return KubeLb.builder().client(client).provider("metallb").configurationObjects(Manifests.parse(config()))
                .loadBalancerClass(CLASS).applyStrategy(ApplyStrategy.serverSideApply()).build().start();
    }

    /** A tenant Service of the engine's class, from the given pool (or any that auto-assigns). */
    private static io.fabric8.kubernetes.api.model.Service tenant(String name, int port, String pool) {
        ServiceBuilder b = new ServiceBuilder(Clusters.tenantService("tenant-a", name, port)).editSpec()
                .withLoadBalancerClass(CLASS).endSpec();
        if (pool != null) {
            b.editMetadata().addToAnnotations("metallb.io/address-pool", pool).endMetadata();
        }
        return b.build();
    }

    private static int pods;

    /**
     * Creates a tenant Service with one ready pod on node-1, in an EndpointSlice as Kubernetes' endpointslice
     * controller writes it (none runs here): the engine's back ends are the Service's own pods, and MetalLB's
     * speaker announces a Service only with a ready endpoint (a Local one only from that endpoint's node).
     */
    private static void create(io.fabric8.kubernetes.api.model.Service s) {
        client.services().resource(s).create();
        client.discovery().v1().endpointSlices().resource(Clusters.podSlice("tenant-a", s.getMetadata().getName(),
                8080, java.util.Map.of("10.244.1." + (++pods), "node-1"))).create();
    }

    /** Our advertisement preview of what the engine holds now. */
    private static dev.kubelb.api.AdvertisementPreview preview(KubeLb lb) {
        List<dev.kubelb.spi.Assignment> assignments = lb.allocator().orElseThrow().allocations().stream()
                .map(a -> new dev.kubelb.spi.Assignment(dev.kubelb.api.LoadBalancerRequest.builder(a.id())
                        .port(dev.kubelb.api.PortSpec.tcp(80)).build(), a)).toList();
        return lb.session().advertiser().advertisements(lb.configuration(), assignments);
    }

    /** The seed's pool and advertisement, a peer at the lab's router, and a pool advertised with a community. */
    private static String config() {
        return Manifests.text("seed.yaml").split("\n---\napiVersion: metallb.io/v1beta2")[0]
                + "\n---\napiVersion: metallb.io/v1beta2\nkind: BGPPeer\nmetadata:\n  name: lab-router\n"
                + "  namespace: metallb-system\nspec:\n  myASN: 64500\n  peerASN: 64501\n  peerAddress: "
                + lab.routerAddress() + "\n  holdTime: 3s\n" // native BGP mode refuses keepaliveTime
                + "---\napiVersion: metallb.io/v1beta1\nkind: IPAddressPool\nmetadata:\n  name: tagged\n"
                + "  namespace: metallb-system\nspec:\n  addresses:\n  - 10.10.254.0/28\n  autoAssign: false\n"
                + "---\napiVersion: metallb.io/v1beta1\nkind: BGPAdvertisement\nmetadata:\n  name: tagged\n"
                + "  namespace: metallb-system\nspec:\n  ipAddressPools:\n  - tagged\n  communities:\n"
                + "  - 64512:100\n"
                + "---\napiVersion: metallb.io/v1beta1\nkind: IPAddressPool\nmetadata:\n  name: aggregated\n"
                + "  namespace: metallb-system\nspec:\n  addresses:\n  - 10.10.253.0/24\n  autoAssign: false\n"
                + "---\napiVersion: metallb.io/v1beta1\nkind: BGPAdvertisement\nmetadata:\n  name: aggregated\n"
                + "  namespace: metallb-system\nspec:\n  ipAddressPools:\n  - aggregated\n"
                + "  aggregationLength: 24\n"
                + "---\napiVersion: metallb.io/v1beta2\nkind: BGPPeer\nmetadata:\n  name: ibgp-router\n"
                + "  namespace: metallb-system\nspec:\n  myASN: 64500\n  peerASN: 64500\n  peerAddress: "
                + ibgp.routerAddress() + "\n  holdTime: 3s\n"
                + "---\napiVersion: metallb.io/v1beta1\nkind: IPAddressPool\nmetadata:\n  name: preferred\n"
                + "  namespace: metallb-system\nspec:\n  addresses:\n  - 10.10.252.0/28\n  autoAssign: false\n"
                + "---\napiVersion: metallb.io/v1beta1\nkind: BGPAdvertisement\nmetadata:\n  name: preferred\n"
                + "  namespace: metallb-system\nspec:\n  ipAddressPools:\n  - preferred\n  localPref: 150\n"
                + "---\napiVersion: metallb.io/v1beta2\nkind: BGPPeer\nmetadata:\n  name: gobgp-router\n"
                + "  namespace: metallb-system\nspec:\n  myASN: 64500\n  peerASN: 64502\n  peerAddress: "
                + gobgp.routerAddress() + "\n  holdTime: 3s\n";
    }

    @Test
    void withExternalTrafficPolicyLocalTheSpeakerAnnouncesFromTheNodeOfTheEndpoint() throws Exception {
        try (KubeLb lb = engine()) {
            // the back end is a pod on node-1: MetalLB's speaker on node-1 announces a Local Service only when
            // an endpoint of the EndpointSlice names node-1 (the engine names the node of each pod)
            create(new ServiceBuilder(tenant("local", 93, "tagged")).editSpec()
                    .withExternalTrafficPolicy("Local").endSpec().build());
            Clusters.await(() -> Clusters.ingressIp(client, "tenant-a", "local") != null, "served", Duration.ofSeconds(60));
            String prefix = Clusters.ingressIp(client, "tenant-a", "local") + "/32";
            assertThat(client.services().inNamespace("tenant-a").withName("kubelb-local").get().getSpec()
                    .getExternalTrafficPolicy()).isEqualTo("Local");
            Clusters.await(() -> lab.prefixes().contains(prefix), "announced from the endpoint's node",
                    Duration.ofSeconds(60));
            client.services().inNamespace("tenant-a").withName("local").delete();
            Clusters.awaitGoneByList(client, "tenant-a", "local");
            Clusters.await(() -> !lab.prefixes().contains(prefix), "withdrawn", Duration.ofSeconds(60));
        }
    }

    @Test
    void localPreferenceTravelsOverIbgpOnlyAsThePreviewSays() throws Exception {
        try (KubeLb lb = engine()) {
            create(tenant("pref", 92, "preferred"));
            Clusters.await(() -> Clusters.ingressIp(client, "tenant-a", "pref") != null, "served", Duration.ofSeconds(60));
            String prefix = Clusters.ingressIp(client, "tenant-a", "pref") + "/32";
            Clusters.await(() -> lab.prefixes().contains(prefix) && ibgp.prefixes().contains(prefix),
                    "the route at both routers", Duration.ofSeconds(60));
            assertThat(ibgp.routes().split(prefix)[1]).as("iBGP carries LOCAL_PREF").contains("BGP.local_pref: 150");
            var preview = preview(lb);
            assertThat(preview.routesFor("ibgp-router")).filteredOn(r -> r.prefix().toString().equals(prefix))
                    .singleElement().satisfies(r -> assertThat(r.localPref()).contains(150L));
            // over eBGP MetalLB sends no LOCAL_PREF (BIRD shows its own default of 100 for what it receives)
            assertThat(lab.routes().split(prefix)[1].split("\n[0-9]")[0]).doesNotContain("BGP.local_pref: 150");
            assertThat(preview.routesFor("lab-router")).filteredOn(r -> r.prefix().toString().equals(prefix))
                    .singleElement().satisfies(r -> assertThat(r.localPref()).as("the preview over eBGP").isEmpty());
            client.services().inNamespace("tenant-a").withName("pref").delete();
            Clusters.awaitGoneByList(client, "tenant-a", "pref");
        }
    }

    @Test
    void anAggregatedPoolIsAnnouncedAsItsAggregateAsThePreviewSays() throws Exception {
        try (KubeLb lb = engine()) {
            for (String name : List.of("agg-1", "agg-2")) {
                create(tenant(name, 91, "aggregated"));
            }
            Clusters.await(() -> Clusters.ingressIp(client, "tenant-a", "agg-1") != null
                    && Clusters.ingressIp(client, "tenant-a", "agg-2") != null, "both served", Duration.ofSeconds(60));
            Clusters.await(() -> lab.prefixes().contains("10.10.253.0/24"), "the aggregate at the router",
                    Duration.ofSeconds(60));
            assertThat(lab.prefixes()).as("the aggregate, not the addresses").noneMatch(p -> p.startsWith("10.10.253.")
                    && !p.equals("10.10.253.0/24"));
            var preview = preview(lb);
            assertThat(preview.routesFor("lab-router")).extracting(r -> r.prefix().toString())
                    .filteredOn(p -> p.startsWith("10.10.253.")).containsExactly("10.10.253.0/24");
            for (String name : List.of("agg-1", "agg-2")) {
                client.services().inNamespace("tenant-a").withName(name).delete();
                Clusters.awaitGoneByList(client, "tenant-a", name);
            }
            Clusters.await(() -> !lab.prefixes().contains("10.10.253.0/24"), "the aggregate withdrawn with the last",
                    Duration.ofSeconds(60));
        }
    }

    @Test
    void aPoolsCommunityReachesTheRouterAsThePreviewSays() throws Exception {
        try (KubeLb lb = engine()) {
            create(tenant("tagged", 90, "tagged"));
            Clusters.await(() -> Clusters.ingressIp(client, "tenant-a", "tagged") != null, "served from pool tagged",
                    Duration.ofSeconds(60));
            String ip = Clusters.ingressIp(client, "tenant-a", "tagged");
            assertThat(ip).startsWith("10.10.254.");
            Clusters.await(() -> lab.prefixes().contains(ip + "/32"), "the tagged route", Duration.ofSeconds(60));
            String block = lab.routes().split(ip + "/32")[1].split("\n[0-9]")[0];
            assertThat(block).contains("BGP.community: (64512,100)");
            var preview = preview(lb);
            assertThat(preview.routesFor("lab-router")).filteredOn(r -> r.prefix().toString().equals(ip + "/32"))
                    .singleElement().satisfies(r -> assertThat(r.communities())
                            .containsExactly(dev.kubelb.api.Community.parse("64512:100")));
            client.services().inNamespace("tenant-a").withName("tagged").delete();
            Clusters.await(() -> !lab.prefixes().contains(ip + "/32"), "the tagged route withdrawn", Duration.ofSeconds(60));
            Clusters.awaitGoneByList(client, "tenant-a", "tagged"); // released before this engine stops
        }
    }

    @Test
    void theSeedsAddressesReachTheRouterAsSlash32sFromTheNodeAndAreWithdrawnOnRelease() throws Exception {
        try (KubeLb lb = engine()) {
            create(tenant("web", 80, null));
            Clusters.await(() -> "10.10.255.200".equals(Clusters.ingressIp(client, "tenant-a", "web")),
                    "served by MetalLB's controller", Duration.ofSeconds(60));
            Clusters.await(() -> lab.routes().contains("10.10.255.200/32"),
                    "the route at the router (speaker log: " + real.logs().resolve("metallb-speaker.log") + ")",
                    Duration.ofSeconds(60));
            String routes = lab.routes();
            assertThat(routes).contains("10.10.255.200/32", "via " + lab.hostAddress(), "BGP.as_path: 64500");
            assertThat(routes).as("only what was allocated").doesNotContain("10.10.255.201");

            // a second request: the next address, announced beside the first
            create(tenant("api", 81, null));
            Clusters.await(() -> lab.routes().contains("10.10.255.201/32")
                    && "10.10.255.201".equals(Clusters.ingressIp(client, "tenant-a", "api")),
                    "the second route, and its address copied back", Duration.ofSeconds(60));
            // what our preview says this peer receives is what it holds (prefixes; the seed sets no communities)
            var preview = preview(lb);
            assertThat(preview.routesFor("lab-router")).extracting(r -> r.prefix().toString())
                    .containsExactlyInAnyOrderElementsOf(lab.prefixes());
            assertThat(preview.routesFor("lab-router")).allSatisfy(r -> assertThat(r.communities()).isEmpty());
            Clusters.await(() -> gobgp.prefixes().equals(lab.prefixes()), "GoBGP holding what BIRD holds",
                    Duration.ofSeconds(30));
            assertThat(preview.routesFor("gobgp-router")).extracting(r -> r.prefix().toString())
                    .containsExactlyInAnyOrderElementsOf(gobgp.prefixes());
            assertThat(lab.routes()).doesNotContain("BGP.community");

            // released: the route is withdrawn, the other stays; the address is free for the next request
            client.services().inNamespace("tenant-a").withName("web").delete();
            Clusters.await(() -> !lab.routes().contains("10.10.255.200/32"), "the route withdrawn", Duration.ofSeconds(60));
            assertThat(lab.routes()).contains("10.10.255.201/32");
            create(tenant("db", 82, null));
            Clusters.await(() -> lab.routes().contains("10.10.255.200/32")
                    && "10.10.255.200".equals(Clusters.ingressIp(client, "tenant-a", "db")),
                    "the released address announced again for the next request", Duration.ofSeconds(60));
        }
    }
}
