package dev.kubelb.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelb.api.AddressPool;
import dev.kubelb.api.ApplianceConfig;
import dev.kubelb.core.ApplyStrategy;
import dev.kubelb.core.KubeLb;
import dev.kubelb.core.KubeLbLabels;
import dev.kubelb.core.ProviderLoader;
import dev.kubelb.core.ProviderRegistry;
import dev.kubelb.core.SimulatedAppliance;
import dev.kubelb.core.fixtures.TestProvider;
import dev.kubelb.core.testkit.Clusters;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The engine end to end, on whichever back end a subclass binds ({@link EngineIT}, {@link EngineRealApiIT}). */
abstract class EngineSuite {
    static KubernetesClient client;

    final List<AutoCloseable> toClose = new ArrayList<>();

    static final ApplianceConfig CONFIG = ApplianceConfig.builder()
            .pool(AddressPool.builder("extern").addresses("10.10.255.200-10.10.255.250").avoidBuggyIps(true).build())
            .build();

    @BeforeEach
    void cluster() {
        Clusters.prepare(client, "192.0.2.11", "tenant-a", "tenant-b");
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
        Clusters.reset(client);
        client.leases().inAnyNamespace().delete();
    }

    KubeLb engine() {
        return engine(b -> b);
    }

    KubeLb engine(java.util.function.UnaryOperator<KubeLb.Builder> settings) {
        KubeLb lb = settings.apply(KubeLb.builder().client(client)
                .providers(ProviderRegistry.load(ProviderLoader.of(new TestProvider())))
                .provider("test")
                .configuration(CONFIG)
                .applyStrategy(ApplyStrategy.createOrUpdate())
                .retryBackoff(Duration.ofMillis(20), Duration.ofMillis(200)))
                .build();
        toClose.add(lb);
        return lb;
    }

    SimulatedAppliance appliance() {
        SimulatedAppliance a = SimulatedAppliance.start(client);
        toClose.add(0, a);
        return a;
    }

    static Service tenantService(String ns, String name, int port) {
        return Clusters.tenantService(ns, name, port);
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        Clusters.await(condition, what, Duration.ofSeconds(10));
    }

    /** @return the Events kubelb recorded in the namespace (a real API server records its own there too) */
    static List<Event> kubelbEvents(String ns) {
        return client.v1().events().inNamespace(ns).list().getItems().stream()
                .filter(e -> "kubelb".equals(e.getReportingComponent())).toList();
    }

    static String ingressIp(String ns, String name) {
        return Clusters.ingressIp(client, ns, name);
    }

    @Test
    void servesAServiceEndToEndAndCleansUpOnDelete() throws Exception {
        appliance();
        engine().start();
        client.services().resource(tenantService("tenant-a", "web", 80)).create();
        client.discovery().v1().endpointSlices().resource(Clusters.podSlice("tenant-a", "web", 8080,
                Map.of("10.244.1.5", "node-1", "10.244.1.6", "!node-1"))).create();

        await(() -> "10.10.255.200".equals(ingressIp("tenant-a", "web")), "status copied back");
        Service managed = client.services().inNamespace("tenant-a").withName("kubelb-web").get();
        assertThat(managed.getMetadata().getLabels()).containsEntry(KubeLbLabels.MANAGED_BY, "kubelb")
                .containsEntry(KubeLbLabels.TENANT, "tenant-a").containsEntry(KubeLbLabels.REQUEST, "web");
        assertThat(managed.getMetadata().getAnnotations()).containsEntry(KubeLbLabels.ADDRESSES, "10.10.255.200")
                .containsEntry(KubeLbLabels.POOL, "extern").containsEntry(TestProvider.IPS, "10.10.255.200");
        assertThat(managed.getSpec().getSelector()).isNullOrEmpty();
        await(() -> client.discovery().v1().endpointSlices().inNamespace("tenant-a")
                .withLabel(KubeLbLabels.SERVICE_NAME, "kubelb-web").list().getItems().size() == 1, "the back ends wired");
        List<EndpointSlice> slices = client.discovery().v1().endpointSlices().inNamespace("tenant-a")
                .withLabel(KubeLbLabels.SERVICE_NAME, "kubelb-web").list().getItems();
        assertThat(slices.get(0).getEndpoints()).flatExtracting(e -> e.getAddresses())
                .as("the tenant Service's own ready pods (single cluster: no NodePort in the path)")
                .containsExactly("10.244.1.5");
        assertThat(slices.get(0).getEndpoints()).extracting(e -> e.getNodeName())
                .as("the pod's node named, so that externalTrafficPolicy: Local finds its endpoints").containsExactly("node-1");
        assertThat(slices.get(0).getPorts()).extracting(p -> p.getPort()).containsExactly(8080);
        Service tenant = client.services().inNamespace("tenant-a").withName("web").get();
        assertThat(tenant.getMetadata().getFinalizers()).contains(KubeLbLabels.FINALIZER);
        assertThat(tenant.getStatus().getConditions()).extracting(Condition::getType, Condition::getStatus)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Ready", "True"));
        assertThat(kubelbEvents("tenant-a")).extracting(Event::getReason)
                .contains("Allocated");

        client.services().inNamespace("tenant-a").withName("web").delete();
        await(() -> client.services().inNamespace("tenant-a").withName("web").get() == null, "finalizer removed");
        await(() -> client.services().inNamespace("tenant-a").withName("kubelb-web").get() == null, "managed Service pruned");
        assertThat(client.discovery().v1().endpointSlices().inNamespace("tenant-a")
                .withLabel(KubeLbLabels.MANAGED_BY, KubeLbLabels.MANAGER).list().getItems()).isEmpty();
        assertThat(kubelbEvents("tenant-a")).extracting(Event::getReason)
                .contains("Released");

        client.services().resource(tenantService("tenant-a", "api", 443)).create();
        await(() -> "10.10.255.200".equals(ingressIp("tenant-a", "api")), "released address reused");
    }

