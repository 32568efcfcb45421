package dev.kubelb.core.internal.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelb.core.crd.KubeLbLoadBalancer;
import dev.kubelb.core.internal.Trees;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The mapping of a tenant Service to KubeLB's LoadBalancer, against what upstream's {@code MapLoadBalancer}
 * gives ({@code internal/kubelb/loadbalancer.go}, {@code loadbalancer_test.go} at kubermatic/kubelb@80d164b).
 */
class LoadBalancerMapperTest {

    static Service service() {
        return new ServiceBuilder().withNewMetadata().withName("web").withNamespace("apps").withUid("3f1c-uid")
                .addToAnnotations("kubectl.kubernetes.io/last-applied-configuration", "{}")
                .addToAnnotations("example.com/team", "blue").endMetadata()
                .withNewSpec().withType("LoadBalancer").withLoadBalancerClass("kubelb")
                .addNewPort().withName("HTTPS").withProtocol("TCP").withPort(443).withNodePort(31443).endPort()
                .addNewPort().withProtocol("UDP").withPort(53).withNodePort(30053).endPort()
                .withExternalTrafficPolicy("Local").withSessionAffinity("ClientIP").endSpec().build();
    }

    @Test
    void mapsAsUpstreamsCcmWithAnAddressesReference() {
        KubeLbLoadBalancer lb = LoadBalancerMapper.map(service(), "tenant-t");
        Map<String, Object> tree = Trees.toMap(lb);
        assertThat(tree).containsEntry("apiVersion", "kubelb.k8c.io/v1alpha1").containsEntry("kind", "LoadBalancer");
        assertThat(lb.getMetadata().getName()).isEqualTo("3f1c-uid");
        assertThat(lb.getMetadata().getNamespace()).isEqualTo("tenant-t");
        assertThat(lb.getMetadata().getLabels()).containsExactlyInAnyOrderEntriesOf(Map.of("kubelb.k8c.io/origin-ns", "apps",
                "kubelb.k8c.io/origin-name", "web", "kubelb.k8c.io/tenant", "tenant-t"));
        assertThat(lb.getMetadata().getAnnotations()).containsExactlyEntriesOf(Map.of("example.com/team", "blue"));
        assertThat(Trees.toMap(lb.getSpec())).isEqualTo(Map.of(
                "ports", java.util.List.of(Map.of("name", "https", "port", 443, "protocol", "TCP"),
                        Map.of("name", "53-udp", "port", 53, "protocol", "UDP")),
                "endpoints", java.util.List.of(Map.of("addressesReference", Map.of("name", "default"),
                        "ports", java.util.List.of(Map.of("name", "https", "port", 31443, "protocol", "TCP"),
                                Map.of("name", "53-udp", "port", 30053, "protocol", "UDP")))),
                "type", "LoadBalancer", "externalTrafficPolicy", "Local", "persistence", Map.of("type", "SourceIP")));
    }

    @Test
    void desiredStateIgnoresWhatTheServerAddsAndSeesWhatWeSet() {
        KubeLbLoadBalancer desired = LoadBalancerMapper.map(service(), "tenant-t");
        KubeLbLoadBalancer actual = Trees.SERIALIZATION.clone(desired);
        actual.getMetadata().setResourceVersion("7");
        actual.getMetadata().getLabels().put("other", "x");
        assertThat(LoadBalancerMapper.inDesiredState(actual, desired)).isTrue();
        actual.getSpec().endpoints.get(0).ports.get(0).port = 31444;
        assertThat(LoadBalancerMapper.inDesiredState(actual, desired)).isFalse();
        actual = Trees.SERIALIZATION.clone(desired);
        actual.getMetadata().getAnnotations().put("example.com/team", "red");
        assertThat(LoadBalancerMapper.inDesiredState(actual, desired)).isFalse();
        // the manager's own keys (our engine's Ready state) are neither compared nor dropped on an update
        actual = Trees.SERIALIZATION.clone(desired);
        actual.getMetadata().getAnnotations().put("kubelb.dev/ready", "{\"status\":\"True\"}");
        assertThat(LoadBalancerMapper.inDesiredState(actual, desired)).isTrue();
        actual.getMetadata().getAnnotations().put("example.com/team", "red");
        assertThat(LoadBalancerMapper.merged(actual, desired)).containsEntry("example.com/team", "blue")
                .containsEntry("kubelb.dev/ready", "{\"status\":\"True\"}");
        Service tenantPinsOurKey = service();
        tenantPinsOurKey.getMetadata().getAnnotations().put("kubelb.dev/ready", "forged");
        assertThat(LoadBalancerMapper.map(tenantPinsOurKey, "tenant-t").getMetadata().getAnnotations())
                .doesNotContainKey("kubelb.dev/ready");
        actual = Trees.SERIALIZATION.clone(desired);
        actual.getSpec().persistence = null;
        assertThat(LoadBalancerMapper.inDesiredState(actual, desired)).isFalse();
    }
}
