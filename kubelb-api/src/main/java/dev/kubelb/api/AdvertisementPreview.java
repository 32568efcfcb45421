package dev.kubelb.api;

import java.util.List;

/**
 * What the appliance will announce for the current allocations: BGP routes per peer and L2
 * announcements, plus warnings such as addresses that nothing announces.
 *
 * @param routes BGP announcements, sorted by peer then prefix
 * @param l2 L2 announcements, sorted by address
 * @param warnings things an operator should know (e.g. an allocated address no advertisement covers)
 * @param withheld announcements nodes withhold (no ready endpoint, no local endpoint, node excluded); empty when the
 *     preview was made without the cluster's nodes
 */
public record AdvertisementPreview(List<RouteAnnouncement> routes, List<L2Announcement> l2, List<Problem> warnings,
        List<WithheldAnnouncement> withheld) {

    /** Copies the lists. */
    public AdvertisementPreview {
        routes = Checks.list(routes, "routes");
        l2 = Checks.list(l2, "l2");
        warnings = Checks.list(warnings, "warnings");
        withheld = Checks.list(withheld, "withheld");
    }

    /**
     * A preview made without the cluster's nodes.
     *
     * @param routes BGP announcements
     * @param l2 L2 announcements
     * @param warnings things an operator should know
     */
    public AdvertisementPreview(List<RouteAnnouncement> routes, List<L2Announcement> l2, List<Problem> warnings) {
        this(routes, l2, warnings, List.of());
    }

    /**
     * @param peer a peer name
     * @return the routes that peer receives
     */
    public List<RouteAnnouncement> routesFor(String peer) {
        return routes.stream().filter(r -> r.peer().equals(peer)).toList();
    }
}
