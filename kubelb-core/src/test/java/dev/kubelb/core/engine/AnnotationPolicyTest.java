package dev.kubelb.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelb.core.AnnotationPolicy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnnotationPolicyTest {
    static final Map<String, String> TENANT = Map.of(
            "service.beta.kubernetes.io/aws-load-balancer-internal", "true",
            "example.com/tier", "gold",
            "example.com/secret", "s3cr3t",
            "metallb.io/address-pool", "stolen",
            "kubelb.dev/addresses", "10.0.0.1");

    @Test
    void onlyAllowListedKeysWithAllowedValuesPropagate() {
        AnnotationPolicy p = new AnnotationPolicy(Map.of("example.com/*", "gold,silver",
                "service.beta.kubernetes.io/aws-*", ""), false, List.of(), Map.of());
        assertThat(p.apply(TENANT)).containsOnlyKeys("example.com/tier",
                "service.beta.kubernetes.io/aws-load-balancer-internal");
        AnnotationPolicy bronze = new AnnotationPolicy(Map.of("example.com/tier", "bronze"), false, List.of(), Map.of());
        assertThat(bronze.apply(TENANT)).isEmpty();
    }

    @Test
    void deniedAlwaysWinsEvenOverPropagateAll() {
        AnnotationPolicy p = new AnnotationPolicy(Map.of(), true, List.of("example.com/sec*"), Map.of());
        assertThat(p.apply(TENANT)).containsOnlyKeys("example.com/tier",
                "service.beta.kubernetes.io/aws-load-balancer-internal");
    }

    @Test
    void applianceAndKubelbKeysNeverPropagate() {
        AnnotationPolicy all = new AnnotationPolicy(Map.of("*", ""), true, List.of(), Map.of("kubelb.dev/pool", "x"));
        assertThat(all.apply(TENANT)).doesNotContainKeys("metallb.io/address-pool", "kubelb.dev/addresses",
                "kubelb.dev/pool");
    }

    @Test
    void defaultsAreAddedWhenAbsentOnly() {
        AnnotationPolicy p = new AnnotationPolicy(Map.of("example.com/*", ""), false, List.of(),
                Map.of("example.com/tier", "bronze", "example.com/owner", "platform"));
        assertThat(p.apply(TENANT)).containsEntry("example.com/tier", "gold")
                .containsEntry("example.com/owner", "platform");
    }

    @Test
    void aTenantPolicyOverridesWholesaleOnlyWhenItSetsAPropagateField() {
        AnnotationPolicy global = new AnnotationPolicy(Map.of("example.com/*", ""), false, List.of(), Map.of());
        AnnotationPolicy onlyDefaults = new AnnotationPolicy(Map.of(), false, List.of(), Map.of("a", "b"));
        AnnotationPolicy tenant = new AnnotationPolicy(Map.of(), true, List.of(), Map.of());
        assertThat(global.overriddenBy(onlyDefaults)).isSameAs(global);
        assertThat(global.overriddenBy(tenant)).isSameAs(tenant);
    }
}
