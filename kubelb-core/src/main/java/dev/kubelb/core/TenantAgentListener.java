package dev.kubelb.core;

import java.util.List;

/**
 * Hooks for the tenant agent's metrics and auditing; every method has an empty default. Called from worker
 * threads; implementations must be thread-safe and fast. {@code service} is {@code namespace/name} in the
 * tenant cluster; {@code loadBalancer} is {@code namespace/name} in the management cluster.
 */
public interface TenantAgentListener {
    /** @param service a tenant Service @param loadBalancer the LoadBalancer written for it (created or updated) */
    default void mirrored(String service, String loadBalancer) {
    }

    /** @param service a tenant Service @param ingress the addresses (IPs or host names) copied to its status */
    default void statusCopied(String service, List<String> ingress) {
    }

    /** @param service a tenant Service whose LoadBalancer was deleted and finalizer removed */
    default void removed(String service) {
    }

    /** @param addresses the tenant's node addresses written to the shared {@code Addresses} object */
    default void addressesWritten(List<String> addresses) {
    }

    /**
     * @param key what failed (a tenant Service, or {@code Addresses})
     * @param message why (e.g. the management cluster refused the write); retried with backoff
     */
    default void failed(String key, String message) {
    }
}
