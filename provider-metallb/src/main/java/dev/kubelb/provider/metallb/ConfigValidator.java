package dev.kubelb.provider.metallb;

import dev.kubelb.api.AddressPool;
import dev.kubelb.api.AddressRange;
import dev.kubelb.api.Advertisement;
import dev.kubelb.api.ApplianceConfig;
import dev.kubelb.api.BfdProfile;
import dev.kubelb.api.BgpAdvertisement;
import dev.kubelb.api.BgpPeer;
import dev.kubelb.api.CommunityAlias;
import dev.kubelb.api.IpFamily;
import dev.kubelb.api.Problem;
import dev.kubelb.api.ValidationReport;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * MetalLB's admission rules on a neutral configuration, plus warnings for the classic mistakes. Errors
 * and warnings name the MetalLB object ({@code Kind/name}) and the field.
 */
final class ConfigValidator {
    private final String communityName;
    private final MetalLbVersion version;

    ConfigValidator(String communityName, MetalLbVersion version) {
        this.communityName = communityName;
        this.version = version;
    }

    ValidationReport validate(ApplianceConfig config) {
        List<Problem> errors = new ArrayList<>();
        List<Problem> warnings = new ArrayList<>();
        List<AddressPool> pools = config.pools().stream().sorted(Comparator.comparing(AddressPool::name)).toList();
        List<BgpPeer> peers = config.peers().stream().sorted(Comparator.comparing(BgpPeer::name)).toList();
        List<BgpAdvertisement> bgp = config.bgpAdvertisements().stream()
                .sorted(Comparator.comparing(BgpAdvertisement::name)).toList();
        List<dev.kubelb.api.L2Advertisement> l2 = config.l2Advertisements().stream()
                .sorted(Comparator.comparing(dev.kubelb.api.L2Advertisement::name)).toList();
        Set<String> poolNames = pools.stream().map(AddressPool::name).collect(Collectors.toSet());
        Set<String> peerNames = peers.stream().map(BgpPeer::name).collect(Collectors.toSet());
        Set<String> bfdNames = config.bfdProfiles().stream().map(BfdProfile::name).collect(Collectors.toSet());
        Map<String, dev.kubelb.api.Community> aliases = config.aliasMap();

        pools(pools, errors);
        aliases(config.communityAliases(), errors);
        for (BgpAdvertisement a : bgp) {
            String object = "BGPAdvertisement/" + a.name();
            missingPools(a, object, poolNames, warnings);
            for (int i = 0; i < a.peers().size(); i++) {
                if (!peerNames.contains(a.peers().get(i))) {
                    warnings.add(Problem.of(object, "spec.peers[" + i + "]", "BGPPeer '" + a.peers().get(i)
                            + "' does not exist: no session receives these routes through it"));
                }
            }
            for (int i = 0; i < a.communities().size(); i++) {
                if (a.communities().get(i) instanceof dev.kubelb.api.Community.Alias alias
                        && !aliases.containsKey(alias.name())) {
                    errors.add(Problem.of(object, "spec.communities[" + i + "]", "community alias '" + alias.name()
                            + "' is not defined by any Community"));
                }
            }
            if (!a.serviceSelectors().isEmpty() && a.aggregationLength() != 32) {
                errors.add(Problem.of(object, "spec.aggregationLength", "serviceSelectors and aggregationLength are "
                        + "mutually exclusive: services can only be selected with the default /32"));
            }
            if (!a.serviceSelectors().isEmpty() && a.aggregationLengthV6() != 128) {
                errors.add(Problem.of(object, "spec.aggregationLengthV6", "serviceSelectors and aggregationLengthV6 "
                        + "are mutually exclusive: services can only be selected with the default /128"));
            }
            if (a.aggregationLength() < 1) {
                errors.add(Problem.of(object, "spec.aggregationLength", "invalid aggregation length "
                        + a.aggregationLength() + " for IPv4: must be between 1 and 32"));
            }
            for (AddressPool p : pools) {
                if (a.selects(p)) {
                    aggregation(a, object, p, errors);
                }
            }
        }
        localPreferences(bgp, pools, errors);
        bfdEcho(bgp, pools, peers, config.bfdProfiles(), errors);
        for (dev.kubelb.api.L2Advertisement a : l2) {
            missingPools(a, "L2Advertisement/" + a.name(), poolNames, warnings);
        }
        peers(peers, bfdNames, errors);
        FrrPeerRules.check(peers, warnings);
        VersionRules.check(config, version, errors);

        // warnings
        for (AddressPool p : pools) {
            boolean announced = config.advertisements().stream().anyMatch(a -> a.selects(p));
            if (!announced) {
                warnings.add(Problem.of("IPAddressPool/" + p.name(), "", "no BGPAdvertisement or L2Advertisement "
                        + "selects this pool: its addresses are allocated but never announced"));
            }
        }
        List<Advertisement> ads = new ArrayList<>(bgp);
        ads.addAll(l2);
        for (Advertisement a : ads) {
            if (pools.stream().noneMatch(a::selects)) {
                String kind = a instanceof BgpAdvertisement ? "BGPAdvertisement/" : "L2Advertisement/";
                String field = !a.poolSelectors().isEmpty() ? "spec.ipAddressPoolSelectors"
                        : !a.pools().isEmpty() ? "spec.ipAddressPools" : "spec";
                warnings.add(Problem.of(kind + a.name(), field,
                        "selects no IPAddressPool: this advertisement announces nothing"));
            }
        }
        for (BgpPeer p : peers) {
            boolean reached = bgp.stream().anyMatch(a -> (a.peers().isEmpty() || a.peers().contains(p.name()))
                    && pools.stream().anyMatch(a::selects));
            if (!reached) {
                warnings.add(Problem.of("BGPPeer/" + p.name(), "",
                        "no BGPAdvertisement that selects a pool reaches this peer: it receives no routes"));
            }
        }
        return new ValidationReport(errors, warnings);
    }

