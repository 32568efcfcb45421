package dev.kubelb.api;

import java.util.List;

/**
 * How allocated addresses are announced: over BGP ({@link BgpAdvertisement}) or over L2 ARP/NDP
 * ({@link L2Advertisement}).
 */
public sealed interface Advertisement permits BgpAdvertisement, L2Advertisement {

    /**
     * @return the advertisement's name
     */
    String name();

    /**
     * @return pools selected by name
     */
    List<String> pools();

    /**
     * @return pools selected by label; when both {@link #pools()} and this are empty, every pool is
     *     selected (MetalLB's rule)
     */
    List<LabelSelector> poolSelectors();

    /**
     * @return nodes that announce; empty = every node
     */
    List<LabelSelector> nodeSelectors();

    /**
     * @param pool a pool
     * @return whether this advertisement announces the pool's addresses
     */
    default boolean selects(AddressPool pool) {
        if (pools().isEmpty() && poolSelectors().isEmpty()) {
            return true;
        }
        return pools().contains(pool.name()) || poolSelectors().stream().anyMatch(s -> s.matches(pool.labels()));
    }
}
