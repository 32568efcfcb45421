package dev.kubelb.provider.metallb;

import dev.kubelb.api.LabelSelector;
import java.util.List;
import java.util.Optional;

/** Exposes the advertiser's node-selector conjunction to tests in this package. */
final class AdvertiserTestSupport {
    private AdvertiserTestSupport() {
    }

    static Optional<List<LabelSelector>> nodes(List<LabelSelector> advertisement, List<LabelSelector> peer) {
        return MetalLbAdvertiser.nodes(advertisement, peer);
    }
}
