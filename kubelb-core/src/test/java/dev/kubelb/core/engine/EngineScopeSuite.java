package dev.kubelb.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelb.api.LabelSelector;
import dev.kubelb.core.ApplyStrategy;
import dev.kubelb.core.KubeLb;
import dev.kubelb.core.KubeLbLabels;
import dev.kubelb.core.ProviderLoader;
import dev.kubelb.core.ProviderRegistry;
import dev.kubelb.core.SimulatedAppliance;
import dev.kubelb.core.crd.KubeLbLoadBalancer;
import dev.kubelb.core.fixtures.TestProvider;
import dev.kubelb.core.testkit.Clusters;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the engine serves and with which back ends: nodes coming and going, loadBalancerClass, tenant selection. */
abstract class EngineScopeSuite {
    static KubernetesClient client;

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeEach
    void cluster() {
        Clusters.prepare(client, "192.0.2.11", "tenant-a", "tenant-b");
        toClose.add(SimulatedAppliance.start(client));
    }

    @AfterEach
    void tearDown() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        Clusters.reset(client);
        client.nodes().withName("node-2").delete();
    }

    private KubeLb engine(UnaryOperator<KubeLb.Builder> settings) {
        KubeLb lb = settings.apply(KubeLb.builder().client(client)
                .providers(ProviderRegistry.load(ProviderLoader.of(new TestProvider())))
                .provider("test")
                .configuration(EngineIT.CONFIG)
                .applyStrategy(ApplyStrategy.createOrUpdate())
                .retryBackoff(Duration.ofMillis(20), Duration.ofMillis(200))).build();
        toClose.add(lb);
        return lb.start();
    }

    private static List<String> backends(String ns, String name) {
        EndpointSlice s = client.discovery().v1().endpointSlices().inNamespace(ns).withName(name).get();
        return s == null ? List.of() : s.getEndpoints().stream().flatMap(e -> e.getAddresses().stream()).sorted().toList();
    }

    private static void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        Clusters.await(condition, what, Duration.ofSeconds(10));
    }

    private static boolean served(String ns, String name) {
        return Clusters.ingressIp(client, ns, name) != null;
    }

    private static boolean untouched(String ns, String name) {
        Service s = client.services().inNamespace(ns).withName(name).get();
        return (s.getMetadata().getFinalizers() == null || s.getMetadata().getFinalizers().isEmpty())
                && (s.getStatus() == null || s.getStatus().getConditions() == null || s.getStatus().getConditions().isEmpty())
                && (s.getStatus() == null || s.getStatus().getLoadBalancer() == null
                        || s.getStatus().getLoadBalancer().getIngress() == null
                        || s.getStatus().getLoadBalancer().getIngress().isEmpty())
                && client.services().inNamespace(ns).withName("kubelb-" + name).get() == null;
    }

    @Test
    void theBackEndsFollowThePods() throws Exception {
        // a pod slice written before its Service is a request (the watch passes it by) is read once
        client.discovery().v1().endpointSlices().resource(Clusters.podSlice("tenant-a", "web", 8080,
                Map.of("10.244.1.5", "node-1"))).create();
        KubeLb lb = engine(b -> b);
        client.services().resource(Clusters.tenantService("tenant-a", "web", 80)).create();
        await(() -> backends("tenant-a", "kubelb-web-ipv4").equals(List.of("10.244.1.5")), "the pod");

        client.discovery().v1().endpointSlices().resource(Clusters.podSlice("tenant-a", "web", 8080,
                Map.of("10.244.1.5", "node-1", "10.244.2.6", "node-2", "10.244.2.7", "!node-2"))).update();
        await(() -> backends("tenant-a", "kubelb-web-ipv4").equals(List.of("10.244.1.5", "10.244.2.6")),
                "a pod that is ready is a back end, one that is not is not");

        client.discovery().v1().endpointSlices().resource(Clusters.podSlice("tenant-a", "web", 8080,
                Map.of("10.244.2.6", "node-2"))).update();
        await(() -> backends("tenant-a", "kubelb-web-ipv4").equals(List.of("10.244.2.6")), "a pod that leaves is not");
        client.nodes().withName("node-1").edit(n -> new NodeBuilder(n).editStatus().editFirstAddress()
                .withAddress("192.0.2.99").endAddress().endStatus().build());
        assertThat(lb.awaitIdle(Duration.ofSeconds(5))).isTrue();
        assertThat(backends("tenant-a", "kubelb-web-ipv4")).as("nodes are not back ends of a Service request")
                .containsExactly("10.244.2.6");
        // the status is written after the back ends: awaited, not read at once
        await(() -> "10.10.255.200".equals(Clusters.ingressIp(client, "tenant-a", "web")), "the address kept");
    }

    @Test
    void theBackEndsFollowTheNodesWhenNodePortsAreChosen() throws Exception {
        engine(b -> b.serviceBackends(dev.kubelb.core.ServiceBackends.NODE_PORTS));
        client.services().resource(Clusters.tenantService("tenant-a", "web", 80)).create();
        await(() -> backends("tenant-a", "kubelb-web-ipv4").equals(List.of("192.0.2.11")), "the first node");

        client.nodes().resource(new NodeBuilder().withNewMetadata().withName("node-2").endMetadata().withNewStatus()
                .addNewAddress().withType("InternalIP").withAddress("192.0.2.12").endAddress().endStatus().build()).create();
        await(() -> backends("tenant-a", "kubelb-web-ipv4").equals(List.of("192.0.2.11", "192.0.2.12")),
                "a node that joins is a back end");

        client.nodes().withName("node-1").delete();
        await(() -> backends("tenant-a", "kubelb-web-ipv4").equals(List.of("192.0.2.12")), "a node that leaves is not");
        // the status is written after the back ends: awaited, not read at once
        await(() -> "10.10.255.200".equals(Clusters.ingressIp(client, "tenant-a", "web")), "the address kept");
    }

    @Test
    void anObjectOfTheTenantsHoldingTheNameIsNeverTakenOver() throws Exception {
        Service theirs = client.services().resource(new ServiceBuilder().withNewMetadata().withNamespace("tenant-a")
                .withName("kubelb-web").addToLabels("app", "theirs").endMetadata().withNewSpec().withType("ClusterIP")
                .addNewPort().withPort(9999).endPort().endSpec().build()).create();
        KubeLb lb = engine(b -> b);
        client.services().resource(Clusters.tenantService("tenant-a", "web", 80)).create();

        await(() -> "OwnedObjectConflict".equals(readyReason("tenant-a", "web")), "the conflict reported");
        Service after = client.services().inNamespace("tenant-a").withName("kubelb-web").get();
        assertThat(after.getMetadata().getLabels()).as("not labelled as ours").isEqualTo(Map.of("app", "theirs"));
        assertThat(after.getSpec().getType()).isEqualTo("ClusterIP");
        assertThat(after.getSpec().getPorts()).extracting(p -> p.getPort()).containsExactly(9999);
        assertThat(after.getMetadata().getResourceVersion()).as("not written at all")
                .isEqualTo(theirs.getMetadata().getResourceVersion());
        assertThat(client.v1().events().inNamespace("tenant-a").list().getItems())
                .anySatisfy(e -> assertThat(e.getReason() + " " + e.getMessage()).startsWith("AllocationFailed")
                        .contains("OwnedObjectConflict").contains("Service/tenant-a/kubelb-web exists and is not managed"));

        // the name freed, the request is served on a retry, with the address it held all along
        client.services().resource(theirs).delete();
        await(() -> served("tenant-a", "web"), "served once the name is free");
        assertThat(Clusters.ingressIp(client, "tenant-a", "web")).isEqualTo("10.10.255.200");
        assertThat(lb.snapshot().orElseThrow().pool("extern").orElseThrow().used()).isEqualTo(1);
    }

    private static KubeLbLoadBalancer twin() {
        KubeLbLoadBalancer lb = RequestsTest.loadBalancer();
        lb.getMetadata().setNamespace("tenant-a");
        lb.getMetadata().setName("web");
        lb.getSpec().endpoints.get(0).addressesReference = null;
        return lb;
    }

    private static String twinReason() {
        KubeLbLoadBalancer lb = client.resources(KubeLbLoadBalancer.class).inNamespace("tenant-a").withName("web").get();
        String ready = Clusters.readyOf(lb);
        return ready == null ? null : ready.substring(ready.indexOf('/') + 1);
    }

    @Test
    void aServiceAndAKubeLbLoadBalancerOfOneNameAreServedOnceAndTheRefusedOneNeverFreesTheAddress() throws Exception {
        KubeLb lb = engine(b -> b);
        client.services().resource(Clusters.tenantService("tenant-a", "web", 80)).create();
        await(() -> served("tenant-a", "web"), "the Service served");

        client.resource(twin()).create();
        await(() -> "DuplicateRequest".equals(twinReason()), "the LoadBalancer of the same name refused");
        assertThat(client.services().inNamespace("tenant-a").withName("kubelb-web").get().getMetadata().getLabels())
                .as("the owned Service still the Service's").containsEntry(KubeLbLabels.SOURCE, "Service");
        client.resources(KubeLbLoadBalancer.class).inNamespace("tenant-a").withName("web").delete();
        // polled, not watched: closing a watch on the mock server while it sends an event stalls it
        await(() -> client.resources(KubeLbLoadBalancer.class).inNamespace("tenant-a").withName("web").get() == null,
                "the LoadBalancer gone");
        assertThat(lb.awaitIdle(Duration.ofSeconds(5))).isTrue();
        assertThat(lb.snapshot().orElseThrow().pool("extern").orElseThrow().used()).as("the address kept").isEqualTo(1);
        assertThat(Clusters.ingressIp(client, "tenant-a", "web")).isEqualTo("10.10.255.200");

        // the other way round: with the Service gone, the LoadBalancer is served
        client.resource(twin()).create();
        await(() -> "DuplicateRequest".equals(twinReason()), "refused again while the Service holds the name");
        client.services().inNamespace("tenant-a").withName("web").delete();
        await(() -> "Ready".equals(twinReason()), "the LoadBalancer served once the Service is gone");
        assertThat(client.services().inNamespace("tenant-a").withName("kubelb-web").get().getMetadata().getLabels())
                .containsEntry(KubeLbLabels.SOURCE, "LoadBalancer");
        assertThat(lb.snapshot().orElseThrow().pool("extern").orElseThrow().used()).isEqualTo(1);
        client.resources(KubeLbLoadBalancer.class).inNamespace("tenant-a").withName("web").delete();
    }

    private static String readyReason(String ns, String name) {
        Service s = client.services().inNamespace(ns).withName(name).get();
        return s == null || s.getStatus() == null || s.getStatus().getConditions() == null ? null
                : s.getStatus().getConditions().stream().filter(c -> KubeLbLabels.READY.equals(c.getType()))
                        .map(c -> c.getReason()).findFirst().orElse(null);
    }

    /**
     * An address the appliance gave a Service that is no request of the engine's (a class-less one, which
     * MetalLB or Cilium serves by itself from the same pools) is held while that Service shows it: never
     * handed to a request, free again once the Service is gone.
     */
    @Test
    void anAddressTheApplianceGaveAServiceNotOursIsNeverHandedOut() throws Exception {
        KubeLb lb = engine(b -> b);
        Service legacy = client.services().resource(classless("tenant-a", "legacy", 79)).create();
        // as MetalLB's controller would write it (the engine's simulated appliance serves only what it owns)
        legacy.setStatus(new io.fabric8.kubernetes.api.model.ServiceStatusBuilder().withNewLoadBalancer()
                .addNewIngress().withIp("10.10.255.200").endIngress().endLoadBalancer().build());
        client.services().resource(legacy).updateStatus();
        java.util.function.BooleanSupplier held = () -> lb.allocator().orElseThrow().allocations().stream()
                .anyMatch(a -> a.id().name().equals("tenant-a.legacy"));
        await(held, "the appliance's address held");
        client.services().resource(new ServiceBuilder(Clusters.tenantService("tenant-a", "web", 80)).editSpec()
                .withLoadBalancerClass(KubeLb.DEFAULT_CLASS).endSpec().build()).create();
        await(() -> served("tenant-a", "web"), "web served");
        assertThat(Clusters.ingressIp(client, "tenant-a", "web")).isEqualTo("10.10.255.201");
        assertThat(client.services().inNamespace("tenant-a").withName("kubelb-legacy").get())
                .as("the appliance's Service is not the engine's").isNull();
        assertThat(client.services().inNamespace("tenant-a").withName("legacy").get().getMetadata().getFinalizers())
                .isNullOrEmpty();

        client.services().inNamespace("tenant-a").withName("legacy").delete();
        await(() -> !held.getAsBoolean(), "released with its Service");
        client.services().resource(new ServiceBuilder(Clusters.tenantService("tenant-a", "api", 81)).editSpec()
                .withLoadBalancerClass(KubeLb.DEFAULT_CLASS).endSpec().build()).create();
        await(() -> served("tenant-a", "api"), "api served");
        assertThat(Clusters.ingressIp(client, "tenant-a", "api")).as("free again").isEqualTo("10.10.255.200");
    }

    @Test
    void onlyServicesOfTheConfiguredLoadBalancerClassAreServed() throws Exception {
        KubeLb lb = engine(b -> b); // the default class, kubelb.dev/l4
        client.services().resource(classless("tenant-a", "plain", 80)).create();
        client.services().resource(new ServiceBuilder(Clusters.tenantService("tenant-a", "cloud", 81)).editSpec()
                .withLoadBalancerClass("service.k8s.aws/nlb").endSpec().build()).create();
        client.services().resource(new ServiceBuilder(Clusters.tenantService("tenant-a", "ours", 82)).editSpec()
                .withLoadBalancerClass("kubelb.dev/l4").endSpec().build()).create();

        await(() -> served("tenant-a", "ours"), "the Service of our class served");
        assertThat(lb.awaitIdle(Duration.ofSeconds(5))).isTrue();
        assertThat(untouched("tenant-a", "plain")).as("no class: left to the cluster's default").isTrue();
        assertThat(untouched("tenant-a", "cloud")).as("another class: left to its controller").isTrue();
        assertThat(lb.snapshot().orElseThrow().pool("extern").orElseThrow().used()).isEqualTo(1);
    }

    private static Service classless(String ns, String name, int port) {
        return new ServiceBuilder(Clusters.tenantService(ns, name, port)).editSpec().withLoadBalancerClass(null)
                .endSpec().build();
    }

    @Test
    void classlessServicesOnlyByOptInAndNeverInTheSystemOrTheAppliancesNamespaces() throws Exception {
        Clusters.prepare(client, "192.0.2.11", "kube-system", "kubelb-system");
        KubeLb lb = engine(b -> b.serveClassless(true));
        client.services().resource(classless("kube-system", "dns-lb", 81)).create();
        client.services().resource(classless("kubelb-system", "appliance-lb", 82)).create();
        client.services().resource(Clusters.tenantService("kube-system", "ours-but-system", 83)).create();
        client.services().resource(new ServiceBuilder(Clusters.tenantService("tenant-a", "cloud", 84)).editSpec()
                .withLoadBalancerClass("service.k8s.aws/nlb").endSpec().build()).create();
        client.services().resource(classless("tenant-a", "plain", 80)).create();

        await(() -> served("tenant-a", "plain"), "a class-less Service served once opted in");
        assertThat(lb.awaitIdle(Duration.ofSeconds(5))).isTrue();
        assertThat(untouched("kube-system", "dns-lb")).as("never in a system namespace").isTrue();
        assertThat(untouched("kube-system", "ours-but-system")).as("not even of our class").isTrue();
        assertThat(untouched("kubelb-system", "appliance-lb")).as("never in the appliance's namespace").isTrue();
        assertThat(untouched("tenant-a", "cloud")).as("another class: still its controller's").isTrue();
        assertThat(lb.snapshot().orElseThrow().pool("extern").orElseThrow().used()).isEqualTo(1);
    }

    @Test
    void aNamespaceLeavingTheTenantSelectionIsCleanedUpAndOneJoiningIsServed() throws Exception {
        client.namespaces().withName("tenant-a").edit(n -> new NamespaceBuilder(n).editMetadata()
                .addToLabels("kubelb.dev/tenant", "yes").endMetadata().build());
        KubeLb lb = engine(b -> b.tenantSelector(LabelSelector.of(Map.of("kubelb.dev/tenant", "yes"))));
        client.services().resource(Clusters.tenantService("tenant-a", "web", 80)).create();
        client.services().resource(Clusters.tenantService("tenant-b", "web", 80)).create();
        await(() -> served("tenant-a", "web"), "the selected tenant served");
        assertThat(lb.awaitIdle(Duration.ofSeconds(5))).isTrue();
        assertThat(untouched("tenant-b", "web")).as("a namespace outside the selection").isTrue();

        client.namespaces().withName("tenant-b").edit(n -> new NamespaceBuilder(n).editMetadata()
                .addToLabels("kubelb.dev/tenant", "yes").endMetadata().build());
        await(() -> served("tenant-b", "web"), "a namespace joining the selection is served");

        client.namespaces().withName("tenant-a").edit(n -> new NamespaceBuilder(n).editMetadata()
                .removeFromLabels("kubelb.dev/tenant").endMetadata().build());
        await(() -> untouched("tenant-a", "web"), "a namespace leaving it is cleaned up: finalizer, owned objects");
        assertThat(lb.awaitIdle(Duration.ofSeconds(5))).isTrue();
        assertThat(lb.snapshot().orElseThrow().pool("extern").orElseThrow().used())
                .as("its address released, the other kept").isEqualTo(1);
        assertThat(client.services().inNamespace("tenant-b").withName("web").get().getMetadata().getFinalizers())
                .containsExactly(KubeLbLabels.FINALIZER);
    }

    @Test
    void aServiceTurningIntoARequestIsServedAndOneTurningBackIsCleanedUp() throws Exception {
        // the engine keeps no copy of a Service that asks for nothing: the change that makes it a request
        // must still reach it, and one that ends a request it served must still be cleaned up after
        KubeLb lb = engine(b -> b);
        Service plain = new ServiceBuilder(Clusters.tenantService("tenant-a", "later", 80)).editSpec()
                .withType("ClusterIP").withLoadBalancerClass(null).endSpec().build();
        plain.getSpec().getPorts().forEach(p -> p.setNodePort(null));
        client.services().resource(plain).create();
        assertThat(lb.awaitIdle(Duration.ofSeconds(5))).isTrue();
        assertThat(untouched("tenant-a", "later")).isTrue();

        client.services().inNamespace("tenant-a").withName("later").edit(s -> new ServiceBuilder(s).editSpec()
                .withType("LoadBalancer").withLoadBalancerClass(KubeLb.DEFAULT_CLASS).endSpec().build());
        await(() -> served("tenant-a", "later"), "a ClusterIP Service turned into a request of our class is served");

        client.services().inNamespace("tenant-a").withName("later").edit(s -> {
            Service out = new ServiceBuilder(s).editSpec().withType("ClusterIP").withLoadBalancerClass(null)
                    .withAllocateLoadBalancerNodePorts(null).withExternalTrafficPolicy(null).endSpec().build();
            out.getSpec().getPorts().forEach(p -> p.setNodePort(null));
            return out;
        });
        await(() -> untouched("tenant-a", "later"), "turned back into a ClusterIP Service: finalizer, owned objects gone");
        assertThat(lb.awaitIdle(Duration.ofSeconds(5))).isTrue();
        assertThat(lb.snapshot().orElseThrow().pool("extern").orElseThrow().used()).as("its address released")
                .isZero();
    }
}
