package dev.kubelb.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelb.core.ApplyStrategy;
import dev.kubelb.core.Health;
import dev.kubelb.core.KubeLb;
import dev.kubelb.core.KubeLbListener;
import dev.kubelb.core.ProviderLoader;
import dev.kubelb.core.ProviderRegistry;
import dev.kubelb.core.SimulatedAppliance;
import dev.kubelb.core.crd.KubeLbLoadBalancer;
import dev.kubelb.core.fixtures.TestProvider;
import dev.kubelb.core.testkit.RealApi;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Watches that never silently stop (issue #13, item 6), on a real kube-apiserver: a CRD installed after the
 * engine started is picked up, and {@link KubeLb#health()} with its listener event says what is watched.
 */
@RealApi
class EngineWatchesRealApiIT {
    static KubernetesClient client;
    private static final String CRD = "loadbalancers.kubelb.k8c.io";

    @Test
    void aLoadBalancerCrdInstalledAfterStartIsWatchedAndServed() throws Exception {
        CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions().withName(CRD).get();
        client.apiextensions().v1().customResourceDefinitions().withName(CRD).delete();
        EngineIT.await(() -> crdGone(), "the LoadBalancer CRD removed");
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("tenant-acme").endMetadata()
                .build()).create();
        List<Health> changes = new CopyOnWriteArrayList<>();
        try (SimulatedAppliance simulated = SimulatedAppliance.start(client);
                KubeLb engine = KubeLb.builder().client(client)
                        .providers(ProviderRegistry.load(ProviderLoader.of(new TestProvider()))).provider("test")
                        .configuration(EngineIT.CONFIG).applyStrategy(ApplyStrategy.createOrUpdate())
                        .listener(new KubeLbListener() {
                            @Override
                            public void healthChanged(Health health) {
                                changes.add(health);
                            }
                        })
                        .build().start()) {
            assertThat(simulated).isNotNull();
            Health before = engine.health();
            assertThat(before.leader()).isTrue();
            assertThat(before.watches()).containsEntry("KubeLB LoadBalancers", "waiting")
                    .containsEntry("Services", "watching");
            assertThat(before.ready()).as("an optional kind not installed does not make the engine unready").isTrue();
            assertThat(before.live()).isTrue();

            crd.getMetadata().setResourceVersion(null);
            crd.getMetadata().setUid(null);
            crd.getMetadata().setCreationTimestamp(null);
            crd.setStatus(null);
            client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
            EngineIT.await(() -> "watching".equals(engine.health().watches().get("KubeLB LoadBalancers")),
                    "the LoadBalancer watch to start once its CRD exists");
            KubeLbLoadBalancer lb = RequestsTest.loadBalancer();
            lb.getSpec().endpoints.get(0).addressesReference = null;
            client.resource(lb).create();
            EngineIT.await(() -> {
                KubeLbLoadBalancer got = client.resources(KubeLbLoadBalancer.class).inNamespace("tenant-acme")
                        .withName(lb.getMetadata().getName()).get();
                return got.getStatus() != null && got.getStatus().loadBalancer != null
                        && !got.getStatus().loadBalancer.getIngress().isEmpty();
            }, "the LoadBalancer created after its CRD served");
            EngineIT.await(() -> changes.stream().anyMatch(h -> "watching".equals(h.watches().get("KubeLB LoadBalancers"))),
                    "the listener told of the new watch");
            assertThat(changes.get(0).watches()).as("the first event reported the kind as waiting")
                    .containsEntry("KubeLB LoadBalancers", "waiting");
        }
    }

    private static boolean crdGone() {
        try {
            client.resources(KubeLbLoadBalancer.class).inAnyNamespace().list();
            return false;
        } catch (KubernetesClientException e) {
            return e.getCode() == 404;
        }
    }
}
