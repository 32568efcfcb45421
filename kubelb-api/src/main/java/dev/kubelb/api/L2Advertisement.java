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
 */
public record L2Advertisement(String name, List<String> pools, List<LabelSelector> poolSelectors,
        List<LabelSelector> nodeSelectors, List<String> interfaces) implements Advertisement {

    /** Copies the lists. */
    public L2Advertisement {
        Checks.name(name, "name");
        pools = Checks.list(pools, "pools");
        poolSelectors = Checks.list(poolSelectors, "poolSelectors");
        nodeSelectors = Checks.list(nodeSelectors, "nodeSelectors");
        interfaces = Checks.list(interfaces, "interfaces");
    }
}
