package dev.kubelb.provider.metallb;

import dev.kubelb.api.ApplianceConfig;
import dev.kubelb.api.BgpAdvertisement;
import dev.kubelb.api.Problem;
import java.util.Comparator;
import java.util.List;

/**
 * What only MetalLB's frr-k8s backend serves: BGPAdvertisement {@code asPathPrepend} (0.16). With
 * {@code METALLB_BGP_TYPE=frr} (MetalLB's default) or {@code native}, MetalLB's speakers refuse the whole configuration
 * for it ({@code internal/config/validation.go ValidationFor}, {@code DiscardFRRK8sOnly}: "asPathPrepend is only
 * supported by the frr-k8s backend", v0.16.2) and announce nothing, over BGP or L2; its controller, which reads the
 * pools only, still gives addresses (seen against the real v0.16.2 in {@code MetalLbFrrRefusalRealApiIT}).
 */
final class FrrK8sOnlyRules {
    private FrrK8sOnlyRules() {
    }

    /**
     * @param config a configuration
     * @param backend the backend's name as {@code METALLB_BGP_TYPE} gives it ({@code frr}, {@code native})
     * @return one problem per advertisement setting {@code asPathPrepend}, sorted by name; empty when none
     */
    static List<Problem> refusals(ApplianceConfig config, String backend) {
        return config.bgpAdvertisements().stream().filter(a -> a.asPathPrepend().isPresent())
                .sorted(Comparator.comparing(BgpAdvertisement::name))
                .map(a -> Problem.of("BGPAdvertisement/" + a.name(), "spec.asPathPrepend", "MetalLB's " + backend
                        + " BGP backend refuses asPathPrepend, which only its frr-k8s backend serves; its speakers would "
                        + "then refuse the whole configuration and announce nothing (its controller still gives "
                        + "addresses)"))
                .toList();
    }
}
