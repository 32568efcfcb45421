package dev.kubelb.provider.cilium;

import static dev.kubelb.provider.cilium.CiliumNames.*;

import dev.kubelb.api.AddressPool;
import dev.kubelb.api.ApplianceConfig;
import dev.kubelb.api.BgpAdvertisement;
import dev.kubelb.api.BgpPeer;
import dev.kubelb.api.Community;
import dev.kubelb.api.DynamicAsn;
import dev.kubelb.api.IpAddress;
import dev.kubelb.api.IpFamily;
import dev.kubelb.api.L2Advertisement;
import dev.kubelb.api.LoadBalancerId;
import dev.kubelb.api.PoolScope;
import dev.kubelb.api.Problem;
import dev.kubelb.api.TrafficPolicy;
import dev.kubelb.api.ValidationReport;
import dev.kubelb.spi.Assignment;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Validation of a neutral configuration against what Cilium accepts and does. */
final class CiliumChecks {
    private CiliumChecks() {
    }

    static String poolObj(String name) {
        return POOL + "/" + name;
    }

    private static void timer(List<Problem> errors, String obj, String field, String ciliumField, java.time.Duration d,
            long min, long max) {
        if (d.isNegative() || d.toSeconds() < min || d.toSeconds() > max || d.toNanos() % 1_000_000_000L != 0) {
            errors.add(Problem.of(obj, field, "Cilium's spec.timers." + ciliumField + " takes whole seconds from " + min
                    + " to " + max + ", got " + d));
        }
    }

