package dev.kubelb.provider.metallb;

import dev.kubelb.api.BgpPeer;
import dev.kubelb.api.LabelSelector;
import dev.kubelb.api.Problem;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * MetalLB's rules for BGP peers configured on one node's FRR (internal/config/validation.go
 * {@code checkFRRPeersCompatible}, FRR mode, MetalLB's default): two peers that may select a common node
 * need the same router ID, distinct addresses (or interfaces) within a VRF, and the same {@code myASN}
 * within a VRF. MetalLB decides "may select a common node" with the cluster's Nodes; offline we know no
 * Nodes, so two peers are taken to share a node unless their node selectors cannot both match one node
 * (the same label required with different values, or a value an {@code In}/{@code NotIn} rules out).
 *
 * <p>A duplicate address is an error ({@link ConfigValidator}, using {@link #mayShareNode}); a differing router
 * ID or {@code myASN} is a warning here, because the native backend accepts them and the session does not know
 * which backend the speakers run.
 */
final class FrrPeerRules {
    private FrrPeerRules() {
    }

    /**
     * @param peers the peers, sorted by name
     * @param warnings where warnings are added
     */
    static void check(List<BgpPeer> peers, List<Problem> warnings) {
        for (int i = 0; i < peers.size(); i++) {
            BgpPeer p = peers.get(i);
            String object = "BGPPeer/" + p.name();
            for (int j = 0; j < i; j++) {
                BgpPeer q = peers.get(j);
                if (!mayShareNode(p, q)) {
                    continue;
                }
                if (!p.routerId().equals(q.routerId())) {
                    warnings.add(Problem.of(object, "spec.routerID", "router ID " + p.routerId().orElse("(unset)")
                            + " differs from BGPPeer/" + q.name() + "'s " + q.routerId().orElse("(unset)")
                            + ": MetalLB in FRR mode (its default) refuses peers that may select the same node with "
                            + "different routerIDs"));
                }
                boolean sameVrf = Objects.equals(q.vrf(), p.vrf());
                if (sameVrf && p.myAsn() != q.myAsn()) {
                    warnings.add(Problem.of(object, "spec.myASN", "myASN " + p.myAsn() + " differs from BGPPeer/"
                            + q.name() + "'s " + q.myAsn() + ": MetalLB in FRR mode (its default) refuses peers that may "
                            + "select the same node with different myASNs in one VRF"));
                }
            }
        }
    }

    /** @return whether some node may match both peers' node selectors (no selector: every node) */
    static boolean mayShareNode(BgpPeer p, BgpPeer q) {
        if (p.nodeSelectors().isEmpty() || q.nodeSelectors().isEmpty()) {
            return true;
        }
        for (LabelSelector a : p.nodeSelectors()) {
            for (LabelSelector b : q.nodeSelectors()) {
                if (!disjoint(a, b) && !disjoint(b, a)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** @return whether no label set can match both (decided from a's labels against b's rules) */
    private static boolean disjoint(LabelSelector a, LabelSelector b) {
        for (Map.Entry<String, String> e : a.matchLabels().entrySet()) {
            String other = b.matchLabels().get(e.getKey());
            if (other != null && !other.equals(e.getValue())) {
                return true;
            }
            for (LabelSelector.Requirement r : b.matchExpressions()) {
                if (!r.key().equals(e.getKey())) {
                    continue;
                }
                boolean ruledOut = switch (r.operator()) {
                    case In -> !r.values().contains(e.getValue());
                    case NotIn -> r.values().contains(e.getValue());
                    case DoesNotExist -> true;
                    case Exists -> false;
                };
                if (ruledOut) {
                    return true;
                }
            }
        }
        for (LabelSelector.Requirement r : a.matchExpressions()) {
            for (LabelSelector.Requirement s : b.matchExpressions()) {
                if (r.key().equals(s.key()) && r.operator() == LabelSelector.Operator.In
                        && s.operator() == LabelSelector.Operator.In && r.values().stream()
                                .noneMatch(s.values()::contains)) {
                    return true;
                }
            }
        }
        return false;
    }
}
