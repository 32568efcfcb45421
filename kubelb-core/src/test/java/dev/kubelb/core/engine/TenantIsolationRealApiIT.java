package dev.kubelb.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelb.api.AddressPool;
import dev.kubelb.api.ApplianceConfig;
import dev.kubelb.api.LabelSelector;
import dev.kubelb.api.PoolScope;
import dev.kubelb.core.AnnotationPolicy;
import dev.kubelb.core.ApplyStrategy;
import dev.kubelb.core.KubeLb;
import dev.kubelb.core.KubeLbLabels;
import dev.kubelb.core.ProviderLoader;
import dev.kubelb.core.ProviderRegistry;
import dev.kubelb.core.SimulatedAppliance;
import dev.kubelb.core.fixtures.TestProvider;
import dev.kubelb.core.testkit.Clusters;
import dev.kubelb.core.testkit.RealApi;
import dev.kubelb.core.testkit.RealApiServer;
import dev.kubelb.core.testkit.RecordingClients;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tenant isolation through the running engine on a real kube-apiserver. The engine runs with a
 * ServiceAccount that may read cluster-wide but write only in the two tenant namespaces (RBAC of the real
 * server), through a client that records every request; each tenant acts with its own ServiceAccount, which
 * may write Services in its namespace but not their status. Tenant A then tries, as a hostile tenant would,
 * to get an address from a pool admitted to B only (by name, by pinning, by forging the
 * {@code io.kubernetes.service.namespace} selector key), to join B's shared address, to forge allocation
 * records and ownership labels, and to propagate annotations the policy does not allow. After each test:
 * every write the engine made is in the namespace of the request that caused it, and none was refused.
 */
@RealApi(namespaces = {"tenant-a", "tenant-b", "kubelb-system"})
class TenantIsolationRealApiIT {
    static RealApiServer real;
    static KubernetesClient client;

    private static final String A = "tenant-a";
    private static final String B = "tenant-b";
    private static final String SEL = "io.kubernetes.service.namespace";
    static final ApplianceConfig CONFIG = ApplianceConfig.builder()
            .pool(AddressPool.builder("pool-a").addresses("10.40.0.10-10.40.0.19")
                    .scope(new PoolScope(Optional.empty(), List.of(A), List.of(), List.of())).build())
            .pool(AddressPool.builder("pool-b").addresses("10.40.1.10-10.40.1.19")
                    .scope(new PoolScope(Optional.empty(), List.of(B), List.of(), List.of())).build())
            // scoped the way Cilium users write it: by the Service's namespace key
            .pool(AddressPool.builder("pool-b-sel").addresses("10.40.2.10-10.40.2.19").autoAssign(false)
                    .scope(new PoolScope(Optional.empty(), List.of(), List.of(),
                            List.of(LabelSelector.of(Map.of(SEL, B))))).build())
            // both tenants may allocate here; cross-tenant sharing is not allowed
            .pool(AddressPool.builder("common").addresses("10.40.3.10-10.40.3.19").autoAssign(false).build())
            .build();
    static final AnnotationPolicy POLICY = new AnnotationPolicy(Map.of("team.example.com/*", ""), false,
            List.of("team.example.com/secret"), Map.of());

    private final Queue<String> engineRequests = new ConcurrentLinkedQueue<>();
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private KubernetesClient tenantA;
    private KubernetesClient tenantB;
    private KubeLb lb;

