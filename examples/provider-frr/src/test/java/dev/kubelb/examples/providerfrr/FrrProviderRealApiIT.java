package dev.kubelb.examples.providerfrr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelb.api.Allocation;
import dev.kubelb.api.RouteAnnouncement;
import dev.kubelb.core.ApplyStrategy;
import dev.kubelb.core.KubeLb;
import dev.kubelb.core.testkit.Clusters;
import dev.kubelb.core.testkit.RealApi;
import dev.kubelb.core.testkit.RealApiServer;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Our engine with provider-frr against the real API server, announcing through a real bgpd: a tenant's Service gets
 * an address from the allocator, the speaker reloads bgpd, BIRD (eBGP with a TCP MD5 password read from a Secret,
 * iBGP) and GoBGP receive exactly what the provider says it announces, the Service's status carries the address;
 * deleting the Service withdraws the route.
 */
@RealApi(namespaces = {"kubelb-system", "tenant-a"})
class FrrProviderRealApiIT extends FrrRig {
    private static final String NS = "tenant-a";
    /** A test password; only ever written into the Secret and BIRD's own file. */
    private static final String PASSWORD = "kubelb-md5-test";
    static RealApiServer real;
    static KubernetesClient client;

    @BeforeAll
    static void start() throws Exception {
        startRouters(real.logs());
        Clusters.prepare(client, "192.0.2.10");
        client.secrets().inNamespace("kubelb-system").resource(new SecretBuilder().withNewMetadata()
                .withName("bgp-auth").endMetadata().addToStringData("password", PASSWORD).build()).create();
        // BIRD's IPv4 eBGP session takes the password too (TCP MD5): without the same one a session never comes up
        Path birdDir = real.logs().resolve("bird");
        String conf = Files.readString(birdDir.resolve("bird.conf"));
        Files.writeString(birdDir.resolve("bird.conf"), conf.replaceFirst("(protocol bgp s4 \\{[^\\n]*)",
                "$1 password \"" + PASSWORD + "\";"));
        BirdControl.configure(birdDir);
    }

    @AfterAll
    static void stop() {
        stopRouters();
    }

    private static String speakerFile() {
        return """
                asn: 64500
                pools:
                - {name: extern, addresses: [10.10.240.0/28]}
                - {name: extern6, addresses: ["2001:db8:fff0::/120"]}
                """ + peers(", passwordSecret: {name: bgp-auth}") + """
                advertisements:
                - name: extern
                  pools: [extern, extern6]
                  communities: ["64512:100"]
                  largeCommunities: ["64500:1:2"]
                  localPref: 150
                """;
    }

    static KubeLb engine() {
        return engine(KubeLb.builder());
    }

    static KubeLb engine(KubeLb.Builder builder) {
        return builder.client(client).provider(FrrProvider.NAME)
                .providerOption(FrrOptions.VTY_SOCKET, frr.vtySocketDir().toString())
                .providerOption(FrrOptions.CONFIG_FILE, real.logs().resolve("kubelb-frr.conf").toString())
                .configurationObjects(List.of(new ConfigMapBuilder().withNewMetadata().withName("kubelb-frr")
                        .withNamespace("kubelb-system").endMetadata().addToData("speaker.yaml", speakerFile()).build()))
                .applyStrategy(ApplyStrategy.serverSideApply()).build().start();
    }

    private static List<String> serve(String name, int port, String... families) throws InterruptedException {
        ServiceBuilder b = new ServiceBuilder(Clusters.tenantService(NS, name, port));
        if (families.length > 0) {
            b.editSpec().withIpFamilies(families).withIpFamilyPolicy("SingleStack").endSpec();
        }
        client.services().resource(b.build()).create();
        Clusters.await(() -> !ingress(name).isEmpty(), name + " served", Duration.ofSeconds(60));
        return ingress(name);
    }

    static List<String> ingress(String name) {
        Service s = client.services().inNamespace(NS).withName(name).get();
        return s == null || s.getStatus() == null || s.getStatus().getLoadBalancer() == null
                || s.getStatus().getLoadBalancer().getIngress() == null ? List.of()
                : s.getStatus().getLoadBalancer().getIngress().stream().map(i -> i.getIp()).toList();
    }

