package dev.kubelb.spi;

import dev.kubelb.api.AdvertisementPreview;
import dev.kubelb.api.ApplianceConfig;
import java.util.List;

/**
 * Computes what the appliance announces for the current allocations, following the appliance's own
 * semantics (aggregation, community merging, local preference).
 */
public interface RouteAdvertiser {

    /**
     * @param config the configuration
     * @param assignments the current assignments
     * @return which prefixes each peer receives with which attributes, and L2 announcements
     */
    AdvertisementPreview advertisements(ApplianceConfig config, List<Assignment> assignments);

    /**
     * Like {@link #advertisements(ApplianceConfig, List)} knowing the cluster's nodes: which nodes announce each route
     * and which withhold it, and why (an appliance that announces from every node whatever the endpoints need not
     * override this).
     *
     * @param config the configuration
     * @param assignments the current assignments (their requests' back ends and traffic policy count)
     * @param nodes the nodes the appliance's speakers run on
     * @return the preview, with {@link dev.kubelb.api.RouteAnnouncement#nodes()} and
     *     {@link AdvertisementPreview#withheld()}
     */
    default AdvertisementPreview advertisements(ApplianceConfig config, List<Assignment> assignments,
            List<dev.kubelb.api.ClusterNode> nodes) {
        return advertisements(config, assignments);
    }
}
