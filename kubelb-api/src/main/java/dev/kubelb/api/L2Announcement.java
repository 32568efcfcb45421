package dev.kubelb.api;

import java.util.List;
import java.util.Objects;

/**
 * One address announced over L2 (ARP/NDP).
 *
 * @param address the address
 * @param service the request holding it
 * @param advertisement the L2 advertisement causing it
 * @param interfaces interfaces it is announced on; empty = every interface
 * @param nodeSelectors nodes eligible to announce; empty = every node
 */
public record L2Announcement(IpAddress address, LoadBalancerId service, String advertisement,
        List<String> interfaces, List<LabelSelector> nodeSelectors) {

    /** Copies the lists. */
    public L2Announcement {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(advertisement, "advertisement");
        interfaces = Checks.list(interfaces, "interfaces");
        nodeSelectors = Checks.list(nodeSelectors, "nodeSelectors");
    }
}
