package dev.kubelb.provider.cilium;

import dev.kubelb.api.ApplianceConfig;
import dev.kubelb.api.BfdProfile;
import dev.kubelb.api.BgpPeer;
import dev.kubelb.api.CommunityAlias;
import dev.kubelb.api.Problem;
import java.util.ArrayList;
import java.util.List;

/**
 * What rendering a neutral configuration (e.g. imported from MetalLB) for Cilium leaves out: settings Cilium has no
 * field for and that {@link CiliumChecks} does not refuse. A migration lists them so that nothing is lost silently.
 */
final class CiliumLosses {
    private CiliumLosses() {
    }

    /**
     * @param config the neutral configuration
     * @return one problem per lost setting, naming the neutral object and field
     */
    static List<Problem> of(ApplianceConfig config) {
        List<Problem> out = new ArrayList<>();
        for (BfdProfile b : config.bfdProfiles()) {
            out.add(Problem.of("BFDProfile/" + b.name(), "", "Cilium's BGP control plane has no BFD: the profile is "
                    + "not rendered"));
        }
        for (CommunityAlias c : config.communityAliases()) {
            out.add(Problem.of("Community/" + c.name(), "", "Cilium has no named communities: the alias is rendered as "
                    + "its value " + c.value().text() + " where it is used"));
        }
        for (BgpPeer p : config.peers()) {
            if (p.disableMp()) {
                out.add(Problem.of("BGPPeer/" + p.name(), "disableMP", "not rendered: Cilium has no such setting"));
            }
            if (p.dynamicAsn().isPresent()) {
                out.add(Problem.of("BGPPeer/" + p.name(), "dynamicASN", "rendered as peerASN 0 (any AS): Cilium does "
                        + "not check that the peer is " + p.dynamicAsn().get().text()));
            }
            if (p.ebgpMultiHop()) {
                out.add(Problem.of("BGPPeer/" + p.name(), "ebgpMultiHop", "rendered as ebgpMultihop "
                        + CiliumRender.MULTIHOP_TTL + " (a TTL; the neutral model has only on/off)"));
            }
        }
        return out;
    }
}
