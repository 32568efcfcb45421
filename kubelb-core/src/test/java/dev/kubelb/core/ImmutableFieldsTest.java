package dev.kubelb.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import org.junit.jupiter.api.Test;

class ImmutableFieldsTest {
    private static Service svc(String type, String cls) {
        return new ServiceBuilder().withNewMetadata().withName("kubelb-web").endMetadata().withNewSpec()
                .withType(type).withLoadBalancerClass(cls).endSpec().build();
    }

    @Test
    void aLoadBalancerServicesClassCannotChangeInPlace() {
        assertThat(Applier.immutableFieldChanges(svc("LoadBalancer", "a"), svc("LoadBalancer", "b"))).isTrue();
        assertThat(Applier.immutableFieldChanges(svc("LoadBalancer", null), svc("LoadBalancer", "b"))).isTrue();
        assertThat(Applier.immutableFieldChanges(svc("LoadBalancer", "a"), svc("LoadBalancer", null))).isTrue();
    }

    @Test
    void everythingElseIsAppliedInPlace() {
        assertThat(Applier.immutableFieldChanges(svc("LoadBalancer", "a"), svc("LoadBalancer", "a"))).isFalse();
        assertThat(Applier.immutableFieldChanges(svc("ClusterIP", null), svc("LoadBalancer", "b")))
                .as("the class may be set when the type becomes LoadBalancer").isFalse();
        assertThat(Applier.immutableFieldChanges(null, svc("LoadBalancer", "b"))).isFalse();
        var cm = new ConfigMapBuilder().withNewMetadata().withName("x").endMetadata().build();
        assertThat(Applier.immutableFieldChanges(cm, cm)).isFalse();
    }
}
