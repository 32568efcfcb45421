package dev.kubelb.spi;

import java.util.Objects;

/**
 * A Kubernetes resource kind a provider reads or writes (for watches, discovery and pruning).
 *
 * @param group the API group ({@code ""} for core)
 * @param version the version
 * @param kind the kind
 * @param plural the plural resource name
 * @param namespaced whether the kind is namespaced
 */
public record ResourceKind(String group, String version, String kind, String plural, boolean namespaced) {

    /** Validates non-null. */
    public ResourceKind {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(plural, "plural");
    }

    /**
     * @return {@code group/version} or just {@code version} for the core group
     */
    public String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }
}
