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
}