    @BeforeAll
    static void rbac() {
        Clusters.prepare(client, "192.0.2.11", A, B);
        client.resource(new ClusterRoleBuilder().withNewMetadata().withName("kubelb-engine-read").endMetadata()
                .addToRules(rule("", "services", "namespaces", "nodes", "events"))
                .addToRules(rule("discovery.k8s.io", "endpointslices"))
                .addToRules(rule("kubelb.k8c.io", "loadbalancers", "addresses"))
                .build()).createOr(x -> x.update());
        client.resource(new ClusterRoleBindingBuilder().withNewMetadata().withName("kubelb-engine-read").endMetadata()
                .addNewSubject().withKind("ServiceAccount").withName("kubelb-engine").withNamespace("kubelb-system")
                .endSubject().withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole")
                .withName("kubelb-engine-read").endRoleRef().build()).createOr(x -> x.update());
        client.resource(new ClusterRoleBuilder().withNewMetadata().withName("kubelb-engine-write").endMetadata()
                .addToRules(new PolicyRuleBuilder().withApiGroups("", "discovery.k8s.io", "events.k8s.io", "kubelb.k8c.io")
                        .withResources("services", "services/status", "endpointslices", "events", "loadbalancers",
                                "loadbalancers/status")
                        .withVerbs("get", "list", "watch", "create", "update", "patch", "delete").build())
                .build()).createOr(x -> x.update());
        client.resource(new ClusterRoleBuilder().withNewMetadata().withName("tenant").endMetadata()
                .addToRules(new PolicyRuleBuilder().withApiGroups("", "kubelb.k8c.io")
                        .withResources("services", "loadbalancers")
                        .withVerbs("get", "list", "watch", "create", "update", "patch", "delete").build())
                .build()).createOr(x -> x.update());
        for (String ns : List.of(A, B)) {
            // the engine writes in the tenants' namespaces only
            client.resource(binding(ns, "kubelb-engine-write", "kubelb-system", "kubelb-engine")).createOr(x -> x.update());
            // each tenant writes its own Services (not their status) and nothing else
            client.resource(binding(ns, "tenant", ns, "tenant")).createOr(x -> x.update());
        }
    }

    private static io.fabric8.kubernetes.api.model.rbac.PolicyRule rule(String group, String... resources) {
        return new PolicyRuleBuilder().withApiGroups(group).withResources(resources).withVerbs("get", "list", "watch")
                .build();
    }

    private static io.fabric8.kubernetes.api.model.rbac.RoleBinding binding(String ns, String role, String saNs,
            String sa) {
        return new RoleBindingBuilder().withNewMetadata().withName(role + "-" + sa).withNamespace(ns).endMetadata()
                .addNewSubject().withKind("ServiceAccount").withName(sa).withNamespace(saNs).endSubject()
                .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole").withName(role)
                .endRoleRef().build();
    }

    @BeforeEach
    void start() {
        tenantA = close(real.clientAs(A, "tenant"));
        tenantB = close(real.clientAs(B, "tenant"));
        close(SimulatedAppliance.start(client));
        startEngine();
    }

    private void startEngine() {
        KubernetesClient sa = close(real.clientAs("kubelb-system", "kubelb-engine"));
        lb = close(KubeLb.builder().client(close(RecordingClients.recording(sa, engineRequests)))
                .providers(ProviderRegistry.load(ProviderLoader.of(new TestProvider()))).provider("test")
                .configuration(CONFIG).annotationPolicy(POLICY).applyStrategy(ApplyStrategy.serverSideApply())
                .retryBackoff(Duration.ofMillis(20), Duration.ofMillis(500)).build());
        lb.start();
    }

    private <T extends AutoCloseable> T close(T c) {
        toClose.add(c);
        return c;
    }

    @AfterEach
    void writesStayedInTheTenantsNamespaces() throws Exception {
        try {
            assertThat(lb.awaitIdle(Duration.ofSeconds(20))).isTrue();
            List<String> writes = RecordingClients.writes(engineRequests);
            assertThat(writes).as("the engine wrote").isNotEmpty();
            assertThat(writes).as("every write of the engine is in a tenant's namespace")
                    .allSatisfy(w -> assertThat(RecordingClients.namespaceOf(w)).get().isIn(A, B));
        } finally {
            for (int i = toClose.size() - 1; i >= 0; i--) {
                toClose.get(i).close();
            }
            Clusters.reset(client);
        }
    }

    // ---------------------------------------------------------------- pools