    @Test
    void anAppliancePuttingAnotherAddressThanTheAllocatedOneIsReportedAndNeverCopiedBack() throws Exception {
        engine().start(); // no simulated appliance: this test answers as a misbehaving one
        client.services().resource(tenantService("tenant-a", "web", 80)).create();
        await(() -> client.services().inNamespace("tenant-a").withName("kubelb-web").get() != null, "owned Service");
        Service owned = client.services().inNamespace("tenant-a").withName("kubelb-web").get();
        owned.setStatus(new io.fabric8.kubernetes.api.model.ServiceStatusBuilder().withNewLoadBalancer()
                .addNewIngress().withIp("10.10.255.77").endIngress().endLoadBalancer().build());
        client.services().resource(owned).updateStatus();

        await(() -> "False".equals(readyStatus("tenant-a", "web")), "the request reported not ready");
        Service tenant = client.services().inNamespace("tenant-a").withName("web").get();
        Condition ready = tenant.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType()))
                .findFirst().orElseThrow();
        assertThat(ready.getReason()).isEqualTo("ApplianceFailed");
        assertThat(ready.getMessage()).contains("10.10.255.77").contains("10.10.255.200");
        assertThat(ingressIp("tenant-a", "web")).as("an address nobody was allocated is never shown").isNull();
    }

    private static String readyStatus(String ns, String name) {
        Service s = client.services().inNamespace(ns).withName(name).get();
        return s == null || s.getStatus() == null || s.getStatus().getConditions() == null ? null
                : s.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType()))
                        .map(Condition::getStatus).findFirst().orElse(null);
    }

    @Test
    void ownedObjectsDeletedOrChangedBehindTheEnginesBackAreRestored() throws Exception {
        appliance();
        engine().start();
        client.services().resource(tenantService("tenant-a", "web", 80)).create();
        client.discovery().v1().endpointSlices().resource(Clusters.podSlice("tenant-a", "web", 8080,
                Map.of("10.244.1.5", "node-1"))).create();
        await(() -> "10.10.255.200".equals(ingressIp("tenant-a", "web")), "served");
        client.services().inNamespace("tenant-a").withName("kubelb-web").delete();
        client.discovery().v1().endpointSlices().inNamespace("tenant-a").withName("kubelb-web-ipv4").delete();
        await(() -> client.services().inNamespace("tenant-a").withName("kubelb-web").get() != null
                && client.discovery().v1().endpointSlices().inNamespace("tenant-a").withName("kubelb-web-ipv4")
                        .get() != null, "owned objects recreated");
        assertThat(client.services().inNamespace("tenant-a").withName("kubelb-web").get().getMetadata()
                .getAnnotations()).containsEntry(KubeLbLabels.ADDRESSES, "10.10.255.200");

        // changed behind its back: what the engine owns is put back, what others added is left alone
        client.services().inNamespace("tenant-a").withName("kubelb-web").edit(s -> new ServiceBuilder(s)
                .editMetadata().addToAnnotations(KubeLbLabels.ADDRESSES, "10.10.255.222")
                .addToAnnotations("example.com/note", "added by someone").endMetadata()
                .editSpec().editFirstPort().withPort(8080).endPort().endSpec().build());
        await(() -> {
            Service s = client.services().inNamespace("tenant-a").withName("kubelb-web").get();
            return "10.10.255.200".equals(s.getMetadata().getAnnotations().get(KubeLbLabels.ADDRESSES))
                    && s.getSpec().getPorts().get(0).getPort() == 80;
        }, "drift corrected");
        assertThat(client.services().inNamespace("tenant-a").withName("kubelb-web").get().getMetadata()
                .getAnnotations()).containsEntry("example.com/note", "added by someone");
        // the appliance served what the tampered record said for a moment, and the request showed it; once
        // the record is put back, the appliance's answer and the request's status follow
        await(() -> "10.10.255.200".equals(ingressIp("tenant-a", "web")), "the request's address back");
    }

    @Test
    void restartRebuildsAllocationsBeforeAllocatingAnew() throws Exception {
        appliance();
        KubeLb first = engine().start();
        client.services().resource(tenantService("tenant-a", "one", 80)).create();
        await(() -> ingressIp("tenant-a", "one") != null, "one served");
        client.services().resource(tenantService("tenant-b", "two", 80)).create();
        await(() -> ingressIp("tenant-b", "two") != null, "two served");
        String one = ingressIp("tenant-a", "one");
        String two = ingressIp("tenant-b", "two");
        first.close();
        Clusters.awaitResponsive(client); // the mock server may stall while the watches close

        // while no engine runs, a third request arrives; the new engine must not give it one of the held addresses
        client.services().resource(tenantService("tenant-a", "three", 80)).create();
        KubeLb second = engine().start();
        await(() -> ingressIp("tenant-a", "three") != null, "three served");
        assertThat(ingressIp("tenant-a", "one")).isEqualTo(one);
        assertThat(ingressIp("tenant-b", "two")).isEqualTo(two);
        assertThat(List.of(one, two, ingressIp("tenant-a", "three"))).doesNotHaveDuplicates();
        assertThat(second.snapshot().orElseThrow().pool("extern").orElseThrow().used()).isEqualTo(3);
    }

    @Test
    void anOwnedServiceWhoseLoadBalancerClassMustChangeIsRecreatedKeepingItsAddress() throws Exception {
        appliance();
        KubeLb first = engine(b -> b.providerOption(TestProvider.CLASS_OPTION, "kubelb.dev/old")).start();
        client.services().resource(tenantService("tenant-a", "web", 80)).create();
        client.services().resource(tenantService("tenant-a", "api", 81)).create();
        await(() -> ingressIp("tenant-a", "web") != null && ingressIp("tenant-a", "api") != null, "both served");
        String web = ingressIp("tenant-a", "web");
        String uid = client.services().inNamespace("tenant-a").withName("kubelb-web").get().getMetadata().getUid();
        first.close();
        Clusters.awaitResponsive(client); // the mock server may stall while the watches close

        // the appliance now serves another class: a real API server refuses to change it in place
        KubeLb second = engine(b -> b.providerOption(TestProvider.CLASS_OPTION, "kubelb.dev/new")).start();
        await(() -> {
            Service owned = client.services().inNamespace("tenant-a").withName("kubelb-web").get();
            return owned != null && "kubelb.dev/new".equals(owned.getSpec().getLoadBalancerClass());
        }, "the owned Service carries the new class");
        assertThat(second.awaitIdle(Duration.ofSeconds(10))).isTrue();
        Service owned = client.services().inNamespace("tenant-a").withName("kubelb-web").get();
        assertThat(owned.getMetadata().getAnnotations()).as("the address recorded again")
                .containsEntry(KubeLbLabels.ADDRESSES, web);
        assertThat(ingressIp("tenant-a", "web")).as("the request keeps its address").isEqualTo(web);
        assertThat(second.allocator().orElseThrow().lookup(dev.kubelb.api.LoadBalancerId.of("tenant-a", "web"))
                .orElseThrow().addresses()).extracting(Object::toString).containsExactly(web);
        if (Clusters.serverEnforcesImmutability()) {
            assertThat(owned.getMetadata().getUid()).as("recreated, not changed in place").isNotEqualTo(uid);
        }
    }

    @Test
    void forgedAllocationRecordsNeitherMoveNorStealAnAddressOnRestart() throws Exception {
        appliance();
        KubeLb first = engine().start();
        client.services().resource(tenantService("tenant-a", "web", 80)).create();
        await(() -> "10.10.255.200".equals(ingressIp("tenant-a", "web")), "web served");
        first.close();
        Clusters.awaitResponsive(client); // the mock server may stall while the watches close

        // while no engine runs, a hostile tenant (its namespace sorts first) writes records of its own making:
        // one where kubelb keeps records, claiming tenant-a's address for its own request; one in its namespace
        // claiming to be tenant-a's record, moving tenant-a's request elsewhere
        client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata()
                .withName("aaa-evil").endMetadata().build()).createOr(n -> n.update());
        client.services().resource(tenantService("aaa-evil", "evil", 80)).create();
        client.services().resource(forgedRecord("aaa-evil", "kubelb-evil", "aaa-evil", "evil", "10.10.255.200")).create();
        client.services().resource(forgedRecord("aaa-evil", "kubelb-web", "tenant-a", "web", "10.10.255.210")).create();

        KubeLb second = engine().start();
        await(() -> ingressIp("aaa-evil", "evil") != null, "the hostile request served, with an address of its own");
        assertThat(second.awaitIdle(Duration.ofSeconds(5))).isTrue();
        assertThat(ingressIp("tenant-a", "web")).isEqualTo("10.10.255.200");
        assertThat(second.allocator().orElseThrow().lookup(dev.kubelb.api.LoadBalancerId.of("tenant-a", "web"))
                .orElseThrow().addresses()).extracting(Object::toString).containsExactly("10.10.255.200");
        assertThat(ingressIp("aaa-evil", "evil")).isNotEqualTo("10.10.255.200");
    }

    private static Service forgedRecord(String ns, String name, String tenant, String request, String address) {
        return new ServiceBuilder().withNewMetadata().withNamespace(ns).withName(name)
                .addToLabels(KubeLbLabels.MANAGED_BY, KubeLbLabels.MANAGER).addToLabels(KubeLbLabels.TENANT, tenant)
                .addToLabels(KubeLbLabels.REQUEST, request).addToAnnotations(KubeLbLabels.ADDRESSES, address)
                .addToAnnotations("kubelb.dev/pool", "extern").endMetadata()
                .withNewSpec().withType("ClusterIP").addNewPort().withPort(80).endPort().endSpec().build();
    }

    @Test
    void anEngineStoppedMidwayLosesNoAddressAndHandsOutNoneTwice() throws Exception {
        appliance();
        KubeLb first = engine().start();
        for (int i = 0; i < 40; i++) {
            client.services().resource(tenantService(i % 2 == 0 ? "tenant-a" : "tenant-b", "svc-" + i, 80)).create();
        }
        await(() -> served() >= 15, "some served");
        first.close(); // stopped while work is still queued
        Clusters.awaitResponsive(client);
        // read with retries and generous timeouts: closing the engine's watches while events are in flight can
        // stall the mock server for up to 30 s (see Clusters.await)
        java.util.Map<String, String> before = new java.util.TreeMap<>();
        Clusters.await(() -> {
            before.putAll(addresses());
            return true;
        }, "the addresses after the stop", Duration.ofSeconds(60));

        KubeLb second = engine().start();
        Clusters.await(() -> served() == 40, "all served after the restart", Duration.ofSeconds(60));
        assertThat(second.awaitIdle(Duration.ofSeconds(10))).isTrue();
        java.util.Map<String, String> after = addresses();
        assertThat(after).as("every address handed out before the stop is kept").containsAllEntriesOf(before);
        assertThat(after.values()).as("no address twice").doesNotHaveDuplicates().hasSize(40);
        assertThat(second.snapshot().orElseThrow().pool("extern").orElseThrow().used()).isEqualTo(40);
    }

    private static long served() {
        return addresses().size();
    }

    private static java.util.Map<String, String> addresses() {
        java.util.Map<String, String> out = new java.util.TreeMap<>();
        for (Service s : client.services().inAnyNamespace().list().getItems()) {
            String ip = ingressIp(s.getMetadata().getNamespace(), s.getMetadata().getName());
            if (ip != null && !s.getMetadata().getName().startsWith("kubelb-")) {
                out.put(s.getMetadata().getNamespace() + "/" + s.getMetadata().getName(), ip);
            }
        }
        return out;
    }

    @Test
    void aRejectedRequestGetsAConditionAndAnEventAndNothingElse() throws Exception {
        appliance();
        KubeLb lb = engine().start();
        Service bad = new ServiceBuilder(tenantService("tenant-a", "pinned", 80)).editMetadata()
                .addToAnnotations("metallb.io/loadBalancerIPs", "192.168.99.1").endMetadata().build();
        client.services().resource(bad).create();
        await(() -> {
            Service s = client.services().inNamespace("tenant-a").withName("pinned").get();
            return s.getStatus() != null && s.getStatus().getConditions() != null && !s.getStatus().getConditions().isEmpty();
        }, "failure condition");
        Service s = client.services().inNamespace("tenant-a").withName("pinned").get();
        assertThat(s.getStatus().getConditions().get(0).getReason()).isEqualTo("ADDRESS_NOT_IN_POOL");
        assertThat(s.getStatus().getConditions().get(0).getStatus()).isEqualTo("False");
        assertThat(client.services().inNamespace("tenant-a").withName("kubelb-pinned").get()).isNull();
        // the Event is recorded just after the condition is written
        await(() -> !kubelbEvents("tenant-a").isEmpty(), "the failure's Event");
        assertThat(lb.awaitIdle(Duration.ofSeconds(5))).isTrue();
        assertThat(kubelbEvents("tenant-a")).extracting(Event::getReason)
                .containsExactly("AllocationFailed");
        assertThat(lb.snapshot().orElseThrow().pool("extern").orElseThrow().used()).isZero();
    }

    @Test
    void aReplicaWhoseLeaseWasTakenOverCampaignsAgainAndLeads() throws Exception {
        appliance();
        KubeLb lb = engine(b -> b.leaderElection("default", "kubelb-again", "pod-a")
                .leaderElectionTimings(Duration.ofSeconds(2), Duration.ofMillis(1500), Duration.ofMillis(200))).start();
        await(lb::isLeader, "leading");
        // another identity takes the lease over (and then never renews it)
        // (an edit guarded by the resourceVersion read: it may race a renewal, 409, and is tried again)
        Clusters.await(() -> {
            client.leases().inNamespace("default").withName("kubelb-again").edit(l -> {
                l.getSpec().setHolderIdentity("intruder");
                l.getSpec().setAcquireTime(java.time.ZonedDateTime.now());
                l.getSpec().setRenewTime(java.time.ZonedDateTime.now());
                return l;
            });
            return true;
        }, "the lease taken over", Duration.ofSeconds(10));
        await(() -> !lb.isLeader(), "leadership lost to the intruder");
        // the intruder's lease runs out: the replica runs again and leads (fabric8's elector is single-use)
        Clusters.await(lb::isLeader, "leading again", Duration.ofSeconds(20));
        assertThat(client.leases().inNamespace("default").withName("kubelb-again").get().getSpec()
                .getHolderIdentity()).isEqualTo("pod-a");
        client.services().resource(tenantService("tenant-a", "web", 80)).create();
        await(() -> ingressIp("tenant-a", "web") != null, "served by the leader re-elected");
    }

    @Test
    void withLeaderElectionOnlyTheLeaderWrites() throws Exception {
        appliance();
        List<KubeLb> engines = new ArrayList<>();
        for (String id : List.of("pod-a", "pod-b")) {
            KubeLb lb = KubeLb.builder().client(client)
                    .providers(ProviderRegistry.load(ProviderLoader.of(new TestProvider())))
                    .provider("test").configuration(CONFIG).applyStrategy(ApplyStrategy.createOrUpdate())
                    .leaderElection("default", "kubelb", id)
                    .leaderElectionTimings(Duration.ofSeconds(2), Duration.ofMillis(1500), Duration.ofMillis(200))
                    .build();
            toClose.add(lb);
            engines.add(lb.start());
        }
        await(() -> engines.stream().anyMatch(KubeLb::isLeader), "a leader");
        Thread.sleep(500);
        assertThat(engines.stream().filter(KubeLb::isLeader).count()).isEqualTo(1);
        client.services().resource(tenantService("tenant-a", "web", 80)).create();
        await(() -> ingressIp("tenant-a", "web") != null, "served by the leader");
        KubeLb follower = engines.stream().filter(e -> !e.isLeader()).findFirst().orElseThrow();
        assertThat(follower.allocator()).as("the follower holds no allocator: it allocates nothing").isEmpty();
        assertThat(client.services().inNamespace("tenant-a").list().getItems()).hasSize(2);

        KubeLb leader = engines.stream().filter(KubeLb::isLeader).findFirst().orElseThrow();
        leader.close();
        Clusters.awaitResponsive(client);
        await(follower::isLeader, "the follower takes over");
        assertThat(follower.allocator().orElseThrow().lookup(dev.kubelb.api.LoadBalancerId.of("tenant-a", "web")))
                .as("the new leader rebuilt the allocation first").isPresent();
    }
}
