package dev.kubelb.core;

import java.util.Objects;
import java.util.Optional;

/**
 * What the engine applies to one tenant namespace, as KubeLB's manager resolves it from the tenant's
 * {@code Tenant} and the global {@code Config} ({@code internal/controllers/kubelb/shared.go}
 * {@code GetAnnotations}, {@code loadbalancer_controller.go} {@code shouldReconcile} and the class choice).
 *
 * @param namespace the tenant's namespace in the management cluster ({@code tenant-<name>})
 * @param registered whether a {@code Tenant} registers it (KubeLB's manager serves nothing for an
 *     unregistered namespace)
 * @param disabled whether L4 load balancing is switched off, by the Config or by the Tenant
 * @param loadBalancerClass the class of the management-cluster Service: the Tenant's, else the Config's
 * @param annotationPolicy which annotations propagate, resolved with KubeLB's precedence
 */
public record TenantSettings(String namespace, boolean registered, boolean disabled,
        Optional<String> loadBalancerClass, AnnotationPolicy annotationPolicy) {
    /** Validates non-null. */
    public TenantSettings {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(loadBalancerClass, "loadBalancerClass");
        Objects.requireNonNull(annotationPolicy, "annotationPolicy");
    }

    /** @return whether the engine serves this tenant's load balancers (registered and not disabled) */
    public boolean served() {
        return registered && !disabled;
    }
}
