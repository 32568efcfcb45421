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
 * @param services the requests whose addresses the prefix covers
 */
public record RouteAnnouncement(String peer, AddressRange prefix, List<Community> communities,
        Optional<Long> localPref, List<LabelSelector> nodeSelectors, List<String> advertisements,
        List<LoadBalancerId> services) {

    /** Copies the lists. */
    public RouteAnnouncement {
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(prefix, "prefix");
        communities = Checks.list(communities, "communities");
        localPref = Checks.opt(localPref, "localPref");
        nodeSelectors = Checks.list(nodeSelectors, "nodeSelectors");
        advertisements = Checks.list(advertisements, "advertisements");
        services = Checks.list(services, "services");
        if (!prefix.isCidr()) {
            throw ConfigurationException.field("prefix", "an announced prefix must be a CIDR, got " + prefix);
        }
    }
}
