package dev.kubelb.spi;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a provider session is given.
 *
 * @param client the Kubernetes client of the management cluster; empty when planning offline
 * @param applianceNamespace the namespace the appliance's namespaced resources live in (MetalLB:
 *     {@code metallb-system})
 * @param cluster what the cluster offers
 * @param options provider options given by the host, e.g. {@code cilium.poolVersion=v2alpha1},
 *     {@code ccm.cloud=aws}
 */
public record ProviderContext(Optional<KubernetesClient> client, String applianceNamespace, ClusterInfo cluster,
        Map<String, String> options) {

    /** Copies the options. */
    public ProviderContext {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(applianceNamespace, "applianceNamespace");
        Objects.requireNonNull(cluster, "cluster");
        options = Map.copyOf(options);
    }

    /**
     * @param applianceNamespace the appliance namespace
     * @return an offline context with no options
     */
    public static ProviderContext offline(String applianceNamespace) {
        return new ProviderContext(Optional.empty(), applianceNamespace, ClusterInfo.UNKNOWN, Map.of());
    }

    /**
     * @param key an option key
     * @return the option's value
     */
    public Optional<String> option(String key) {
        return Optional.ofNullable(options.get(key));
    }
}