    @Test
    void aTenantGetsNoAddressFromAPoolNotAdmittedToIt() throws Exception {
        create(tenantB, service(B, "b-own", 80).build());
        create(tenantB, service(B, "b-sel", 80).editMetadata().addToAnnotations("metallb.io/address-pool", "pool-b-sel")
                .endMetadata().build());
        create(tenantA, service(A, "a-own", 80).build());
        awaitServed(B, "b-own");
        awaitServed(B, "b-sel");
        awaitServed(A, "a-own");
        assertThat(ip(B, "b-sel")).as("B reaches the pool scoped to its namespace key").startsWith("10.40.2.");
        assertThat(ip(A, "a-own")).startsWith("10.40.0.");

        // by name, by pinning an address in it, by forging the namespace key the pool selects on
        create(tenantA, service(A, "by-name", 80).editMetadata().addToAnnotations("metallb.io/address-pool", "pool-b")
                .endMetadata().build());
        create(tenantA, service(A, "by-pin", 80).editMetadata()
                .addToAnnotations("metallb.io/loadBalancerIPs", "10.40.1.15").endMetadata().build());
        create(tenantA, service(A, "by-key", 80).editMetadata().addToLabels(SEL, B)
                .addToAnnotations("metallb.io/address-pool", "pool-b-sel").endMetadata().build());
        create(tenantA, service(A, "by-key-pin", 80).editMetadata().addToLabels(SEL, B)
                .addToAnnotations("metallb.io/loadBalancerIPs", "10.40.2.15").endMetadata().build());
        for (String name : List.of("by-name", "by-pin", "by-key", "by-key-pin")) {
            awaitRefused(A, name);
        }
        assertThat(used("pool-b")).isEqualTo(1);
        assertThat(used("pool-b-sel")).isEqualTo(1);
        assertThat(lb.allocator().orElseThrow().allocations()).as("nothing of A's outside pool-a")
                .filteredOn(x -> x.id().tenant().equals(A)).allSatisfy(x -> assertThat(x.pool()).isEqualTo("pool-a"));
    }

    // ---------------------------------------------------------------- sharing

    @Test
    void aTenantCannotJoinAnotherTenantsSharedAddress() throws Exception {
        // B shares under key k among its own Services only, and under key k2 with tenant-c only
        create(tenantB, service(B, "db", 5432).editMetadata().addToAnnotations(Map.of("metallb.io/address-pool",
                "common", "metallb.io/allow-shared-ip", "k")).endMetadata().build());
        create(tenantB, service(B, "cache", 6379).editMetadata().addToAnnotations(Map.of("metallb.io/address-pool",
                "common", "metallb.io/allow-shared-ip", "k2", "lbipam.cilium.io/sharing-cross-namespace", "tenant-c"))
                .endMetadata().build());
        awaitServed(B, "db");
        awaitServed(B, "cache");
        String shared = ip(B, "db");
        String shared2 = ip(B, "cache");
        create(tenantA, service(A, "same-key", 80).editMetadata().addToAnnotations(Map.of("metallb.io/address-pool",
                "common", "metallb.io/allow-shared-ip", "k", "lbipam.cilium.io/sharing-cross-namespace", "*"))
                .endMetadata().build());
        create(tenantA, service(A, "same-key2", 80).editMetadata().addToAnnotations(Map.of("metallb.io/address-pool",
                "common", "metallb.io/allow-shared-ip", "k2", "lbipam.cilium.io/sharing-cross-namespace", "*"))
                .endMetadata().build());
        create(tenantA, service(A, "same-key-pinned", 443).editMetadata().addToAnnotations(Map.of(
                "metallb.io/allow-shared-ip", "k", "lbipam.cilium.io/sharing-cross-namespace", "*",
                "metallb.io/loadBalancerIPs", shared)).endMetadata().build());
        awaitServed(A, "same-key");
        awaitServed(A, "same-key2");
        assertThat(ip(A, "same-key")).as("the same key gives A an address of its own").isNotIn(shared, shared2)
                .startsWith("10.40.3.");
        assertThat(ip(A, "same-key2")).isNotIn(shared, shared2).startsWith("10.40.3.");
        awaitRefused(A, "same-key-pinned");
        for (String addr : List.of(shared, shared2)) {
            assertThat(lb.allocator().orElseThrow().allocations())
                    .filteredOn(x -> x.addresses().stream().anyMatch(i -> i.toString().equals(addr)))
                    .as("%s held by B alone", addr).extracting(x -> x.id().tenant()).containsOnly(B);
        }
    }

    // ---------------------------------------------------------------- forged records and ownership