    private static void pools(List<AddressPool> pools, List<Problem> errors) {
        for (int i = 0; i < pools.size(); i++) {
            AddressPool p = pools.get(i);
            String object = "IPAddressPool/" + p.name();
            if (p.ranges().isEmpty()) {
                errors.add(Problem.of(object, "spec.addresses", "pool has no addresses"));
            }
            for (int k = 0; k < p.ranges().size(); k++) {
                AddressRange r = p.ranges().get(k);
                for (int j = 0; j < i; j++) {
                    AddressPool other = pools.get(j);
                    for (int m = 0; m < other.ranges().size(); m++) {
                        if (other.ranges().get(m).overlaps(r)) {
                            errors.add(Problem.of(object, "spec.addresses[" + k + "]", "'" + r.text() + "' overlaps '"
                                    + other.ranges().get(m).text() + "' of IPAddressPool/" + other.name()
                                    + " (spec.addresses[" + m + "])"));
                        }
                    }
                }
            }
        }
    }

    private void aliases(List<CommunityAlias> aliases, List<Problem> errors) {
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < aliases.size(); i++) {
            String n = aliases.get(i).name();
            if (seen.containsKey(n)) {
                errors.add(Problem.of("Community/" + aliases.get(i).group().orElse(communityName),
                        "spec.communities[" + i + "].name",
                        "duplicate definition of community '" + n + "'"));
            }
            seen.putIfAbsent(n, i);
        }
    }

    /** MetalLB skips pool names that match no pool (config.go, setBGPAdvertisementsToPools): a warning. */
    private static void missingPools(Advertisement a, String object, Set<String> poolNames, List<Problem> out) {
        for (int i = 0; i < a.pools().size(); i++) {
            if (!poolNames.contains(a.pools().get(i))) {
                out.add(Problem.of(object, "spec.ipAddressPools[" + i + "]", "IPAddressPool '" + a.pools().get(i)
                        + "' does not exist: the name is skipped"));
            }
        }
    }

    private static void aggregation(BgpAdvertisement a, String object, AddressPool p, List<Problem> errors) {
        for (int k = 0; k < p.ranges().size(); k++) {
            AddressRange r = p.ranges().get(k);
            boolean v6 = r.family() == IpFamily.IPV6;
            int length = v6 ? a.aggregationLengthV6() : a.aggregationLength();
            int shortest = r.shortestPrefix();
            if (length < shortest) {
                errors.add(Problem.of(object, v6 ? "spec.aggregationLengthV6" : "spec.aggregationLength",
                        "invalid aggregation length " + length + ": prefix " + shortest + " of '" + r.text()
                                + "' in IPAddressPool/" + p.name() + " (spec.addresses[" + k
                                + "]) is more specific than the aggregation length"));
            }
        }
    }

    /**
     * MetalLB refuses two advertisements with a different LOCAL_PREF (or AS-path prepend) for the same BGP
     * update (config.go, validateBGPAdvPerPool): per pool both select, unless either has
     * {@code serviceSelectors}, when they overlap: the same aggregation length for a family the pool has
     * (isAggrLengthDifferent), a common peer (an empty list is every peer) and common nodes (approximated:
     * node selectors overlap unless both are given and none is shared).
     */
    private static void localPreferences(List<BgpAdvertisement> bgp, List<AddressPool> pools, List<Problem> errors) {
        for (int i = 0; i < bgp.size(); i++) {
            BgpAdvertisement a = bgp.get(i);
            if (!a.serviceSelectors().isEmpty()) {
                continue;
            }
            for (int j = 0; j < i; j++) {
                BgpAdvertisement b = bgp.get(j);
                if (!b.serviceSelectors().isEmpty()) {
                    continue;
                }
                boolean prefDiffers = !a.localPref().orElse(0L).equals(b.localPref().orElse(0L));
                boolean prependDiffers = !a.asPathPrepend().orElse(0).equals(b.asPathPrepend().orElse(0));
                if (!prefDiffers && !prependDiffers) {
                    continue;
                }
                Optional<AddressPool> shared = pools.stream().filter(p -> a.selects(p) && b.selects(p))
                        .filter(p -> overlap(a, b, p)).findFirst();
                if (shared.isEmpty()) {
                    continue;
                }
                String why = " for the same BGP update (IPAddressPool/" + shared.get().name()
                        + ", same aggregation length, common peers and nodes)";
                if (prefDiffers) {
                    errors.add(Problem.of("BGPAdvertisement/" + a.name(), "spec.localPref", "invalid local preference "
                            + a.localPref().orElse(0L) + ": BGPAdvertisement/" + b.name() + " already sets "
                            + b.localPref().orElse(0L) + why));
                }
                if (prependDiffers) {
                    errors.add(Problem.of("BGPAdvertisement/" + a.name(), "spec.asPathPrepend", "invalid as path "
                            + "prepend " + a.asPathPrepend().orElse(0) + ": BGPAdvertisement/" + b.name()
                            + " already sets " + b.asPathPrepend().orElse(0) + why));
                }
            }
        }
    }

    private static boolean overlap(BgpAdvertisement a, BgpAdvertisement b, AddressPool pool) {
        boolean v4 = pool.hasFamily(IpFamily.IPV4);
        boolean v6 = pool.hasFamily(IpFamily.IPV6);
        boolean sameV4 = a.aggregationLength() == b.aggregationLength();
        boolean sameV6 = a.aggregationLengthV6() == b.aggregationLengthV6();
        boolean sameUpdate = (v4 && sameV4) || (v6 && sameV6);
        boolean commonPeer = a.peers().isEmpty() || b.peers().isEmpty()
                || a.peers().stream().anyMatch(b.peers()::contains);
        boolean commonNodes = a.nodeSelectors().isEmpty() || b.nodeSelectors().isEmpty()
                || a.nodeSelectors().stream().anyMatch(b.nodeSelectors()::contains);
        return sameUpdate && commonPeer && commonNodes;
    }

    /** MetalLB refuses BFD echo mode on a peer that receives IPv6 routes. */
    private static void bfdEcho(List<BgpAdvertisement> bgp, List<AddressPool> pools, List<BgpPeer> peers,
            List<BfdProfile> profiles, List<Problem> errors) {
        Set<String> echo = profiles.stream().filter(b -> b.echoMode().orElse(false)).map(BfdProfile::name)
                .collect(Collectors.toSet());
        for (BgpAdvertisement a : bgp) {
            Optional<AddressPool> v6 = pools.stream().filter(a::selects).filter(p -> p.hasFamily(IpFamily.IPV6))
                    .findFirst();
            if (v6.isEmpty()) {
                continue;
            }
            for (BgpPeer p : peers) {
                if ((a.peers().isEmpty() || a.peers().contains(p.name())) && p.bfdProfile().isPresent()
                        && echo.contains(p.bfdProfile().get())) {
                    errors.add(Problem.of("BGPAdvertisement/" + a.name(), "spec.peers", "IPAddressPool/"
                            + v6.get().name() + " has IPv6 addresses and this advertisement reaches BGPPeer/"
                            + p.name() + ", whose BFDProfile/" + p.bfdProfile().get()
                            + " enables echo mode, which is not possible"));
                }
            }
        }
    }

    private static void peers(List<BgpPeer> peers, Set<String> bfdNames, List<Problem> errors) {
        for (int i = 0; i < peers.size(); i++) {
            BgpPeer p = peers.get(i);
            String object = "BGPPeer/" + p.name();
            if (p.port() > 16384) {
                errors.add(Problem.of(object, "spec.peerPort", "port " + p.port() + " is out of range 1..16384"));
            }
            if (p.ebgpMultiHop() && p.isInternal()) {
                errors.add(Problem.of(object, "spec.ebgpMultiHop",
                        "invalid ebgp-multihop parameter set for an ibgp peer"));
            }
            if (p.bfdProfile().isPresent() && !bfdNames.contains(p.bfdProfile().get())) {
                errors.add(Problem.of(object, "spec.bfdProfile", "BFDProfile '" + p.bfdProfile().get()
                        + "' does not exist"));
            }
            if (p.passwordSecret().isPresent() && !p.passwordSecret().get().key().equals("password")) {
                errors.add(Problem.of(object, "spec.passwordSecret", "MetalLB reads the password from the key "
                        + "'password', not '" + p.passwordSecret().get().key() + "'"));
            }
            for (int j = 0; j < i; j++) {
                BgpPeer q = peers.get(j);
                boolean same = p.peerAddress().isPresent() ? q.peerAddress().equals(p.peerAddress())
                        : q.interfaceName().equals(p.interfaceName());
                // a duplicate only where both may run on one node (validation.go checkFRRPeersCompatible)
                if (same && q.vrf().equals(p.vrf()) && FrrPeerRules.mayShareNode(p, q)) {
                    errors.add(Problem.of(object, p.peerAddress().isPresent() ? "spec.peerAddress" : "spec.interface",
                            "peer " + p.peerAddress().map(Object::toString).orElseGet(() -> p.interfaceName().get())
                            + (p.vrf().map(v -> " in vrf " + v).orElse("")) + " already exists as BGPPeer/" + q.name()));
                }
            }
        }
    }
}
