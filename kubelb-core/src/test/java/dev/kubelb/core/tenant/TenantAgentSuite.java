package dev.kubelb.core.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelb.core.TenantAgent;
import dev.kubelb.core.TenantAgentListener;
import dev.kubelb.core.crd.KubeLbAddresses;
import dev.kubelb.core.crd.KubeLbLoadBalancer;
import dev.kubelb.core.testkit.Clusters;
import dev.kubelb.core.testkit.SecondCluster;
import io.fabric8.kubernetes.api.model.LoadBalancerIngressBuilder;
import io.fabric8.kubernetes.api.model.LoadBalancerStatus;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The tenant agent between two clusters: the class's own cluster ({@code management}, injected by
 * {@code @MockApi} or {@code @RealApi}) is the management cluster, a {@link SecondCluster} of the same kind is
 * the tenant cluster. The manager's answer (the LoadBalancer's status) is written by the test, as KubeLB's
 * manager or our engine would: the agent alone is under test here.
 */
abstract class TenantAgentSuite {
    static final String NS = "tenant-t";
    static KubernetesClient management;
    static SecondCluster tenantCluster;
    static KubernetesClient tenant;

    final List<AutoCloseable> toClose = new ArrayList<>();
    final List<String> events = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void tenantCluster() {
        tenantCluster = SecondCluster.likeTheFirst(TenantAgentSuite.class.getSimpleName() + "-tenant-"
                + System.nanoTime());
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
        for (String ns : List.of(NS, "tenant-other")) {
            management.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
                    .createOr(n -> n.update());
        }
        tenant.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("apps").endMetadata().build())
                .createOr(n -> n.update());
        node("node-1", "198.51.100.11", true);
        node("node-2", "198.51.100.12", true);
    }

    @AfterEach
    void tearDown() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        Clusters.reset(tenant);
        tenant.nodes().delete();
        tenant.leases().inAnyNamespace().delete();
        management.resources(KubeLbLoadBalancer.class).inAnyNamespace().delete();
        management.resources(KubeLbAddresses.class).inAnyNamespace().delete();
    }

    static void node(String name, String externalIp, boolean ready) {
        Node n = new NodeBuilder().withNewMetadata().withName(name).endMetadata().withNewStatus()
                .addNewAddress().withType("ExternalIP").withAddress(externalIp).endAddress()
                .addNewAddress().withType("InternalIP").withAddress("10.0.0." + externalIp.substring(externalIp.lastIndexOf('.') + 1)).endAddress()
                .addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition()
                .endStatus().build();
        Node created = tenant.nodes().resource(n).createOr(x -> x.update());
        created.setStatus(n.getStatus()); // a real server may drop the status on create: written through /status
        tenant.nodes().resource(created).updateStatus();
    }

    TenantAgent agent() {
        return agent(b -> b);
    }

    TenantAgent agent(UnaryOperator<TenantAgent.Builder> settings) {
        TenantAgent a = settings.apply(TenantAgent.builder().tenantClient(tenant).managementClient(management)
                .tenantName("t").retryBackoff(Duration.ofMillis(20), Duration.ofMillis(500))
                .listener(new TenantAgentListener() {
                    @Override
                    public void mirrored(String service, String loadBalancer) {
                        events.add("mirrored " + service);
                    }

                    @Override
                    public void failed(String key, String message) {
                        events.add("failed " + key + ": " + message);
                    }
                })).build();
        toClose.add(a);
        return a.start();
    }

    static Service service(String name, String cls, int port) {
        ServiceBuilder b = new ServiceBuilder().withNewMetadata().withName(name).withNamespace("apps")
                .addToAnnotations("example.com/team", "blue").endMetadata()
                .withNewSpec().withType("LoadBalancer").withLoadBalancerClass(cls).addNewPort().withName("http")
                .withProtocol("TCP").withPort(port).withNodePort(Clusters.nodePortFor(port)).endPort()
                .addNewPort().withName("dns").withProtocol("UDP").withPort(port + 1).withNodePort(Clusters.nodePortFor(port + 1)).endPort()
                .withSelector(Map.of("app", name)).endSpec();
        return b.build();
    }

    static Service tenantService(String name) {
        return tenant.services().inNamespace("apps").withName(name).get();
    }

    static KubeLbLoadBalancer mirrorOf(String name) {
        Service s = tenantService(name);
        return s == null ? null : management.resources(KubeLbLoadBalancer.class).inNamespace(NS)
                .withName(s.getMetadata().getUid()).get();
    }

    static List<String> addresses() {
        KubeLbAddresses a = management.resources(KubeLbAddresses.class).inNamespace(NS).withName("default").get();
        return a == null ? List.of() : a.getSpec().addresses.stream().map(x -> x.ip).toList();
    }

    /** What the manager does once it has served a LoadBalancer. */
    static void answer(KubeLbLoadBalancer lb, String ip) {
        KubeLbLoadBalancer fresh = management.resources(KubeLbLoadBalancer.class).inNamespace(NS)
                .withName(lb.getMetadata().getName()).get();
        fresh.setStatus(new KubeLbLoadBalancer.Status());
        fresh.getStatus().loadBalancer = new LoadBalancerStatus(List.of(new LoadBalancerIngressBuilder().withIp(ip).build()));
        management.resources(KubeLbLoadBalancer.class).inNamespace(NS).resource(fresh).updateStatus();
    }

    static String tenantIngress(String name) {
        Service s = tenantService(name);
        if (s == null || s.getStatus() == null || s.getStatus().getLoadBalancer() == null
                || s.getStatus().getLoadBalancer().getIngress() == null || s.getStatus().getLoadBalancer().getIngress().isEmpty()) {
            return null;
        }
        return s.getStatus().getLoadBalancer().getIngress().get(0).getIp();
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        Clusters.await(condition, what, Duration.ofSeconds(30));
    }

    @Test
    void mirrorsAServiceOfTheKubeLbClassAsKubeLbDoes() throws Exception {
        agent();
        tenant.services().resource(service("web", "kubelb", 80)).create();
        await(() -> mirrorOf("web") != null, "web mirrored");
        Service svc = tenantService("web");
        KubeLbLoadBalancer lb = mirrorOf("web");
        assertThat(svc.getMetadata().getFinalizers()).contains("kubelb.k8c.io/cleanup");
        assertThat(lb.getMetadata().getLabels()).containsEntry("kubelb.k8c.io/origin-ns", "apps")
                .containsEntry("kubelb.k8c.io/origin-name", "web").containsEntry("kubelb.k8c.io/tenant", NS);
        assertThat(lb.getMetadata().getAnnotations()).containsEntry("example.com/team", "blue");
        assertThat(lb.getSpec().type).isEqualTo("LoadBalancer");
        assertThat(lb.getSpec().ports).extracting(p -> p.name + " " + p.port + "/" + p.protocol)
                .containsExactly("http 80/TCP", "dns 81/UDP");
        assertThat(lb.getSpec().endpoints).singleElement().satisfies(e -> {
            assertThat(e.addressesReference.name).isEqualTo("default");
            assertThat(e.addresses).isEmpty();
            assertThat(e.ports).extracting(p -> p.name + " " + p.port + "/" + p.protocol).containsExactly(
                    "http " + Clusters.nodePort(tenant, "apps", "web") + "/TCP",
                    "dns " + svc.getSpec().getPorts().get(1).getNodePort() + "/UDP");
        });
        await(() -> addresses().equals(List.of("198.51.100.11", "198.51.100.12")), "Addresses lists the ready nodes' ExternalIPs");

        // neither a class-less Service nor one of another class is the agent's (a cloud CCM's or MetalLB's)
        tenant.services().resource(service("plain", null, 90)).create();
        tenant.services().resource(service("cloud", "service.k8s.aws/nlb", 91)).create();
        assertThat(awaitIdle()).isTrue();
        assertThat(mirrorOf("plain")).isNull();
        assertThat(mirrorOf("cloud")).isNull();
        assertThat(tenantService("plain").getMetadata().getFinalizers()).isNullOrEmpty();
        assertThat(management.resources(KubeLbLoadBalancer.class).inNamespace("tenant-other").list().getItems()).isEmpty();
    }

    boolean awaitIdle() throws InterruptedException {
        for (AutoCloseable c : toClose) {
            if (c instanceof TenantAgent a && !a.awaitIdle(Duration.ofSeconds(30))) {
                return false;
            }
        }
        return true;
    }

    @Test
    void classlessByOption() throws Exception {
        agent(b -> b.serveClassless(true));
        tenant.services().resource(service("plain", null, 90)).create();
        tenant.services().resource(service("cloud", "service.k8s.aws/nlb", 91)).create();
        await(() -> mirrorOf("plain") != null, "class-less Service mirrored");
        assertThat(awaitIdle()).isTrue();
        assertThat(mirrorOf("cloud")).isNull();
    }

    @Test
    void theManagersAddressReachesTheTenantServiceAndChangesFollow() throws Exception {
        agent();
        tenant.services().resource(service("web", "kubelb", 80)).create();
        await(() -> mirrorOf("web") != null, "web mirrored");
        answer(mirrorOf("web"), "10.10.255.200");
        await(() -> "10.10.255.200".equals(tenantIngress("web")), "address copied back");

        // a changed Service changes its LoadBalancer; a node going away changes only the shared Addresses
        Service s = tenantService("web");
        s.getSpec().setExternalTrafficPolicy("Local");
        s.getSpec().setSessionAffinity("ClientIP");
        tenant.services().resource(s).update();
        await(() -> "Local".equals(mirrorOf("web").getSpec().externalTrafficPolicy), "policy mirrored");
        assertThat(mirrorOf("web").getSpec().persistence.type).isEqualTo("SourceIP");
        node("node-2", "198.51.100.12", false);
        node("node-3", "198.51.100.13", true);
        await(() -> addresses().equals(List.of("198.51.100.11", "198.51.100.13")), "Addresses follows the nodes");
        assertThat(mirrorOf("web").getSpec().endpoints.get(0).addressesReference.name).isEqualTo("default");
        assertThat(tenantIngress("web")).isEqualTo("10.10.255.200");
    }

    @Test
    void deletingTheServiceDeletesItsLoadBalancerThenReleasesTheFinalizer() throws Exception {
        agent();
        tenant.services().resource(service("web", "kubelb", 80)).create();
        await(() -> mirrorOf("web") != null, "web mirrored");
        String uid = tenantService("web").getMetadata().getUid();
        tenant.services().inNamespace("apps").withName("web").delete();
        await(() -> tenantService("web") == null, "the Service is gone once the agent let go");
        assertThat(management.resources(KubeLbLoadBalancer.class).inNamespace(NS).withName(uid).get()).isNull();
    }

    @Test
    void aRestartRebuildsFromBothClusters() throws Exception {
        TenantAgent first = agent();
        tenant.services().resource(service("keep", "kubelb", 80)).create();
        tenant.services().resource(service("gone", "kubelb", 81)).create();
        await(() -> mirrorOf("keep") != null && mirrorOf("gone") != null, "both mirrored");
        answer(mirrorOf("keep"), "10.10.255.200");
        await(() -> "10.10.255.200".equals(tenantIngress("keep")), "keep served");
        String goneUid = tenantService("gone").getMetadata().getUid();
        first.close();

        // while no agent runs: one Service deleted (its finalizer holds it), one created, a node added, and a
        // LoadBalancer whose Service vanished without the finalizer (removed by hand) left behind
        tenant.services().inNamespace("apps").withName("gone").delete();
        tenant.services().resource(service("new", "kubelb", 82)).create();
        node("node-3", "198.51.100.13", true);
        KubeLbLoadBalancer orphan = new KubeLbLoadBalancer();
        orphan.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("0f0f0f0f-orphan")
                .withNamespace(NS).withLabels(Map.of("kubelb.k8c.io/origin-ns", "apps", "kubelb.k8c.io/origin-name",
                        "vanished", "kubelb.k8c.io/tenant", NS)).build());
        orphan.setSpec(mirrorOf("keep").getSpec());
        management.resources(KubeLbLoadBalancer.class).inNamespace(NS).resource(orphan).create();
        assertThat(tenantService("gone")).as("held by the finalizer").isNotNull();

        agent();
        await(() -> tenantService("gone") == null, "the deleted Service released");
        await(() -> mirrorOf("new") != null, "the new Service mirrored");
        await(() -> addresses().size() == 3, "the added node listed");
        await(() -> management.resources(KubeLbLoadBalancer.class).inNamespace(NS).withName("0f0f0f0f-orphan").get() == null,
                "the orphan deleted");
        assertThat(management.resources(KubeLbLoadBalancer.class).inNamespace(NS).withName(goneUid).get()).isNull();
        assertThat(tenantIngress("keep")).isEqualTo("10.10.255.200");
        assertThat(awaitIdle()).isTrue();
        assertThat(management.resources(KubeLbLoadBalancer.class).inNamespace(NS).list().getItems()).hasSize(2);
    }

    @Test
    void onlyTheLeaderWritesAndAFollowerTakesOver() throws Exception {
        UnaryOperator<TenantAgent.Builder> timings = b -> b.leaderElectionTimings(Duration.ofSeconds(4),
                Duration.ofSeconds(3), Duration.ofMillis(500));
        tenant.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("kube-system").endMetadata().build())
                .createOr(n -> n.update());
        TenantAgent a = agent(b -> timings.apply(b.leaderElection("kube-system", "kubelb-tenant-agent", "a")));
        await(a::isLeader, "a leads");
        TenantAgent b = agent(x -> timings.apply(x.leaderElection("kube-system", "kubelb-tenant-agent", "b")));
        tenant.services().resource(service("web", "kubelb", 80)).create();
        await(() -> mirrorOf("web") != null, "web mirrored by the leader");
        assertThat(b.isLeader()).isFalse();
        a.close();
        await(b::isLeader, "b leads once a released the lease");
        tenant.services().resource(service("api", "kubelb", 81)).create();
        await(() -> mirrorOf("api") != null, "api mirrored by the new leader");
    }
}
