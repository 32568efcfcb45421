package dev.kubelb.api;

import java.util.List;

/**
 * Announces the addresses of the selected pools over L2 (ARP for IPv4, NDP for IPv6) from one node at
 * a time (MetalLB {@code L2Advertisement}).
 *
 * @param name the name
 * @param pools pools by name
 * @param poolSelectors pools by label
 * @param nodeSelectors nodes that may announce; empty = every node
 * @param interfaces interfaces to announce from; empty = every interface
 * @param serviceSelectors services announced, by label; empty = every service of the selected pools
 * @param preferredNodeSelectors soft preferences among the nodes that may announce (MetalLB 0.16)
 */
public record L2Advertisement(String name, List<String> pools, List<LabelSelector> poolSelectors,
        List<LabelSelector> nodeSelectors, List<String> interfaces, List<LabelSelector> serviceSelectors,
        List<PreferredNodeSelector> preferredNodeSelectors) implements Advertisement {

    /** Copies the lists. */
    public L2Advertisement {
        Checks.name(name, "name");
        pools = Checks.list(pools, "pools");
        poolSelectors = Checks.list(poolSelectors, "poolSelectors");
        nodeSelectors = Checks.list(nodeSelectors, "nodeSelectors");
        interfaces = Checks.list(interfaces, "interfaces");
        serviceSelectors = Checks.list(serviceSelectors, "serviceSelectors");
        preferredNodeSelectors = Checks.list(preferredNodeSelectors, "preferredNodeSelectors");
    }

    /**
     * An advertisement of every service of the selected pools, without node preferences.
     *
     * @param name the name
     * @param pools pools by name
     * @param poolSelectors pools by label
     * @param nodeSelectors nodes that may announce; empty = every node
     * @param interfaces interfaces to announce from; empty = every interface
     */
    public L2Advertisement(String name, List<String> pools, List<LabelSelector> poolSelectors,
            List<LabelSelector> nodeSelectors, List<String> interfaces) {
        this(name, pools, poolSelectors, nodeSelectors, interfaces, List.of(), List.of());
    }
}
