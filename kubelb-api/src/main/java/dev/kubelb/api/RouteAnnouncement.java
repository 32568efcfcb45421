package dev.kubelb.api;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One prefix one BGP peer receives, with its attributes: the answer to "what will my router see?".
 *
 * @param peer the peer's name
 * @param prefix the announced prefix (a CIDR: an address as /32 or /128, or an aggregate)
 * @param communities communities attached (aliases resolved), sorted and without duplicates
 * @param localPref LOCAL_PREF (present only towards iBGP peers)
 * @param nodeSelectors nodes that announce the prefix; empty = every node
 * @param advertisements the advertisements that cause the announcement, by name
 * @param services the requests whose addresses the prefix covers (for an aggregate: every request it covers)
 * @param nodes the nodes whose speakers announce it, by name (each announces the prefix itself, its own address
 *     as next hop); empty when the preview was made without the cluster's nodes
 */
public record RouteAnnouncement(String peer, AddressRange prefix, List<Community> communities,
        Optional<Long> localPref, List<LabelSelector> nodeSelectors, List<String> advertisements,
        List<LoadBalancerId> services, List<String> nodes) {

    /**
     * An announcement made without knowing the cluster's nodes.
     *
     * @param peer the peer's name
     * @param prefix the announced prefix
     * @param communities communities attached
     * @param localPref LOCAL_PREF
     * @param nodeSelectors nodes that announce the prefix; empty = every node
     * @param advertisements the advertisements that cause the announcement
     * @param services the requests whose addresses the prefix covers
     */
    public RouteAnnouncement(String peer, AddressRange prefix, List<Community> communities, Optional<Long> localPref,
            List<LabelSelector> nodeSelectors, List<String> advertisements, List<LoadBalancerId> services) {
        this(peer, prefix, communities, localPref, nodeSelectors, advertisements, services, List.of());
    }

    /** Copies the lists. */
    public RouteAnnouncement {
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(prefix, "prefix");
        communities = Checks.list(communities, "communities");
        localPref = Checks.opt(localPref, "localPref");
        nodeSelectors = Checks.list(nodeSelectors, "nodeSelectors");
        advertisements = Checks.list(advertisements, "advertisements");
        services = Checks.list(services, "services");
        nodes = Checks.list(nodes, "nodes");
        if (!prefix.isCidr()) {
            throw ConfigurationException.field("prefix", "an announced prefix must be a CIDR, got " + prefix);
        }
    }
}