    private static List<String> allocated(KubeLb lb, String name) {
        return lb.allocator().orElseThrow().allocations().stream().filter(a -> a.id().name().equals(name))
                .flatMap(a -> a.addresses().stream()).map(Object::toString).toList();
    }

    private static List<RouteAnnouncement> said(KubeLb lb) {
        List<Allocation> all = lb.allocator().orElseThrow().allocations();
        return FrrAdvertiser.routes(lb.configuration(), all);
    }

    @Test
    void aServiceIsAnnouncedWithItsAttributesAndWithdrawnWhenDeleted() throws Exception {
        try (KubeLb lb = engine()) {
            List<String> ip = serve("web", 80);
            assertThat(ip).isEqualTo(allocated(lb, "web"));
            assertRoutersHold(lb::configuration, () -> said(lb), p -> p.startsWith("10.10.240."));
            assertThat(ebgp.prefixes()).as("over the session with the password from the Secret")
                    .contains(ip.get(0) + "/32");
            assertThat(ibgp.received()).filteredOn(r -> r.prefix().equals(ip.get(0) + "/32")).singleElement()
                    .satisfies(r -> {
                        assertThat(r.localPref()).contains(150L);
                        assertThat(r.communities()).containsExactly("64512:100");
                        assertThat(r.largeCommunities()).containsExactly("64500:1:2");
                    });
            client.services().inNamespace(NS).withName("web").delete();
            Clusters.awaitGoneByList(client, NS, "web");
            assertRoutersHold(lb::configuration, () -> said(lb), p -> p.startsWith("10.10.240."));
            assertThat(gobgp.prefixes()).noneMatch(p -> p.startsWith("10.10.240."));
            assertThat(ebgp.prefixes()).noneMatch(p -> p.startsWith("10.10.240."));
        }
    }

    @Test
    void anIpv6ServiceReachesTheIpv6Sessions() throws Exception {
        try (KubeLb lb = engine()) {
            List<String> ip = serve("web6", 81, "IPv6");
            assertThat(ip).isEqualTo(allocated(lb, "web6"));
            assertRoutersHold(lb::configuration, () -> said(lb), p -> p.startsWith("2001:db8:fff0:"));
            assertThat(gobgp.received()).filteredOn(r -> r.prefix().startsWith("2001:db8:fff0:"))
                    .extracting(r -> r.session() + " " + r.prefix()).containsExactly("ipv6 " + ip.get(0) + "/128");
            client.services().inNamespace(NS).withName("web6").delete();
            Clusters.awaitGoneByList(client, NS, "web6");
            assertRoutersHold(lb::configuration, () -> said(lb), p -> p.startsWith("2001:db8:fff0:"));
            assertThat(gobgp.prefixes()).noneMatch(p -> p.startsWith("2001:db8:fff0:"));
        }
    }

    @Test
    void thePasswordFromTheSecretProtectsTheSessionAndItsFileIsTheOwnersOnly() throws Exception {
        try (KubeLb lb = engine()) {
            serve("perm", 82);
            Path file = real.logs().resolve("kubelb-frr.conf");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            // BIRD holds the same password: with another one (tried) the session never comes up
            Clusters.await(() -> frr.vtysh("show bgp neighbors " + ebgp.routerAddress() + " json")
                    .contains("\"bgpState\":\"Established\""), "the MD5-protected session up", Duration.ofSeconds(20));
            client.services().inNamespace(NS).withName("perm").delete();
            Clusters.awaitGoneByList(client, NS, "perm");
        }
    }

