package dev.kubelb.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelb.core.crd.KubeLbAnnotationSettings;
import dev.kubelb.core.internal.Trees;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Tenant over Config, as upstream resolves it ({@code internal/controllers/kubelb/shared.go} {@code GetAnnotations},
 * its {@code shared_test.go}, and {@code internal/kubelb/utils.go} {@code mergeDefaultAnnotations}).
 */
class KubeLbTenantsTest {

    static KubeLbAnnotationSettings yaml(String s) {
        return Trees.SERIALIZATION.unmarshal(s, KubeLbAnnotationSettings.class);
    }

    static final KubeLbAnnotationSettings CONFIG = yaml("""
            propagatedAnnotations: {"metallb.universe.tf/*": "", "example.com/tier": "gold,silver"}
            deniedAnnotations: ["example.com/secret*"]
            defaultAnnotations:
              all: {example.com/owner: platform, example.com/zone: a}
              service: {example.com/zone: b}
            loadBalancer: {class: metallb.io/bgp}
            """);

    @Test
    void noTenantSettingsMeansTheConfigs() {
        TenantSettings s = KubeLbTenants.resolve("tenant-t", Optional.of(new KubeLbAnnotationSettings()), true, Optional.of(CONFIG));
        assertThat(s.served()).isTrue();
        assertThat(s.loadBalancerClass()).contains("metallb.io/bgp");
        assertThat(s.annotationPolicy().apply(Map.of("example.com/tier", "gold", "example.com/secret-x", "1",
                "example.com/other", "x", "example.com/tier2", "gold")))
                .containsExactlyInAnyOrderEntriesOf(Map.of("example.com/tier", "gold", "example.com/owner", "platform",
                        "example.com/zone", "b"));
        assertThat(s.annotationPolicy().apply(Map.of("example.com/tier", "bronze"))).doesNotContainKey("example.com/tier");
    }

    @Test
    void aTenantSettingEitherPropagateFieldOwnsThePolicyDeniedAndDefaultsAreSeparate() {
        KubeLbAnnotationSettings t = yaml("""
                propagateAllAnnotations: false
                loadBalancer: {class: cilium, disable: false}
                """);
        TenantSettings s = KubeLbTenants.resolve("tenant-t", Optional.of(t), true, Optional.of(CONFIG));
        assertThat(s.annotationPolicy().propagated()).isEmpty();
        assertThat(s.annotationPolicy().propagateAll()).isFalse();
        assertThat(s.annotationPolicy().denied()).containsExactly("example.com/secret*");
        assertThat(s.loadBalancerClass()).contains("cilium");

        KubeLbAnnotationSettings all = yaml("""
                propagateAllAnnotations: true
                deniedAnnotations: []
                defaultAnnotations: {}
                """);
        TenantSettings s2 = KubeLbTenants.resolve("tenant-t", Optional.of(all), true, Optional.of(CONFIG));
        assertThat(s2.annotationPolicy().apply(Map.of("example.com/secret-x", "1")))
                .containsExactlyEntriesOf(Map.of("example.com/secret-x", "1"));
    }

    @Test
    void disableFromEitherSideAndUnregisteredTenants() {
        KubeLbAnnotationSettings off = yaml("loadBalancer: {disable: true}");
        assertThat(KubeLbTenants.resolve("tenant-t", Optional.of(off), true, Optional.of(CONFIG)).served()).isFalse();
        assertThat(KubeLbTenants.resolve("tenant-t", Optional.empty(), true, Optional.of(off)).served()).isFalse();
        TenantSettings none = KubeLbTenants.resolve("tenant-x", Optional.empty(), false, Optional.empty());
        assertThat(none.registered()).isFalse();
        assertThat(none.served()).isFalse();
        assertThat(none.loadBalancerClass()).isEmpty();
        assertThat(none.annotationPolicy()).isEqualTo(new AnnotationPolicy(Map.of(), false, List.of(), Map.of()));
        assertThat(KubeLbTenants.tenantName("tenant-east")).isEqualTo("east");
        assertThat(KubeLbTenants.tenantName("east")).isEqualTo("east");
    }
}
