package dev.kubelb.provider.ccm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelb.core.ApplyStrategy;
import dev.kubelb.core.KubeLb;
import dev.kubelb.core.SimulatedAppliance;
import dev.kubelb.core.testkit.Clusters;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Delegated allocation through the engine: the request stays pending until the (simulated) cloud
 * controller answers with a host name, which the engine copies back to the tenant's Service.
 */
abstract class KubeLbCcmSuite {
    static KubernetesClient client;

    @Test
    void aHostNameFromTheCloudReachesTheTenantService() throws Exception {
        Clusters.prepare(client, "192.0.2.11", "tenant-a");
        try (SimulatedAppliance cloud = SimulatedAppliance.start(client, true);
                KubeLb lb = KubeLb.builder().client(client).provider("ccm").providerOption("ccm.cloud", "aws")
                        .configuration(dev.kubelb.api.ApplianceConfig.EMPTY)
                        .applyStrategy(ApplyStrategy.createOrUpdate())
                        .retryBackoff(Duration.ofMillis(20), Duration.ofMillis(200)).build().start()) {
            assertThat(cloud).isNotNull();
            client.services().resource(Clusters.tenantService("tenant-a", "web", 80)).create();
            Clusters.await(() -> {
                Service s = client.services().inNamespace("tenant-a").withName("web").get();
                return s.getStatus() != null && s.getStatus().getLoadBalancer() != null
                        && s.getStatus().getLoadBalancer().getIngress() != null
                        && !s.getStatus().getLoadBalancer().getIngress().isEmpty();
            }, "the cloud's answer copied back", Duration.ofSeconds(20));
            Service tenant = client.services().inNamespace("tenant-a").withName("web").get();
            assertThat(tenant.getStatus().getLoadBalancer().getIngress().get(0).getHostname())
                    .endsWith(".elb.simulated.invalid");
            assertThat(tenant.getStatus().getConditions()).extracting(Condition::getType, Condition::getStatus)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("Ready", "True"));
            Service managed = client.services().inNamespace("tenant-a").withName("kubelb-web").get();
            assertThat(managed.getSpec().getLoadBalancerClass()).as("the default cloud controller's Service").isNull();
            assertThat(managed.getMetadata().getAnnotations())
                    .containsEntry("service.beta.kubernetes.io/aws-load-balancer-type", "nlb")
                    .doesNotContainKey("kubelb.dev/addresses");
        }
    }
}