    static ValidationReport validate(ApplianceConfig config) {
        List<Problem> errors = new ArrayList<>();
        List<Problem> warnings = new ArrayList<>();
        List<AddressPool> pools = config.pools();
        // overlapping blocks across pools: Cilium disables the newer pool silently; we refuse
        for (int i = 0; i < pools.size(); i++) {
            AddressPool a = pools.get(i);
            for (int j = i + 1; j < pools.size(); j++) {
                AddressPool b = pools.get(j);
                for (int rb = 0; rb < b.ranges().size(); rb++) {
                    for (int ra = 0; ra < a.ranges().size(); ra++) {
                        if (a.ranges().get(ra).overlaps(b.ranges().get(rb))) {
                            errors.add(Problem.of(poolObj(b.name()), "spec.blocks[" + rb + "]", "'" + b.ranges().get(rb)
                                    + "' overlaps '" + a.ranges().get(ra) + "' of " + poolObj(a.name()) + " (spec.blocks["
                                    + ra + "]); Cilium would disable the newer pool (cilium.io/PoolConflict)"));
                        }
                    }
                }
            }
        }
        for (AddressPool p : pools) {
            String obj = poolObj(p.name());
            if (p.scope().isPresent()) {
                PoolScope s = p.scope().get();
                if (!s.tenantSelectors().isEmpty()) {
                    errors.add(Problem.of(obj, "spec.serviceSelector", "Cilium pools cannot select tenants by namespace "
                            + "labels; list the tenants by name"));
                }
                if (s.serviceSelectors().size() > 1) {
                    errors.add(Problem.of(obj, "spec.serviceSelector", "Cilium pools take one service selector, got "
                            + s.serviceSelectors().size()));
                }
                for (var sel : s.serviceSelectors()) {
                    if (sel.matchLabels().containsKey(LABEL_TENANT) || sel.matchLabels().containsKey(LABEL_POOL)) {
                        errors.add(Problem.of(obj, "spec.serviceSelector", "labels " + LABEL_TENANT + " and " + LABEL_POOL
                                + " are set by kubelb and cannot be selected on"));
                    }
                }
            }
            if (p.avoidBuggyIps()) {
                warnings.add(Problem.of(obj, "spec.allowFirstLastIPs", "Cilium cannot express avoidBuggyIPs "
                        + "(allowFirstLastIPs: No drops the first and last address of each CIDR block, not .0 and .255): "
                        + "kubelb skips .0 and .255 itself as it pins every address, and keeps the setting in the "
                        + "annotation " + ANN_AVOID_BUGGY_IPS));
            }
            boolean bgp = config.bgpAdvertisements().stream().anyMatch(a -> a.selects(p));
            boolean l2 = config.l2Advertisements().stream().anyMatch(a -> a.selects(p));
            if (!bgp && !l2) {
                warnings.add(Problem.of(obj, "", "no advertisement selects this pool: its addresses are allocated but "
                        + "never announced"));
            }
            if (bgp && l2) {
                warnings.add(Problem.of(obj, "", "advertised over BGP and L2: its Services get class " + CLASS_BGP
                        + ", which Cilium's L2 announcer skips"));
            }
        }
        for (BgpAdvertisement ad : config.bgpAdvertisements()) {
            String obj = ADVERTISEMENT + "/" + ad.name();
            advertisementChecks(config, ad.name(), ad.pools(), ad.poolSelectors().isEmpty(),
                    CiliumRender.selectedPools(ad, config).isEmpty(), obj, "spec.advertisements[0].selector", errors,
                    warnings);
            if (!ad.nodeSelectors().isEmpty()) {
                errors.add(Problem.of(obj, "nodeSelectors", "Cilium advertisements have no node selector; put the node "
                        + "selector on the peers (CiliumBGPClusterConfig.spec.nodeSelector)"));
            }
            if (ad.aggregationLength() != 32 && ad.aggregationLength() > 31) {
                errors.add(Problem.of(obj, "spec.advertisements[0].service.aggregationLengthIPv4", "must be at most 31"));
            }
            if (ad.aggregationLengthV6() != 128 && ad.aggregationLengthV6() > 127) {
                errors.add(Problem.of(obj, "spec.advertisements[0].service.aggregationLengthIPv6", "must be at most 127"));
            }
            Map<String, Community> aliases = config.aliasMap();
            for (int i = 0; i < ad.communities().size(); i++) {
                if (ad.communities().get(i) instanceof Community.Alias a && a.resolve(aliases).isEmpty()) {
                    errors.add(Problem.of(obj, "communities[" + i + "]", "community alias '" + a.name()
                            + "' is not defined"));
                }
            }
            for (String peer : ad.peers()) {
                if (config.peer(peer).isEmpty()) {
                    errors.add(Problem.of(obj, "peers", "peer '" + peer + "' does not exist"));
                }
            }
            if (ad.name().length() > 63) {
                errors.add(Problem.of(obj, "metadata.name", "at most 63 characters: it is the value of label "
                        + LABEL_ADVERTISEMENT));
            }
        }
        for (L2Advertisement l2 : config.l2Advertisements()) {
            String obj = L2_POLICY + "/" + l2.name();
            advertisementChecks(config, l2.name(), l2.pools(), l2.poolSelectors().isEmpty(),
                    CiliumRender.selectedPools(l2, config).isEmpty(), obj, "spec.serviceSelector", errors, warnings);
            if (l2.nodeSelectors().size() > 1) {
                errors.add(Problem.of(obj, "spec.nodeSelector", "Cilium takes one node selector, got "
                        + l2.nodeSelectors().size()));
            }
            for (AddressPool p : pools) {
                if (l2.selects(p) && p.hasFamily(IpFamily.IPV6)) {
                    warnings.add(Problem.of(obj, "spec.serviceSelector", "pool '" + p.name() + "' has IPv6 blocks but "
                            + "Cilium's L2 announcements do not answer NDP: its IPv6 addresses are not announced"));
                }
            }
        }
        for (BgpPeer p : config.peers()) {
            String obj = "BGPPeer/" + p.name();
            if (p.password().isPresent()) {
                errors.add(Problem.of(obj, "password", "Cilium reads BGP passwords only from a Secret: use passwordSecret"));
            }
            p.passwordSecret().ifPresent(s -> {
                if (!s.key().equals("password")) {
                    errors.add(Problem.of(obj, "passwordSecret.key", "Cilium reads the key 'password', got '" + s.key() + "'"));
                }
                if (!s.namespace().isEmpty()) {
                    warnings.add(Problem.of(obj, "passwordSecret.namespace", "Cilium reads the Secret from its BGP "
                            + "secrets namespace (kube-system by default), not from '" + s.namespace() + "'"));
                }
            });
            if (p.bfdProfile().isPresent()) {
                errors.add(Problem.of(obj, "bfdProfile", "Cilium's BGP control plane does not support BFD"));
            }
            if (p.vrf().isPresent()) {
                errors.add(Problem.of(obj, "vrf", "Cilium's BGP control plane does not support VRFs"));
            }
            if (p.routerId().isPresent()) {
                errors.add(Problem.of(obj, "routerID", "Cilium sets the router id per node (CiliumBGPNodeConfigOverride), "
                        + "which kubelb does not render"));
            }
            if (p.sourceAddress().isPresent()) {
                errors.add(Problem.of(obj, "sourceAddress", "Cilium sets the local address per node "
                        + "(CiliumBGPNodeConfigOverride), which kubelb does not render"));
            }
            if (p.nodeSelectors().size() > 1) {
                errors.add(Problem.of(obj, "nodeSelectors", "Cilium takes one node selector per CiliumBGPClusterConfig, got "
                        + p.nodeSelectors().size()));
            }
            // CiliumBGPPeerConfig spec.timers bounds (Cilium 1.18.4 CRD): a neutral peer outside them renders an
            // object the API server refuses
            p.holdTime().ifPresent(d -> timer(errors, obj, "holdTime", "holdTimeSeconds", d, 3, 65535));
            p.keepaliveTime().ifPresent(d -> timer(errors, obj, "keepaliveTime", "keepAliveTimeSeconds", d, 1, 65535));
            p.connectTime().ifPresent(d -> timer(errors, obj, "connectTime", "connectRetryTimeSeconds", d, 1,
                    Integer.MAX_VALUE));
            if (p.disableMp()) {
                warnings.add(Problem.of(obj, "disableMP", "ignored by Cilium"));
            }
            if (p.dynamicAsn().isPresent()) {
                warnings.add(Problem.of(obj, "dynamicASN", "Cilium learns the peer AS from its OPEN message and does not "
                        + "check that it is " + p.dynamicAsn().get().text()
                        + (p.dynamicAsn().get() == DynamicAsn.INTERNAL ? "; imported back it reads as external" : "")));
            }
            boolean receives = config.bgpAdvertisements().stream()
                    .anyMatch(a -> a.peers().isEmpty() || a.peers().contains(p.name()));
            if (!receives) {
                warnings.add(Problem.of(obj, "", "no BGP advertisement targets this peer: it receives no route"));
            }
        }
        return new ValidationReport(errors, warnings);
    }

