package dev.kubelb.provider.metallb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelb.api.AdvertisementPreview;
import dev.kubelb.api.Allocation;
import dev.kubelb.api.LoadBalancerRequest;
import dev.kubelb.api.PortSpec;
import dev.kubelb.api.RouteAnnouncement;
import dev.kubelb.core.ApplyReport;
import dev.kubelb.core.ApplyStrategy;
import dev.kubelb.core.KubeLb;
import dev.kubelb.core.KubeLbLabels;
import dev.kubelb.core.SimulatedAppliance;
import dev.kubelb.core.testkit.Clusters;
import dev.kubelb.provider.metallb.model.BGPAdvertisement;
import dev.kubelb.provider.metallb.model.BGPPeer;
import dev.kubelb.provider.metallb.model.IPAddressPool;
import dev.kubelb.spi.Assignment;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The seed scenario end to end through the engine ({@link KubeLb}) on the fabric8 mock server: the
 * user's MetalLB YAML is the configuration, the provider is found by ServiceLoader and chosen from the
 * manifests' kinds, tenant {@code LoadBalancer} Services get 10.10.255.200, .201, … pinned with
 * {@code metallb.io/loadBalancerIPs}, a simulated appliance answers, and the preview shows each address
 * as a /32 to every peer.
 */
abstract class MetalLbSeedSuite {
    static KubernetesClient client;

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeEach
    void cluster() {
        for (String ns : List.of("tenant-a", "tenant-b", "metallb-system")) {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
                    .createOr(n -> n.update());
        }
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName("node-1").endMetadata()
                .withNewStatus().addNewAddress().withType("InternalIP").withAddress("192.0.2.11").endAddress()
                .endStatus().build()).createOr(n -> n.update());
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
        Clusters.reset(client);
        client.resources(IPAddressPool.class).inAnyNamespace().delete();
        client.resources(BGPPeer.class).inAnyNamespace().delete();
        client.resources(BGPAdvertisement.class).inAnyNamespace().delete();
    }

    private KubeLb engine(List<HasMetadata> configuration) {
        // no explicit provider: chosen by priority among those supporting the manifests' kinds
        KubeLb lb = KubeLb.builder().client(client)
                .configurationObjects(configuration)
                .applyStrategy(ApplyStrategy.createOrUpdate())
                .retryBackoff(Duration.ofMillis(20), Duration.ofMillis(200))
                .build();
        toClose.add(lb);
        // the configuration objects are written by applying a plan (the running reconciler serves requests)
        ApplyReport report = lb.apply(lb.plan(List.of()));
        assertThat(report.created()).hasSameSizeAs(lb.session().renderConfig(lb.configuration(), List.of()));
        SimulatedAppliance appliance = SimulatedAppliance.start(client);
        toClose.add(0, appliance);
        return lb.start();
    }

    private static Service tenantService(String ns, String name, int port) {
        return Clusters.tenantService(ns, name, port);
    }

    private static String ingressIp(String ns, String name) {
        return Clusters.ingressIp(client, ns, name);
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        Clusters.await(condition, what, Duration.ofSeconds(20));
    }

    @Test
    void seedServicesGetConsecutiveAddressesAnnouncedAsSlash32ToEveryPeer() throws Exception {
        KubeLb lb = engine(Manifests.load("seed.yaml"));
        assertThat(lb.provider().name()).isEqualTo("metallb");
        assertThat(((MetalLbSession) lb.session()).namespace()).isEqualTo("metallb-system");

        List<String> names = List.of("web", "api", "dns", "mail");
        for (int i = 0; i < names.size(); i++) {
            String ns = i % 2 == 0 ? "tenant-a" : "tenant-b";
            String name = names.get(i);
            client.services().resource(tenantService(ns, name, 80 + i)).create();
            await(() -> ingressIp(ns, name) != null, name + " served");
        }
        assertThat(List.of(ingressIp("tenant-a", "web"), ingressIp("tenant-b", "api"), ingressIp("tenant-a", "dns"),
                ingressIp("tenant-b", "mail")))
                .containsExactly("10.10.255.200", "10.10.255.201", "10.10.255.202", "10.10.255.203");

        // the engine applied the MetalLB configuration it owns, labelled as managed by kubelb
        assertThat(client.resources(BGPAdvertisement.class).inNamespace("metallb-system").withName("extern").get()
                .getMetadata().getLabels()).containsEntry(KubeLbLabels.MANAGED_BY, KubeLbLabels.MANAGER);
        assertThat(client.resources(IPAddressPool.class).inNamespace("metallb-system").withName("extern").get()
                .getSpec().addresses()).containsExactly("10.10.255.200-10.10.255.250");
        assertThat(client.resources(BGPPeer.class).inNamespace("metallb-system").list().getItems()).hasSize(2);

        // the managed Service MetalLB serves is pinned with MetalLB's annotations
        Service managed = client.services().inNamespace("tenant-a").list().getItems().stream()
                .filter(s -> s.getMetadata().getAnnotations() != null
                        && "10.10.255.200".equals(s.getMetadata().getAnnotations().get(MetalLbServices.LOAD_BALANCER_IPS)))
                .findFirst().orElseThrow();
        assertThat(managed.getMetadata().getAnnotations()).containsEntry(MetalLbServices.ADDRESS_POOL, "extern");
        assertThat(managed.getSpec().getType()).isEqualTo("LoadBalancer");
        assertThat(managed.getSpec().getSelector()).isNullOrEmpty();
        assertThat(managed.getSpec().getAllocateLoadBalancerNodePorts()).isFalse();
        assertThat(managed.getSpec().getPorts()).as("no NodePort taken (a real server allocates them otherwise)")
                .allSatisfy(p -> assertThat(p.getNodePort()).isNull());

        // what the routers see
        List<Assignment> assignments = new ArrayList<>();
        for (Allocation a : lb.allocator().orElseThrow().allocations()) {
            assignments.add(new Assignment(LoadBalancerRequest.builder(a.id()).port(PortSpec.tcp(80)).build(), a));
        }
        assertThat(assignments).hasSize(4);
        AdvertisementPreview preview = lb.session().advertiser().advertisements(lb.configuration(), assignments);
        for (String peer : List.of("router-a", "router-b")) {
            assertThat(preview.routesFor(peer)).extracting(r -> r.prefix().toString()).containsExactly(
                    "10.10.255.200/32", "10.10.255.201/32", "10.10.255.202/32", "10.10.255.203/32");
        }
        assertThat(preview.routes()).extracting(RouteAnnouncement::services).allMatch(s -> s.size() == 1);
        assertThat(preview.warnings()).isEmpty();
    }

    @Test
    void avoidBuggyIpsSkipsDotZeroAndDot255() throws Exception {
        List<HasMetadata> config = Manifests.parse("""
                apiVersion: metallb.io/v1beta1
                kind: IPAddressPool
                metadata: {name: edge, namespace: metallb-system}
                spec:
                  addresses: [10.10.254.254-10.10.255.2]
                  avoidBuggyIPs: true
                ---
                apiVersion: metallb.io/v1beta1
                kind: BGPAdvertisement
                metadata: {name: edge, namespace: metallb-system}
                spec:
                  ipAddressPools: [edge]
                ---
                apiVersion: metallb.io/v1beta2
                kind: BGPPeer
                metadata: {name: router, namespace: metallb-system}
                spec: {myASN: 64500, peerASN: 64501, peerAddress: 10.0.0.1}
                """);
        engine(config);
        List<String> got = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String name = "svc-" + i;
            client.services().resource(tenantService("tenant-a", name, 80)).create();
            await(() -> ingressIp("tenant-a", name) != null, name + " served");
            got.add(ingressIp("tenant-a", name));
        }
        assertThat(got).containsExactly("10.10.254.254", "10.10.255.1", "10.10.255.2");
    }
}
