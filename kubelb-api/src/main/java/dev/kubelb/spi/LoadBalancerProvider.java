package dev.kubelb.spi;

/**
 * The entry point of an appliance provider, found by {@link java.util.ServiceLoader}. Implementations
 * need a public no-argument constructor that does no I/O.
 *
 * <p>Selection: a provider named explicitly wins; otherwise the one with the highest
 * {@link #priority()} among those whose {@link #supports(ClusterInfo)} is true. A tie is an error.
 */
public interface LoadBalancerProvider {

    /**
     * @return the unique lowercase name ({@code metallb}, {@code cilium}, {@code ccm}, …)
     */
    String name();

    /**
     * @return the namespace the appliance runs in and keeps its namespaced configuration in, unless the host
     *     names another; the engine never serves requests there
     */
    default String defaultNamespace() {
        return "kubelb-system";
    }

    /**
     * @return the priority used when no provider is named; higher wins
     */
    int priority();

    /**
     * @return what the appliance can do
     */
    Capabilities capabilities();

    /**
     * @param cluster what the cluster (or the offline input) offers
     * @return whether this provider can serve it; by default, always
     */
    default boolean supports(ClusterInfo cluster) {
        return true;
    }

    /**
     * Opens a session. Called once per engine; the session is closed with the engine.
     *
     * @param context the client (if any), namespace and options
     * @return the session
     */
    ProviderSession open(ProviderContext context);
}