    private static void advertisementChecks(ApplianceConfig config, String name, List<String> pools, boolean noSelectors,
            boolean selectsNothing, String obj, String field, List<Problem> errors, List<Problem> warnings) {
        for (String p : pools) {
            if (config.pool(p).isEmpty()) {
                warnings.add(Problem.of(obj, field, "names pool '" + p + "', which does not exist"));
            }
        }
        if (selectsNothing && !(pools.isEmpty() && noSelectors)) {
            warnings.add(Problem.of(obj, field, "selects no pool: Cilium announces nothing for it"));
        }
    }

    /** Per-service findings that are not refusals: what Cilium will do differently from what one may expect. */
    static List<Problem> serviceWarnings(ApplianceConfig config, List<Assignment> assignments) {
        List<Problem> out = new ArrayList<>();
        for (Assignment a : assignments.stream().sorted(Comparator.comparing(x -> x.request().id())).toList()) {
            LoadBalancerId id = a.request().id();
            Optional<AddressPool> pool = config.pool(a.allocation().pool());
            if (pool.isEmpty()) {
                continue;
            }
            String cls = CiliumRender.loadBalancerClass(pool, config);
            if (cls.equals(CLASS_L2) && a.request().trafficPolicy() == TrafficPolicy.LOCAL) {
                out.add(Problem.of("Service/" + id, "spec.externalTrafficPolicy", "Local is not supported by Cilium's L2 "
                        + "announcements: the address may be announced from a node without a local endpoint and traffic "
                        + "is dropped; use Cluster"));
            }
            if (cls.equals(CLASS_L2)) {
                for (IpAddress ip : a.allocation().addresses()) {
                    if (ip.family() == IpFamily.IPV6) {
                        out.add(Problem.of("Service/" + id, "status.loadBalancer.ingress", ip + " is IPv6 and Cilium's L2 "
                                + "announcements do not answer NDP: it is not reachable"));
                    }
                }
            }
        }
        return out;
    }
}