    @Test
    void forgedAllocationRecordsAndOwnershipLabelsGetATenantNothing() throws Exception {
        create(tenantB, service(B, "db", 5432).build());
        awaitServed(B, "db");
        String theirs = ip(B, "db");
        Service bOwned = client.services().inNamespace(B).withName("kubelb-db").get();

        // while the engine runs: A labels a Service of its own as the engine's object for B's request
        create(tenantA, new ServiceBuilder().withNewMetadata().withNamespace(A).withName("kubelb-db")
                .addToLabels(KubeLbLabels.MANAGED_BY, KubeLbLabels.MANAGER).addToLabels(KubeLbLabels.TENANT, B)
                .addToLabels(KubeLbLabels.REQUEST, "db").addToAnnotations(KubeLbLabels.ADDRESSES, theirs)
                .endMetadata().withNewSpec().withType("ClusterIP").addNewPort().withName("http").withProtocol("TCP").withPort(80)
                .endPort().endSpec().build());
        assertThat(lb.awaitIdle(Duration.ofSeconds(20))).isTrue();

        // while the engine is down: A writes records claiming B's address for requests of its own
        lb.close();
        create(tenantA, new ServiceBuilder().withNewMetadata().withNamespace(A).withName("kubelb-steal")
                .addToLabels(KubeLbLabels.MANAGED_BY, KubeLbLabels.MANAGER).addToLabels(KubeLbLabels.TENANT, A)
                .addToLabels(KubeLbLabels.REQUEST, "steal").addToLabels(KubeLbLabels.SOURCE, "Service")
                .addToAnnotations(KubeLbLabels.ADDRESSES, theirs).addToAnnotations(KubeLbLabels.POOL, "pool-b")
                .endMetadata().withNewSpec().withType("ClusterIP").addNewPort().withName("http").withProtocol("TCP").withPort(80)
                .endPort().endSpec().build());
        create(tenantA, service(A, "steal", 80).editMetadata().addToLabels(KubeLbLabels.TENANT, B)
                .addToAnnotations(Map.of(KubeLbLabels.ADDRESSES, theirs, KubeLbLabels.POOL, "pool-b")).endMetadata().build());
        assertThat(forbidden(() -> tenantA.services().inNamespace(A).withName("steal").editStatus(s -> {
            s.setStatus(new io.fabric8.kubernetes.api.model.ServiceStatusBuilder().withNewLoadBalancer().addNewIngress()
                    .withIp(theirs).endIngress().endLoadBalancer().build());
            return s;
        }))).as("a tenant may not write its Service's status").isTrue();
        startEngine();

        awaitServed(A, "steal");
        assertThat(ip(A, "steal")).as("A's request gets an address of A's pool").startsWith("10.40.0.");
        assertThat(ip(B, "db")).isEqualTo(theirs);
        Service bAfter = client.services().inNamespace(B).withName("kubelb-db").get();
        assertThat(bAfter.getMetadata().getAnnotations()).containsEntry(KubeLbLabels.ADDRESSES, theirs);
        assertThat(bAfter.getMetadata().getUid()).isEqualTo(bOwned.getMetadata().getUid());
        assertThat(lb.allocator().orElseThrow().allocations()).filteredOn(x -> x.addresses().stream().anyMatch(i -> i.toString().equals(theirs)))
                .extracting(x -> x.id().toString()).containsExactly(B + "/db");
    }

    @Test
    void anObjectATenantLabelledAsTheEnginesDoesNotWedgeItsRequestSilently() throws Exception {
        // the engine's name and ownership labels, and a port the engine's apply does not own (unnamed): merged
        // with the engine's port by server-side apply, the Service would be invalid (two ports, one unnamed)
        create(tenantA, new ServiceBuilder().withNewMetadata().withNamespace(A).withName("kubelb-wedge")
                .addToLabels(KubeLbLabels.MANAGED_BY, KubeLbLabels.MANAGER).addToLabels(KubeLbLabels.TENANT, A)
                .addToLabels(KubeLbLabels.REQUEST, "wedge").addToLabels(KubeLbLabels.SOURCE, "Service").endMetadata()
                .withNewSpec().withType("ClusterIP").addNewPort().withPort(1).endPort().endSpec().build());
        create(tenantA, service(A, "wedge", 80).build());
        Clusters.await(() -> ready(A, "wedge").get("status") != null, "a Ready condition on " + A + "/wedge",
                Duration.ofSeconds(30));
        if ("False".equals(ready(A, "wedge").get("status"))) {
            assertThat(ready(A, "wedge").get("reason")).as("the reason names what stands in the way").isNotBlank();
        }
        assertThat(lb.allocator().orElseThrow().allocations()).filteredOn(x -> x.id().name().equals("wedge"))
                .allSatisfy(x -> assertThat(x.pool()).isEqualTo("pool-a"));
    }

