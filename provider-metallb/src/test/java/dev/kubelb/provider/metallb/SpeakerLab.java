package dev.kubelb.provider.metallb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelb.api.AdvertisementPreview;
import dev.kubelb.api.Backend;
import dev.kubelb.api.BgpPeer;
import dev.kubelb.api.ClusterNode;
import dev.kubelb.api.Community;
import dev.kubelb.api.IpFamily;
import dev.kubelb.api.LoadBalancerId;
import dev.kubelb.api.LoadBalancerRequest;
import dev.kubelb.api.PortSpec;
import dev.kubelb.api.RouteAnnouncement;
import dev.kubelb.api.TrafficPolicy;
import dev.kubelb.core.ApplyStrategy;
import dev.kubelb.core.KubeLb;
import dev.kubelb.core.testkit.BgpLab;
import dev.kubelb.core.testkit.Clusters;
import dev.kubelb.core.testkit.FrrNode;
import dev.kubelb.core.testkit.MetalLbProcesses;
import dev.kubelb.core.testkit.RealApiServer;
import dev.kubelb.core.testkit.ReceivedRoute;
import dev.kubelb.spi.Assignment;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;

/**
 * The shared rig of the real-speaker scenarios: three routers (BIRD over eBGP, BIRD over iBGP, GoBGP over eBGP),
 * a Node and the speaker's Pod object, MetalLB's controller and speaker as processes against the class's real API
 * server; and the check every scenario makes: what each router holds equals our preview, attribute by attribute.
 */
abstract class SpeakerLab {
    static final String CLASS = "kubelb.dev/l4";
    static final String NS = "tenant-a";
    static final int SPEAKER_AS = 64500;
    static RealApiServer real;
    static KubernetesClient client;
    static BgpLab ebgp;
    static BgpLab ibgp;
    static BgpLab gobgp;
    static MetalLbAdvertiser.Backend backend;
    /** The node's FRR, in FRR mode. */
    static FrrNode frr;

    /**
     * Starts the routers, the objects standing for the node and MetalLB.
     *
     * @param backend the speaker's BGP backend (FRR: the speaker in the root namespace drives an {@link FrrNode}
     *     whose namespace holds the node's ends of the routers' links)
     * @param ipv6 whether the routers' links get IPv6 addresses and sessions
     * @param nodeInternalIp whether node-1 (the speaker's) has an InternalIP, i.e. is a back end of Services
     */
    static void startRig(MetalLbAdvertiser.Backend backend, boolean ipv6, boolean nodeInternalIp) throws Exception {
        SpeakerLab.backend = backend;
        if (backend == MetalLbAdvertiser.Backend.FRR) {
            frr = FrrNode.start(real.logs().resolve("frr"));
        }
        ebgp = lab(BgpLab.Router.BIRD, 64501, "bird", ipv6);
        ibgp = lab(BgpLab.Router.BIRD, SPEAKER_AS, "bird-ibgp", ipv6);
        gobgp = lab(BgpLab.Router.GOBGP, 64502, "gobgp", ipv6);
        MetalLbProcesses.start(real, backend == MetalLbAdvertiser.Backend.FRR ? MetalLbProcesses.Mode.FRR
                : MetalLbProcesses.Mode.NATIVE, "node-1", ebgp.hostAddress(), nodeInternalIp, Optional.ofNullable(frr));
    }

    private static BgpLab lab(BgpLab.Router router, int as, String name, boolean ipv6) {
        BgpLab.Builder b = BgpLab.builder(router, as, SPEAKER_AS, real.logs().resolve(name));
        if (frr != null) {
            b.hostNetns(frr.netns());
        }
        return (ipv6 ? b.ipv6() : b).start();
    }

    @AfterAll
    static void stopTheRouters() {
        for (BgpLab lab : new BgpLab[] {ebgp, ibgp, gobgp}) {
            if (lab != null) {
                lab.close();
            }
        }
        ebgp = null;
        ibgp = null;
        gobgp = null;
        if (frr != null) {
            frr.close();
            frr = null;
        }
    }

    /** A BGPPeer towards a lab router's address of one family. */
    static String peer(String name, BgpLab lab, int peerAs, boolean v6, String extra) {
        return "---\napiVersion: metallb.io/v1beta2\nkind: BGPPeer\nmetadata:\n  name: " + name
                + "\n  namespace: metallb-system\nspec:\n  myASN: " + SPEAKER_AS + "\n  peerASN: " + peerAs
                + "\n  peerAddress: " + (v6 ? lab.routerAddress6() : lab.routerAddress()) + "\n  holdTime: 3s\n"
                + extra;
    }

    /** The three IPv4 peers: ebgp (BIRD), ibgp (BIRD), gobgp. */
    static String ipv4Peers() {
        return peer("ebgp", ebgp, 64501, false, "") + peer("ibgp", ibgp, SPEAKER_AS, false, "")
                + peer("gobgp", gobgp, 64502, false, "");
    }

