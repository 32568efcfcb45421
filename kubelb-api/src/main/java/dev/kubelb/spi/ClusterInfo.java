package dev.kubelb.spi;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a cluster (or an offline set of manifests) offers, for {@link LoadBalancerProvider#supports}.
 *
 * @param apiVersions API group versions served, e.g. {@code metallb.io/v1beta1}, {@code cilium.io/v2}
 * @param kinds kinds present as {@code apiVersion/Kind}, e.g. {@code metallb.io/v1beta1/IPAddressPool}
 *     (offline: the kinds of the given manifests; online: the served kinds)
 * @param hints free-form facts, e.g. {@code cloud=aws}
 */
public record ClusterInfo(Set<String> apiVersions, Set<String> kinds, Map<String, String> hints) {

    /** Nothing known. */
    public static final ClusterInfo UNKNOWN = new ClusterInfo(Set.of(), Set.of(), Map.of());

    /** Copies the collections. */
    public ClusterInfo {
        apiVersions = java.util.Collections.unmodifiableSet(new TreeSet<>(apiVersions));
        kinds = java.util.Collections.unmodifiableSet(new TreeSet<>(kinds));
        hints = Map.copyOf(hints);
    }

    /**
     * @param group an API group, e.g. {@code metallb.io}
     * @return whether any version of the group is served
     */
    public boolean servesGroup(String group) {
        return apiVersions.stream().anyMatch(v -> v.startsWith(group + "/"));
    }

    /**
     * @param group an API group, e.g. {@code metallb.io}
     * @return whether the group is served in any version, or any kind of it is present (offline manifests
     *     name kinds, not served versions)
     */
    public boolean offersGroup(String group) {
        return servesGroup(group) || kinds.stream().anyMatch(k -> k.startsWith(group + "/"));
    }

    /**
     * @param apiVersion e.g. {@code cilium.io/v2}
     * @return whether that version is served
     */
    public boolean serves(String apiVersion) {
        return apiVersions.contains(apiVersion);
    }
}
