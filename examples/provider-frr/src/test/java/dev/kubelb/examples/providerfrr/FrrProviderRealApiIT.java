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
        return KubeLb.builder().client(client).provider(FrrProvider.NAME)
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
