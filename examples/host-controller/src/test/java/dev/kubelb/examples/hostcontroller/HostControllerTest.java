package dev.kubelb.examples.hostcontroller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubelb.core.ApplyStrategy;
import dev.kubelb.core.KubeLb;
import dev.kubelb.core.SimulatedAppliance;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The host controller's engine against fabric8's mock API server (CRUD): MetalLB's pool is read from the
 * cluster, the replica wins the Lease, and one Service of the served class gets the pool's first address.
 */
@EnableKubernetesMockClient(crud = true)
class HostControllerTest {
    static KubernetesClient client;

    private static final ResourceDefinitionContext POOLS = new ResourceDefinitionContext.Builder()
            .withGroup("metallb.io").withVersion("v1beta1").withKind("IPAddressPool").withPlural("ipaddresspools")
            .withNamespaced(true).build();

    @Test
    void servesOneRequestAsLeader() throws Exception {
        GenericKubernetesResource pool = new GenericKubernetesResourceBuilder().withApiVersion("metallb.io/v1beta1")
                .withKind("IPAddressPool").withNewMetadata().withName("extern").withNamespace("metallb-system")
                .endMetadata().withAdditionalProperties(Map.of("spec",
                        Map.of("addresses", List.of("10.10.255.200-10.10.255.250"), "avoidBuggyIPs", true)))
                .build();
        client.genericKubernetesResources(POOLS).inNamespace("metallb-system").resource(pool).create();

        // the mock server has no API discovery: name the provider (a real cluster can leave it out)
        HostController.Settings settings = HostController.Settings.from(Map.of("KUBELB_PROVIDER", "metallb",
                "POD_NAME", "replica-1", "KUBELB_LEASE_NAMESPACE", "kubelb-system"));
        assertThat(settings.loadBalancerClass()).isEqualTo(HostController.DEFAULT_CLASS);
        try (SimulatedAppliance appliance = SimulatedAppliance.start(client);
                // the only deviation from main(): the mock server has no server-side apply
                KubeLb lb = HostController.engine(client, settings, ApplyStrategy.createOrUpdate())) {
            assertThat(lb.provider().name()).isEqualTo("metallb");
            assertThat(lb.configuration().pool("extern")).isPresent();
            lb.start();
            await(lb::isLeader, "leadership");
            assertThat(client.leases().inNamespace("kubelb-system").withName(HostController.LEASE_NAME).get()
                    .getSpec().getHolderIdentity()).isEqualTo("replica-1");

            client.services().resource(service("other", null)).create();           // not our class: ignored
            client.services().resource(service("web", HostController.DEFAULT_CLASS)).create();
            await(() -> ingress("web").isPresent(), "web served");
            assertThat(ingress("web")).contains("10.10.255.200");
            assertThat(lb.allocator().orElseThrow().allocations()).hasSize(1);
            assertThat(ingress("other")).isEmpty();
        }
    }

    @Test
    void workersComeFromTheEnvironmentAndAreChecked() {
        assertThat(HostController.Settings.from(Map.of()).workers()).isEqualTo(2);
        assertThat(HostController.Settings.from(Map.of("KUBELB_WORKERS", "8")).workers()).isEqualTo(8);
        for (String bad : List.of("0", "65", "-1", "four", "")) {
            assertThatThrownBy(() -> HostController.Settings.from(Map.of("KUBELB_WORKERS", bad)))
                    .as(bad).isInstanceOf(dev.kubelb.api.ConfigurationException.class)
                    .hasMessageContaining("KUBELB_WORKERS");
        }
    }

    private static Service service(String name, String cls) {
        return new ServiceBuilder().withNewMetadata().withName(name).withNamespace("tenant-a").endMetadata()
                .withNewSpec().withType("LoadBalancer").withLoadBalancerClass(cls).addNewPort().withName("http")
                .withProtocol("TCP").withPort(80).withNodePort(30080).endPort().endSpec().build();
    }

    private static Optional<String> ingress(String name) {
        Service s = client.services().inNamespace("tenant-a").withName(name).get();
        if (s == null || s.getStatus() == null || s.getStatus().getLoadBalancer() == null
                || s.getStatus().getLoadBalancer().getIngress() == null
                || s.getStatus().getLoadBalancer().getIngress().isEmpty()) {
            return Optional.empty();
        }
        return Optional.ofNullable(s.getStatus().getLoadBalancer().getIngress().get(0).getIp());
    }

    private static void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("timed out waiting for " + what);
    }
}