    // ---------------------------------------------------------------- annotations

    @Test
    void onlyTheAnnotationsThePolicyAllowsReachTheOwnedService() throws Exception {
        create(tenantA, service(A, "web", 80).editMetadata().addToAnnotations(Map.of(
                "team.example.com/owner", "alice", "team.example.com/secret", "s3cret",
                "other.example.com/anything", "x", "service.beta.kubernetes.io/aws-load-balancer-internal", "false",
                KubeLbLabels.ADDRESSES, "10.40.1.10", KubeLbLabels.POOL, "pool-b", KubeLbLabels.READY_ANNOTATION, "{}"))
                .endMetadata().build());
        awaitServed(A, "web");
        Map<String, String> owned = client.services().inNamespace(A).withName("kubelb-web").get().getMetadata()
                .getAnnotations();
        assertThat(owned).containsEntry("team.example.com/owner", "alice")
                .doesNotContainKeys("team.example.com/secret", "other.example.com/anything",
                        "service.beta.kubernetes.io/aws-load-balancer-internal", KubeLbLabels.READY_ANNOTATION);
        assertThat(owned.get(KubeLbLabels.ADDRESSES)).as("the engine's record, not the tenant's").startsWith("10.40.0.");
        assertThat(owned.get(KubeLbLabels.POOL)).isEqualTo("pool-a");
        assertThat(ip(A, "web")).isEqualTo(owned.get(KubeLbLabels.ADDRESSES));
    }

    // ---------------------------------------------------------------- helpers

    private static ServiceBuilder service(String ns, String name, int port) {
        return new ServiceBuilder(Clusters.tenantService(ns, name, port));
    }

    private static void create(KubernetesClient as, Service s) {
        as.services().resource(s).create();
    }

    private static boolean forbidden(Runnable r) {
        try {
            r.run();
            return false;
        } catch (KubernetesClientException e) {
            return e.getCode() == 403;
        }
    }

    private static String ip(String ns, String name) {
        return Clusters.ingressIp(client, ns, name);
    }

    private long used(String pool) {
        return lb.snapshot().orElseThrow().pool(pool).orElseThrow().used().longValue();
    }

    private static void awaitServed(String ns, String name) throws InterruptedException {
        Clusters.await(() -> ip(ns, name) != null && "True".equals(ready(ns, name).get("status")),
                ns + "/" + name + " served", Duration.ofSeconds(30));
    }

    /** Refused: Ready=False with an allocation failure, no address, no owned Service, nothing held. */
    private void awaitRefused(String ns, String name) throws InterruptedException {
        Clusters.await(() -> "False".equals(ready(ns, name).get("status")), ns + "/" + name + " refused",
                Duration.ofSeconds(30));
        assertThat(ready(ns, name).get("reason")).as("%s/%s", ns, name).isIn("POOL_NOT_ALLOWED",
                "ADDRESS_NOT_IN_POOL", "ADDRESS_IN_USE", "INCOMPATIBLE_SHARING", "NO_POOL");
        assertThat(ip(ns, name)).isNull();
        assertThat(client.services().inNamespace(ns).withName("kubelb-" + name).get()).isNull();
        assertThat(lb.allocator().orElseThrow().allocations()).noneMatch(x -> x.id().tenant().equals(ns)
                && x.id().name().equals(name));
    }

    private static Map<String, String> ready(String ns, String name) {
        Service s = client.services().inNamespace(ns).withName(name).get();
        Map<String, String> out = new HashMap<>();
        if (s != null && s.getStatus() != null && s.getStatus().getConditions() != null) {
            s.getStatus().getConditions().stream().filter(c -> KubeLbLabels.READY.equals(c.getType())).findFirst()
                    .ifPresent(c -> {
                        out.put("status", c.getStatus());
                        out.put("reason", c.getReason());
                    });
        }
        return out;
    }
}