    /** A pool that is not auto-assigned. */
    static String pool(String name, String... cidrs) {
        StringBuilder s = new StringBuilder("---\napiVersion: metallb.io/v1beta1\nkind: IPAddressPool\nmetadata:\n"
                + "  name: " + name + "\n  namespace: metallb-system\nspec:\n  autoAssign: false\n  addresses:\n");
        for (String c : cidrs) {
            s.append("  - ").append(c).append('\n');
        }
        return s.toString();
    }

    /** A BGPAdvertisement of one pool, the rest of its spec as YAML lines indented by two. */
    static String advertisement(String name, String pool, String specLines) {
        return "---\napiVersion: metallb.io/v1beta1\nkind: BGPAdvertisement\nmetadata:\n  name: " + name
                + "\n  namespace: metallb-system\nspec:\n  ipAddressPools:\n  - " + pool + "\n" + specLines;
    }

    /**
     * The engine, its MetalLB session told the rig's backend: it validates the configuration as that backend's
     * speaker does (native: {@link NativeBgpRules}), so every scenario the native speaker serves also passes our
     * native validation.
     */
    static KubeLb engine(String config) {
        return engine(config, backend.name().toLowerCase(java.util.Locale.ROOT));
    }

    /** The engine, its MetalLB session told the given backend ({@link MetalLbSession#OPTION_BGP_TYPE}). */
    static KubeLb engine(String config, String bgpType) {
        // no pods run here (nor the controller manager that would list them): the rig's back ends are its
        // node-namespaces' addresses, each on its node, so the speaker sees ready endpoints
        return engine(config, bgpType, dev.kubelb.core.ServiceBackends.NODE_PORTS);
    }

    /** The engine with the given back ends (the default, ENDPOINTS: a Service's own pods, from its EndpointSlices). */
    static KubeLb engine(String config, String bgpType, dev.kubelb.core.ServiceBackends backends) {
        return KubeLb.builder().client(client).provider("metallb").configurationObjects(Manifests.parse(config))
                .providerOption(MetalLbSession.OPTION_BGP_TYPE, bgpType).loadBalancerClass(CLASS)
                .applyStrategy(ApplyStrategy.serverSideApply()).serviceBackends(backends).build().start();
    }

    /** Creates a tenant Service of the engine's class from a pool and waits until MetalLB serves it. */
    static List<String> serve(String name, int port, String pool, String... families) throws InterruptedException {
        ServiceBuilder b = new ServiceBuilder(Clusters.tenantService(NS, name, port)).editSpec()
                .withLoadBalancerClass(CLASS).endSpec().editMetadata()
                .addToAnnotations("metallb.io/address-pool", pool).endMetadata();
        if (families.length > 0) {
            b.editSpec().withIpFamilies(families).withIpFamilyPolicy(families.length > 1 ? "RequireDualStack"
                    : "SingleStack").endSpec();
        }
        return serve(b.build(), families.length == 0 ? 1 : families.length);
    }

    static List<String> serve(Service s, int addresses) throws InterruptedException {
        client.services().resource(s).create();
        String name = s.getMetadata().getName();
        Clusters.await(() -> ingress(name).size() == addresses, name + " served by MetalLB", Duration.ofSeconds(60));
        return ingress(name);
    }

    static List<String> ingress(String name) {
        Service s = client.services().inNamespace(NS).withName(name).get();
        if (s == null || s.getStatus() == null || s.getStatus().getLoadBalancer() == null
                || s.getStatus().getLoadBalancer().getIngress() == null) {
            return List.of();
        }
        return s.getStatus().getLoadBalancer().getIngress().stream().map(i -> i.getIp()).toList();
    }

    static void release(String... names) throws InterruptedException {
        for (String name : names) {
            client.services().inNamespace(NS).withName(name).delete();
            Clusters.awaitGoneByList(client, NS, name);
        }
    }

    /**
     * Our preview of what the engine holds now, for this rig's backend, knowing what the speaker knows: the cluster's
     * nodes, and each request's back ends and traffic policy as the engine's Service and EndpointSlices state them.
     */
    static AdvertisementPreview preview(KubeLb lb) {
        List<Assignment> assignments = lb.allocator().orElseThrow().allocations().stream()
                .map(a -> new Assignment(request(a.id()), a)).toList();
        // the nodes a speaker runs on (here node-1 only: node-2 stands for a node without MetalLB)
        java.util.Set<String> speakers = client.pods().inNamespace("metallb-system").withLabel("component", "speaker")
                .list().getItems().stream().map(p -> p.getSpec().getNodeName()).collect(java.util.stream.Collectors.toSet());
        List<ClusterNode> nodes = client.nodes().list().getItems().stream()
                .filter(n -> speakers.contains(n.getMetadata().getName())).map(n -> new ClusterNode(
                        n.getMetadata().getName(), n.getMetadata().getLabels() == null ? Map.of()
                                : n.getMetadata().getLabels())).toList();
        return new MetalLbAdvertiser(backend).advertisements(lb.configuration(), assignments, nodes);
    }