    /**
     * {@code externalTrafficPolicy: Local}: bgpd runs on node-1 ({@code frr.nodeName}); the Service's one pod is
     * on node-2, so node-1 must not attract its traffic and announces nothing; the pod moves to node-1 and the
     * route follows; it leaves and the route is withdrawn. The preview says the same at each step.
     */
    @Test
    void aLocalServiceIsAnnouncedOnlyWhileAPodRunsOnThisNode() throws Exception {
        try (KubeLb lb = engine(KubeLb.builder().providerOption(FrrOptions.NODE_NAME, "node-1"))) {
            client.services().resource(new ServiceBuilder(Clusters.tenantService(NS, "local", 83)).editSpec()
                    .withExternalTrafficPolicy("Local").endSpec().build()).create();
            client.discovery().v1().endpointSlices().resource(Clusters.podSlice(NS, "local", 8083,
                    java.util.Map.of("10.244.2.7", "node-2"))).create();
            Clusters.await(() -> withheld("kubelb-local") && !allocated(lb, "local").isEmpty(),
                    "allocated, withheld from node-1", Duration.ofSeconds(30));
            // a Service announced after it: once bgpd has it, the speaker has seen the Local one too
            List<String> probe = serve("probe", 84);
            assertThat(lb.awaitIdle(Duration.ofSeconds(10))).isTrue();
            assertThat(preview(lb, "node-2").withheld()).extracting(w -> w.service().name() + " " + w.node())
                    .containsExactly("local node-1");
            assertRoutersHold(lb::configuration, () -> preview(lb, "node-2").routes(), p -> p.startsWith("10.10.240."));
            assertThat(gobgp.prefixes()).contains(probe.get(0) + "/32")
                    .doesNotContain(allocated(lb, "local").get(0) + "/32");
            assertThat(ingress("local")).as("nobody announces it: no address to show").isEmpty();

            // the pod moves to node-1 (the endpointslice controller rewrites the slice)
            client.discovery().v1().endpointSlices().resource(Clusters.podSlice(NS, "local", 8083,
                    java.util.Map.of("10.244.1.7", "node-1"))).update();
            Clusters.await(() -> !ingress("local").isEmpty(), "announced from node-1", Duration.ofSeconds(30));
            assertThat(ingress("local")).isEqualTo(allocated(lb, "local"));
            assertThat(preview(lb, "node-1").withheld()).isEmpty();
            assertRoutersHold(lb::configuration, () -> preview(lb, "node-1").routes(), p -> p.startsWith("10.10.240."));
            assertThat(gobgp.prefixes()).contains(ingress("local").get(0) + "/32");

            client.services().inNamespace(NS).withName("local").delete();
            client.services().inNamespace(NS).withName("probe").delete();
            Clusters.awaitGoneByList(client, NS, "local");
            Clusters.awaitGoneByList(client, NS, "probe");
            assertRoutersHold(lb::configuration, () -> said(lb), p -> p.startsWith("10.10.240."));
            assertThat(gobgp.prefixes()).noneMatch(p -> p.startsWith("10.10.240."));
        }
    }

    private static boolean withheld(String owned) {
        Service s = client.services().inNamespace(NS).withName(owned).get();
        return s != null && s.getMetadata().getAnnotations() != null
                && s.getMetadata().getAnnotations().containsKey(FrrSession.WITHHELD);
    }

    /** The provider's preview: the Local request's one pod on {@code podNode}, the probe Cluster, bgpd on node-1. */
    private static dev.kubelb.api.AdvertisementPreview preview(KubeLb lb, String podNode) {
        List<dev.kubelb.spi.Assignment> assignments = lb.allocator().orElseThrow().allocations().stream()
                .map(a -> new dev.kubelb.spi.Assignment(dev.kubelb.api.LoadBalancerRequest.builder(a.id())
                        .port(dev.kubelb.api.PortSpec.tcp(83)).trafficPolicy(a.id().name().equals("local")
                                ? dev.kubelb.api.TrafficPolicy.LOCAL : dev.kubelb.api.TrafficPolicy.CLUSTER)
                        .backend(new dev.kubelb.api.Backend("pods", List.of("10.244.9.9"),
                                List.of(dev.kubelb.api.PortSpec.tcp(8083)), java.util.Map.of("10.244.9.9",
                                        new dev.kubelb.api.Backend.Node(podNode, java.util.Optional.empty()))))
                        .build(), a)).toList();
        return new FrrAdvertiser(java.util.Optional.of("node-1")).advertisements(lb.configuration(), assignments);
    }

    /** {@code birdc configure} through the lab's control socket (reachable from any namespace). */
    static final class BirdControl {
        static void configure(Path dir) throws Exception {
            Process p = new ProcessBuilder("/usr/sbin/birdc", "-s", dir.resolve("bird.ctl").toString(), "configure")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            assertThat(p.waitFor()).as("birdc configure: %s", out).isZero();
            assertThat(out).containsAnyOf("Reconfigured", "Reconfiguration in progress");
        }
    }

}
