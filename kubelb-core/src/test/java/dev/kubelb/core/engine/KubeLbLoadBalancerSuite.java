package dev.kubelb.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelb.core.ApplyStrategy;
import dev.kubelb.core.KubeLb;
import dev.kubelb.core.KubeLbLabels;
import dev.kubelb.core.ProviderLoader;
import dev.kubelb.core.ProviderRegistry;
import dev.kubelb.core.SimulatedAppliance;
import dev.kubelb.core.crd.KubeLbAddresses;
import dev.kubelb.core.crd.KubeLbLoadBalancer;
import dev.kubelb.core.fixtures.TestProvider;
import dev.kubelb.core.testkit.Clusters;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

abstract class KubeLbLoadBalancerSuite {
    static KubernetesClient client;

    @Test
    void servesAKubeLbLoadBalancerAndReportsStatusMatchedByPortName() throws Exception {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("tenant-acme")
                .addToLabels("kubelb.k8c.io/managed-by", "kubelb").endMetadata().build()).create();
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("tenant-evil").endMetadata()
                .build()).create();
        KubeLbAddresses addrs = new KubeLbAddresses();
        addrs.getMetadata().setName("default");
        addrs.getMetadata().setNamespace("tenant-acme");
        addrs.setSpec(new KubeLbAddresses.Spec());
        addrs.getSpec().addresses.add(new KubeLbLoadBalancer.EndpointAddress("192.0.2.22"));
        client.resource(addrs).create();
        // another tenant's Addresses of the same name must never be used
        KubeLbAddresses foreign = new KubeLbAddresses();
        foreign.getMetadata().setName("default");
        foreign.getMetadata().setNamespace("tenant-evil");
        foreign.setSpec(new KubeLbAddresses.Spec());
        foreign.getSpec().addresses.add(new KubeLbLoadBalancer.EndpointAddress("198.51.100.66"));
        client.resource(foreign).create();

        KubeLbLoadBalancer lb = RequestsTest.loadBalancer();
        lb.getSpec().endpoints.get(0).addressesReference.namespace = "tenant-evil";
        client.resource(lb).create();
        // what KubeLB's own manager writes and our model does not know (status.hostname, a port's nodePort)
        client.genericKubernetesResources(io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext
                .fromResourceType(KubeLbLoadBalancer.class)).inNamespace("tenant-acme")
                .withName("3f1c2b7e-uid").editStatus(g -> {
                    g.setAdditionalProperty("status", java.util.Map.of(
                            "hostname", java.util.Map.of("hostname", "web.example.com", "tlsEnabled", true),
                            "service", java.util.Map.of("ports", List.of(java.util.Map.of("name", "http", "port", 80,
                                    "protocol", "TCP", "nodePort", 31999, "upstreamTargetPort", 0)))));
                    return g;
                });

        try (SimulatedAppliance simulated = SimulatedAppliance.start(client);
                KubeLb engine = KubeLb.builder().client(client)
                        .providers(ProviderRegistry.load(ProviderLoader.of(new TestProvider()))).provider("test")
                        .configuration(EngineIT.CONFIG).applyStrategy(ApplyStrategy.createOrUpdate())
                        .tenantSelector(dev.kubelb.api.LabelSelector.of(java.util.Map.of("kubelb.k8c.io/managed-by", "kubelb")))
                        .build().start()) {
            assertThat(simulated).isNotNull();
            EngineIT.await(() -> {
                KubeLbLoadBalancer got = client.resources(KubeLbLoadBalancer.class).inNamespace("tenant-acme")
                        .withName("3f1c2b7e-uid").get();
                // the status first, then the Ready annotation: wait for the last of the two writes
                return got.getStatus() != null && got.getStatus().loadBalancer != null && Clusters.readyOf(got) != null;
            }, "LoadBalancer status and its Ready annotation");
            KubeLbLoadBalancer got = client.resources(KubeLbLoadBalancer.class).inNamespace("tenant-acme")
                    .withName("3f1c2b7e-uid").get();
            assertThat(got.getStatus().loadBalancer.getIngress()).extracting(i -> i.getIp())
                    .containsExactly("10.10.255.200");
            assertThat(got.getStatus().service.ports).extracting(p -> p.name, p -> p.protocol, p -> p.upstreamTargetPort)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("http", "TCP", 31080),
                            org.assertj.core.groups.Tuple.tuple("53-udp", "UDP", 31053));
            assertThat(Clusters.readyOf(got)).as("the Ready condition, in its annotation").isEqualTo("True/Ready");
            assertThat(got.getStatus().other()).as("the manager's status.hostname is never erased")
                    .containsEntry("hostname", java.util.Map.of("hostname", "web.example.com", "tlsEnabled", true));
            assertThat(got.getStatus().service.ports.get(0).other()).as("nor a port's nodePort")
                    .containsEntry("nodePort", 31999);
            assertThat(got.getMetadata().getFinalizers()).contains(KubeLbLabels.FINALIZER);
            List<EndpointSlice> slices = client.discovery().v1().endpointSlices().inNamespace("tenant-acme").list()
                    .getItems();
            assertThat(slices).singleElement().satisfies(s -> assertThat(s.getEndpoints())
                    .flatExtracting(e -> e.getAddresses())
                    .as("the tenant's own Addresses, never another tenant's").containsExactly("192.0.2.21", "192.0.2.22"));
            assertThat(client.services().inNamespace("tenant-acme").withName("kubelb-3f1c2b7e-uid").get()
                    .getMetadata().getLabels()).containsEntry(KubeLbLabels.SOURCE, "LoadBalancer");

            // the tenant's Addresses change: the back ends follow (the other tenant's never count)
            KubeLbAddresses changed = client.resources(KubeLbAddresses.class).inNamespace("tenant-acme")
                    .withName("default").get();
            changed.getSpec().addresses.add(new KubeLbLoadBalancer.EndpointAddress("192.0.2.23"));
            client.resource(changed).update();
            EngineIT.await(() -> client.discovery().v1().endpointSlices().inNamespace("tenant-acme").list().getItems()
                    .stream().flatMap(s -> s.getEndpoints().stream()).flatMap(e -> e.getAddresses().stream()).sorted()
                    .toList().equals(List.of("192.0.2.21", "192.0.2.22", "192.0.2.23")), "the back ends follow the Addresses");

            client.resource(got).delete();
            EngineIT.await(() -> client.resources(KubeLbLoadBalancer.class).inNamespace("tenant-acme")
                    .withName("3f1c2b7e-uid").get() == null, "finalizer released");
            assertThat(engine.awaitIdle(Duration.ofSeconds(5))).isTrue();
            assertThat(client.services().inNamespace("tenant-acme").list().getItems()).isEmpty();
            assertThat(engine.snapshot().orElseThrow().pool("extern").orElseThrow().used()).isZero();
        }
    }
}