    /** A request as MetalLB's speaker sees the engine's Service for it: ready endpoints with their nodes. */
    private static LoadBalancerRequest request(LoadBalancerId id) {
        String svc = "kubelb-" + id.name();
        Service s = client.services().inNamespace(id.tenant()).withName(svc).get();
        LoadBalancerRequest.Builder b = LoadBalancerRequest.builder(id).port(PortSpec.tcp(80));
        if (s != null && s.getMetadata().getLabels() != null) {
            b.labels(s.getMetadata().getLabels()); // what a BGPAdvertisement's serviceSelectors match (0.16)
        }
        if (s != null && "Local".equals(s.getSpec().getExternalTrafficPolicy())) {
            b.trafficPolicy(TrafficPolicy.LOCAL);
        }
        List<String> addresses = new ArrayList<>();
        Map<String, Backend.Node> nodes = new java.util.TreeMap<>();
        for (EndpointSlice slice : client.discovery().v1().endpointSlices().inNamespace(id.tenant())
                .withLabel("kubernetes.io/service-name", svc).list().getItems()) {
            for (Endpoint ep : slice.getEndpoints()) {
                if (ep.getConditions() == null || !Boolean.FALSE.equals(ep.getConditions().getReady())) {
                    for (String a : ep.getAddresses()) {
                        addresses.add(a);
                        if (ep.getNodeName() != null) {
                            nodes.put(a, new Backend.Node(ep.getNodeName(), Optional.empty()));
                        }
                    }
                }
            }
        }
        if (!addresses.isEmpty()) {
            b.backend(new Backend("endpoints", addresses, List.of(PortSpec.tcp(80)), nodes));
        }
        return b.build();
    }

    /** The addresses the engine's allocator chose for a request. */
    static List<String> allocated(KubeLb lb, String name) {
        return lb.allocator().orElseThrow().allocations().stream()
                .filter(a -> a.id().tenant().equals(NS) && a.id().name().equals(name))
                .flatMap(a -> a.addresses().stream()).map(Object::toString).sorted().toList();
    }

    /** What a router receives for a route of the preview: its attributes as the router reports them. */
    static ReceivedRoute expected(RouteAnnouncement r, BgpPeer peer, BgpLab lab) {
        boolean v4 = r.prefix().family() == IpFamily.IPV4;
        List<String> standard = new ArrayList<>();
        List<String> large = new ArrayList<>();
        for (Community c : r.communities()) {
            Community s = c instanceof Community.WellKnown w ? w.asStandard() : c;
            if (s instanceof Community.Standard st) {
                standard.add(st.asn() + ":" + st.value());
            } else if (s instanceof Community.Large l) {
                large.add(l.globalAdmin() + ":" + l.localData1() + ":" + l.localData2());
            }
        }
        return new ReceivedRoute(peer.address().family() == IpFamily.IPV4 ? "ipv4" : "ipv6", r.prefix().toString(),
                v4 ? lab.hostAddress() : lab.hostAddress6(), standard, large,
                // BIRD sets its own LOCAL_PREF on what it receives over eBGP: only GoBGP shows eBGP's truly
                peer.isInternal() || lab == gobgp ? r.localPref() : Optional.empty(),
                peer.isInternal() ? List.of() : List.of(peer.myAsn()), "IGP");
    }

    /**
     * Waits until every router holds, among the prefixes {@code mine} selects, exactly what the preview gives its
     * peers (each router its peers of both families), every attribute equal.
     */
    static void assertRoutersHoldThePreview(KubeLb lb, Predicate<String> mine) throws InterruptedException {
        Map<BgpLab, String> names = Map.of(ebgp, "ebgp", ibgp, "ibgp", gobgp, "gobgp");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            AdvertisementPreview preview = preview(lb);
            List<String> diffs = new ArrayList<>();
            for (var e : names.entrySet()) {
                List<ReceivedRoute> want = new ArrayList<>();
                for (BgpPeer p : lb.configuration().peers()) {
                    if (p.name().equals(e.getValue()) || p.name().equals(e.getValue() + "-v6")) {
                        preview.routesFor(p.name()).stream().filter(r -> mine.test(r.prefix().toString()))
                                .map(r -> expected(r, p, e.getKey())).forEach(want::add);
                    }
                }
                want.sort(java.util.Comparator.comparing(ReceivedRoute::session).thenComparing(ReceivedRoute::prefix));
                List<ReceivedRoute> got;
                try {
                    got = e.getKey().received().stream().filter(r -> mine.test(r.prefix())).toList();
                } catch (IllegalStateException unreadable) {
                    // a router's client timing out on a loaded machine (gobgp: "context deadline exceeded"):
                    // asked again until the deadline
                    diffs.add(e.getValue() + ": unreadable: " + unreadable.getMessage());
                    continue;
                }
                if (!got.equals(want)) {
                    diffs.add(e.getValue() + ": preview " + want + "\n  router  " + got);
                }
            }
            if (diffs.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                assertThat(diffs).as("routers vs preview (speaker log: %s)", MetalLbProcesses.speakerLog(real))
                        .isEmpty();
            }
            Thread.sleep(100);
        }
    }

    /** What MetalLB's speaker has logged so far ("" while it has written nothing). */
    static String speakerLog() {
        try {
            return java.nio.file.Files.readString(MetalLbProcesses.speakerLog(real));
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
