package dev.kubelb.examples.tenantagent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelb.core.KubeLb;
import dev.kubelb.core.SimulatedAppliance;
import dev.kubelb.core.KubeLbTenants;
import dev.kubelb.core.TenantAgent;
import dev.kubelb.core.crd.KubeLbTenant;
import dev.kubelb.core.crd.KubeLbAddresses;
import dev.kubelb.core.crd.KubeLbLoadBalancer;
import dev.kubelb.core.testkit.Clusters;
import dev.kubelb.core.testkit.SecondCluster;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The seed end to end across two clusters, KubeLB's hub and spoke on our two programs: a tenant Service of class
 * {@code kubelb} in cluster T → the {@link TenantAgent} writes a KubeLB {@code LoadBalancer} into {@code tenant-t}
 * of cluster M → our engine ({@link KubeLb}, MetalLB provider, the seed's pool {@code extern}) pins
 * {@code 10.10.255.200} on the Service it owns, the appliance (simulated: no MetalLB controller runs) answers →
 * the engine reports it on the LoadBalancer → the agent copies it into the tenant Service's status.
 */
abstract class TwoClusterSeedSuite {
    static KubernetesClient management;
    static SecondCluster tenantCluster;
    static KubernetesClient tenant;

    final List<AutoCloseable> toClose = new ArrayList<>();
    SimulatedAppliance appliance;

    @BeforeAll
    static void tenantCluster() {
        tenantCluster = SecondCluster.likeTheFirst(TwoClusterSeedSuite.class.getSimpleName() + "-tenant-" + System.nanoTime());
        tenant = tenantCluster.admin();
    }

    @AfterAll
    static void stopTenantCluster() {
        if (tenantCluster != null) {
            tenantCluster.close();
        }
    }

    @BeforeEach
    void clusters() {
        HubAndSpoke.namespaces(management, "metallb-system", "tenant-t");
        HubAndSpoke.namespaces(tenant, "apps");
        HubAndSpoke.node(tenant, "tenant-node-1", "198.51.100.11");
        HubAndSpoke.node(tenant, "tenant-node-2", "198.51.100.12");
        appliance = SimulatedAppliance.start(management);
    }

    @AfterEach
    void tearDown() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        appliance.close();
        Clusters.reset(tenant);
        Clusters.reset(management);
        tenant.nodes().delete();
        management.resources(KubeLbLoadBalancer.class).inAnyNamespace().delete();
        management.resources(KubeLbAddresses.class).inAnyNamespace().delete();
        management.resources(KubeLbTenant.class).delete();
        management.resources(dev.kubelb.core.crd.KubeLbConfig.class).inAnyNamespace().delete();
    }

    <T extends AutoCloseable> T closing(T c) {
        toClose.add(c);
        return c;
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        Clusters.await(condition, what, Duration.ofSeconds(60));
    }

    static List<KubeLbLoadBalancer> loadBalancers() {
        return management.resources(KubeLbLoadBalancer.class).inNamespace("tenant-t").list().getItems();
    }

    @Test
    void theSeedAcrossTwoClusters() throws Exception {
        KubeLb lb = closing(HubAndSpoke.manager(management));
        closing(HubAndSpoke.agent(tenant, management));
        tenant.services().resource(HubAndSpoke.service("web", 80)).create();
        await(() -> HubAndSpoke.ingressIp(tenant, "web") != null, "the tenant Service gets its address");
        assertThat(HubAndSpoke.ingressIp(tenant, "web")).isEqualTo("10.10.255.200");

        // in the management cluster: the LoadBalancer the agent wrote, the Service the engine owns, pinned the
        // MetalLB way, and its back ends: the tenant's node addresses × the tenant Service's NodePort
        KubeLbLoadBalancer mirror = loadBalancers().get(0);
        assertThat(mirror.getMetadata().getName()).isEqualTo(tenant.services().inNamespace("apps").withName("web").get()
                .getMetadata().getUid());
        assertThat(mirror.getStatus().loadBalancer.getIngress().get(0).getIp()).isEqualTo("10.10.255.200");
        Service owned = HubAndSpoke.owned(management).get(0);
        assertThat(owned.getMetadata().getAnnotations()).containsEntry("metallb.io/loadBalancerIPs", "10.10.255.200")
                .containsEntry("metallb.io/address-pool", "extern");
        int nodePort = Clusters.nodePort(tenant, "apps", "web");
        await(() -> !slices().isEmpty() && !slices().get(0).getEndpoints().isEmpty(), "the back ends wired");
        EndpointSlice slice = slices().get(0);
        assertThat(slice.getEndpoints()).flatExtracting(e -> e.getAddresses()).containsExactlyInAnyOrder("198.51.100.11", "198.51.100.12");
        assertThat(slice.getPorts()).extracting(p -> p.getPort()).containsExactly(nodePort);

        // a node joins the tenant cluster: the back ends follow, the address stays
        HubAndSpoke.node(tenant, "tenant-node-3", "198.51.100.13");
        await(() -> slices().get(0).getEndpoints().stream().flatMap(e -> e.getAddresses().stream()).count() == 3,
                "the new node among the back ends");
        assertThat(HubAndSpoke.ingressIp(tenant, "web")).isEqualTo("10.10.255.200");

        // deleted in the tenant cluster: released everywhere
        tenant.services().inNamespace("apps").withName("web").delete();
        await(() -> tenant.services().inNamespace("apps").withName("web").get() == null, "the tenant Service gone");
        await(() -> loadBalancers().isEmpty() && HubAndSpoke.owned(management).isEmpty(), "released in the management cluster");
        await(() -> lb.allocator().orElseThrow().allocations().isEmpty(), "the address released");
    }

    @Test
    void objectsAsKubeLbsOwnCcmWritesThemAreServed() throws Exception {
        // interoperability by fixtures: what the real CCM writes (upstream-ccm-objects.yaml says where each
        // field comes from in its source), applied as it would, is served by our engine
        closing(HubAndSpoke.manager(management));
        for (io.fabric8.kubernetes.api.model.HasMetadata o : HubAndSpoke.parse(HubAndSpoke.resource("upstream-ccm-objects.yaml"))) {
            // written as they are (generic, not through our model), so nothing of ours shapes them
            Class<? extends io.fabric8.kubernetes.api.model.HasMetadata> type = o.getKind().equals("Addresses")
                    ? KubeLbAddresses.class : KubeLbLoadBalancer.class;
            management.genericKubernetesResources(io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext
                    .fromResourceType(type)).inNamespace("tenant-t")
                    .resource((io.fabric8.kubernetes.api.model.GenericKubernetesResource) o).create();
        }
        String shop = "6f1e0e2a-9d3b-4c52-8a7e-3b1f4d2c9a10";
        String legacy = "0b8c7d4e-1f2a-4e3b-9c6d-5a4b3c2d1e0f";
        await(() -> ingress(shop) != null && ingress(legacy) != null, "both served");
        assertThat(List.of(ingress(shop), ingress(legacy))).containsExactlyInAnyOrder("10.10.255.200", "10.10.255.201");
        KubeLbLoadBalancer served = management.resources(KubeLbLoadBalancer.class).inNamespace("tenant-t").withName(shop).get();
        assertThat(served.getStatus().service.ports).extracting(p -> p.name + " " + p.port + "/" + p.protocol + " -> " + p.upstreamTargetPort)
                .containsExactlyInAnyOrder("https 443/TCP -> 31443", "53-udp 53/UDP -> 30053");
        await(() -> slices().stream().flatMap(s -> s.getEndpoints().stream()).flatMap(e -> e.getAddresses().stream())
                .toList().containsAll(List.of("198.51.100.11", "198.51.100.12", "192.0.2.50")), "both wired to their back ends");
        // the CCM's own copy-back reads status.loadBalancer (service_controller.go): it is there, in the core type
        assertThat(served.getStatus().loadBalancer.getIngress()).singleElement().satisfies(i -> assertThat(i.getIp()).isNotNull());
    }

    @Test
    void kubeLbsTenantAndConfigDriveTheManager() throws Exception {
        // configured the way KubeLB's manager is: a Config with the global annotation policy, a Tenant per tenant
        HubAndSpoke.namespaces(management, "kubelb");
        management.resource(HubAndSpoke.typed("""
                apiVersion: kubelb.k8c.io/v1alpha1
                kind: Config
                metadata: {name: default, namespace: kubelb}
                spec:
                  propagatedAnnotations: {"example.com/*": ""}
                  defaultAnnotations: {service: {example.com/owner: platform}}
                """, dev.kubelb.core.crd.KubeLbConfig.class)).create();
        KubeLbTenants tenants = closing(KubeLbTenants.watch(management, "kubelb"));
        KubeLb lb = closing(HubAndSpoke.manager(management, b -> b.tenantSettings(tenants)));
        closing(HubAndSpoke.agent(tenant, management));
        io.fabric8.kubernetes.api.model.Service web = HubAndSpoke.service("web", 80);
        web.getMetadata().setAnnotations(Map.of("example.com/team", "blue", "other.io/secret", "x"));
        tenant.services().resource(web).create();
        await(() -> !loadBalancers().isEmpty(), "mirrored");
        assertThat(lb.awaitIdle(Duration.ofSeconds(30))).isTrue();
        assertThat(HubAndSpoke.owned(management)).as("no Tenant t registered: not served, as KubeLB's manager").isEmpty();

        management.resource(HubAndSpoke.typed("""
                apiVersion: kubelb.k8c.io/v1alpha1
                kind: Tenant
                metadata: {name: t}
                """, KubeLbTenant.class)).create();
        await(() -> "10.10.255.200".equals(HubAndSpoke.ingressIp(tenant, "web")), "served once Tenant t exists");
        assertThat(HubAndSpoke.owned(management).get(0).getMetadata().getAnnotations())
                .containsEntry("example.com/team", "blue").containsEntry("example.com/owner", "platform")
                .doesNotContainKey("other.io/secret");

        KubeLbTenant t = management.resources(KubeLbTenant.class).withName("t").get();
        t.setSpec(HubAndSpoke.parseSettings("loadBalancer: {disable: true}"));
        management.resources(KubeLbTenant.class).resource(t).update();
        await(() -> HubAndSpoke.owned(management).isEmpty() && HubAndSpoke.ingressIp(tenant, "web") == null,
                "L4 disabled for the tenant: released, the tenant Service's address removed");
        await(() -> lb.allocator().orElseThrow().allocations().isEmpty(), "the address released");
    }

    static String ingress(String lbName) {
        KubeLbLoadBalancer lb = management.resources(KubeLbLoadBalancer.class).inNamespace("tenant-t").withName(lbName).get();
        return lb == null || lb.getStatus() == null || lb.getStatus().loadBalancer == null
                || lb.getStatus().loadBalancer.getIngress() == null || lb.getStatus().loadBalancer.getIngress().isEmpty()
                ? null : lb.getStatus().loadBalancer.getIngress().get(0).getIp();
    }

    List<EndpointSlice> slices() {
        return management.discovery().v1().endpointSlices().inNamespace("tenant-t").list().getItems();
    }

    @Test
    void agentAndEngineRestartedAtRandomPointsLoseNothing() throws Exception {
        long seed = Long.getLong("kubelb.seed", System.nanoTime());
        Random rnd = new Random(seed);
        String context = "seed " + seed + " (-Dkubelb.seed=" + seed + " repeats it)";
        KubeLb[] lb = {HubAndSpoke.manager(management)};
        TenantAgent[] agent = {HubAndSpoke.agent(tenant, management)};
        List<String> restarts = new ArrayList<>();
        Runnable maybeRestart = () -> {
            try {
                if (rnd.nextInt(3) == 0) {
                    agent[0].close();
                    awaitResponsive();
                    agent[0] = HubAndSpoke.agent(tenant, management);
                    restarts.add("agent");
                }
                if (rnd.nextInt(3) == 0) {
                    lb[0].close();
                    awaitResponsive();
                    lb[0] = HubAndSpoke.manager(management);
                    restarts.add("engine");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        };
        try {
            List<String> names = List.of("a", "b", "c", "d", "e", "f");
            for (int i = 0; i < names.size(); i++) {
                tenant.services().resource(HubAndSpoke.service(names.get(i), 80 + i)).create();
                maybeRestart.run();
            }
            for (String n : names) {
                await(() -> HubAndSpoke.ingressIp(tenant, n) != null, n + " served, " + context + ", restarts " + restarts);
            }
            Map<String, String> first = new LinkedHashMap<>();
            names.forEach(n -> first.put(n, HubAndSpoke.ingressIp(tenant, n)));
            assertThat(first.values()).as(context).doesNotHaveDuplicates()
                    .allMatch(ip -> ip.startsWith("10.10.255.2"));

            for (String n : names.subList(0, 3)) {
                tenant.services().inNamespace("apps").withName(n).delete();
                maybeRestart.run();
            }
            maybeRestart.run();
            await(() -> loadBalancers().size() == 3 && HubAndSpoke.owned(management).size() == 3,
                    "three released in the management cluster, " + context + ", restarts " + restarts);
            for (String n : names.subList(0, 3)) {
                await(() -> tenant.services().inNamespace("apps").withName(n).get() == null, n + " gone, " + context);
            }
            for (String n : names.subList(3, 6)) {
                assertThat(HubAndSpoke.ingressIp(tenant, n)).as("%s kept its address, %s, restarts %s", n, context, restarts)
                        .isEqualTo(first.get(n));
            }
            KubeLb current = lb[0];
            await(() -> current.allocator().map(a -> a.allocations().size() == 3).orElse(false),
                    "the engine holds exactly the three left, " + context);
        } finally {
            agent[0].close();
            lb[0].close();
        }
    }

    static void awaitResponsive() throws InterruptedException {
        Clusters.awaitResponsive(management);
        Clusters.awaitResponsive(tenant);
    }
}
