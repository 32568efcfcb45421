package dev.kubelb.api;

/**
 * A reference to a Kubernetes {@code Secret} holding a credential (a BGP password). The credential
 * itself never enters the model.
 *
 * @param namespace the Secret's namespace; empty = the appliance's namespace
 * @param name the Secret's name
 * @param key the key inside the Secret (MetalLB and Cilium use {@code password})
 */
public record SecretRef(String namespace, String name, String key) {

    /** Validates the name. */
    public SecretRef {
        java.util.Objects.requireNonNull(namespace, "namespace");
        Checks.name(name, "name");
        java.util.Objects.requireNonNull(key, "key");
        if (key.isEmpty()) {
            throw ConfigurationException.field("key", "must not be empty");
        }
    }
}
