package dev.kubelb.api;

import java.util.Objects;

/**
 * An announcement a node's speaker would make by the configuration alone but withholds.
 *
 * @param service the request whose address it is
 * @param address the address
 * @param node the node that withholds it
 * @param reason why, for a human (no ready endpoint, no local endpoint, node excluded)
 */
public record WithheldAnnouncement(LoadBalancerId service, IpAddress address, String node, String reason) {

    /** Checks the fields. */
    public WithheldAnnouncement {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(reason, "reason");
    }
}
