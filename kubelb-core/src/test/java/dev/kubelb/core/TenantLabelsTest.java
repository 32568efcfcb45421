package dev.kubelb.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelb.api.ApplianceConfig;
import dev.kubelb.api.LoadBalancerRequest;
import dev.kubelb.api.PortSpec;
import dev.kubelb.api.Protocol;
import dev.kubelb.core.fixtures.TestProvider;
import dev.kubelb.spi.ProviderContext;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TenantLabelsTest {
    @Test
    void theTenantsOwnLabelsAreCopiedAndReservedOnesAreNot() {
        Map<String, String> tenant = new java.util.TreeMap<>(Map.of(
                "tier", "premium",
                "example.com/team", "shop",
                "app.kubernetes.io/name", "shop",
                "app.kubernetes.io/managed-by", "Helm",
                "service.kubernetes.io/service-proxy-name", "elsewhere",
                "kubernetes.io/service-name", "other",
                "node-role.kubernetes.io/control-plane", "",
                "x.k8s.io/y", "z",
                "kubelb.dev/tenant", "someone-else"));
        tenant.put("io.kubernetes.service.name", "forged");
        tenant.put("io.kubernetes.service.namespace", "forged");
        tenant.put("io.cilium.policy", "x");
        tenant.put("kubelbxdev/ok", "yes");
        assertThat(TenantLabels.copied(tenant)).containsOnlyKeys("tier", "example.com/team", "app.kubernetes.io/name",
                "app.kubernetes.io/managed-by", "kubelbxdev/ok");
    }

    @Test
    void theOwnedServiceCarriesThemUnderTheEnginesOwnLabels() {
        LoadBalancerRequest r = LoadBalancerRequest.builder("tenant-a", "shop")
                .port(PortSpec.of("https", Protocol.TCP, 443))
                .labels(Map.of("tier", "premium", "app.kubernetes.io/managed-by", "Helm", "kubelb.dev/request", "web",
                        "service.kubernetes.io/headless", ""))
                .build();
        Planner planner = Planner.builder(new TestProvider().open(ProviderContext.offline("x"))).build();
        HasMetadata svc = planner.renderRequest(ApplianceConfig.builder().build(), r, Optional.empty()).get(0);
        assertThat(svc.getMetadata().getLabels()).containsEntry("tier", "premium")
                .containsEntry("app.kubernetes.io/managed-by", "kubelb").containsEntry("kubelb.dev/request", "shop")
                .containsEntry("kubelb.dev/tenant", "tenant-a").doesNotContainKey("service.kubernetes.io/headless");
    }
}
