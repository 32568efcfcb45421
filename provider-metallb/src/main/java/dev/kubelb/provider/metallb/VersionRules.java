package dev.kubelb.provider.metallb;

import dev.kubelb.api.ApplianceConfig;
import dev.kubelb.api.BgpAdvertisement;
import dev.kubelb.api.BgpPeer;
import dev.kubelb.api.L2Advertisement;
import dev.kubelb.api.Problem;
import java.util.List;

/** Fields a MetalLB version does not have yet are errors naming the version that brings them. */
final class VersionRules {
    private VersionRules() {
    }

    static void check(ApplianceConfig config, MetalLbVersion version, List<Problem> errors) {
        for (BgpPeer p : config.peers()) {
            String object = "BGPPeer/" + p.name();
            require(p.interfaceName().isPresent(), version, 15, object, "spec.interface", errors);
            require(p.dualStackAddressFamily(), version, 15, object, "spec.dualStackAddressFamily", errors);
            require(p.localAsn().isPresent(), version, 16, object, "spec.localASN", errors);
        }
        for (BgpAdvertisement a : config.bgpAdvertisements()) {
            String object = "BGPAdvertisement/" + a.name();
            require(!a.serviceSelectors().isEmpty(), version, 16, object, "spec.serviceSelectors", errors);
            require(a.asPathPrepend().isPresent(), version, 16, object, "spec.asPathPrepend", errors);
        }
        for (L2Advertisement a : config.l2Advertisements()) {
            String object = "L2Advertisement/" + a.name();
            require(!a.serviceSelectors().isEmpty(), version, 16, object, "spec.serviceSelectors", errors);
            require(!a.preferredNodeSelectors().isEmpty(), version, 16, object, "spec.preferredNodeSelectors",
                    errors);
        }
    }

    private static void require(boolean used, MetalLbVersion version, int minor, String object, String field,
            List<Problem> errors) {
        if (used && !version.atLeast(minor, 0)) {
            errors.add(Problem.of(object, field, "requires MetalLB 0." + minor + " or later; option "
                    + MetalLbSession.OPTION_VERSION + " is " + version));
        }
    }
}
