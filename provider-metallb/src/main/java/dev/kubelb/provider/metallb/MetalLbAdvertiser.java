package dev.kubelb.provider.metallb;

import dev.kubelb.api.AddressPool;
import dev.kubelb.api.AddressRange;
import dev.kubelb.api.AdvertisementPreview;
import dev.kubelb.api.ApplianceConfig;
import dev.kubelb.api.BgpAdvertisement;
import dev.kubelb.api.BgpPeer;
import dev.kubelb.api.Community;
import dev.kubelb.api.IpAddress;
import dev.kubelb.api.IpFamily;
import dev.kubelb.api.L2Announcement;
import dev.kubelb.api.LabelSelector;
import dev.kubelb.api.LoadBalancerId;
import dev.kubelb.api.Problem;
import dev.kubelb.api.RouteAnnouncement;
import dev.kubelb.spi.Assignment;
import dev.kubelb.spi.RouteAdvertiser;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What MetalLB announces for a set of assignments: for each BGP advertisement selecting an
 * allocation's pool, each peer it reaches (all peers when it names none) receives the address masked to
 * the aggregation length ({@code aggregationLength} for IPv4, {@code aggregationLengthV6} for IPv6) from
 * the nodes the advertisement selects that also peer with it (a peer with {@code disableMP} receives
 * only its own address family);
 * several services collapsing into one aggregate are one announcement. Communities are resolved
 * through the aliases, sorted and deduplicated; LOCAL_PREF is sent to iBGP peers only. L2
 * advertisements selecting the pool announce each address on their interfaces. Addresses nothing
 * announces are reported as warnings. The result is sorted (routes by peer then prefix; L2 by address).
 */
public final class MetalLbAdvertiser implements RouteAdvertiser {

    /** Creates the advertiser; it holds no state. */
    public MetalLbAdvertiser() {
    }

    @Override
    public AdvertisementPreview advertisements(ApplianceConfig config, List<Assignment> assignments) {
        Map<String, Community> aliases = config.aliasMap();
        List<BgpAdvertisement> bgp = config.bgpAdvertisements().stream()
                .sorted(Comparator.comparing(BgpAdvertisement::name)).toList();
        List<dev.kubelb.api.L2Advertisement> l2 = config.l2Advertisements().stream()
                .sorted(Comparator.comparing(dev.kubelb.api.L2Advertisement::name)).toList();
        Map<Key, Acc> routes = new TreeMap<>();
        List<L2Announcement> l2Out = new ArrayList<>();
        List<Problem> warnings = new ArrayList<>();
        List<Assignment> sorted = assignments.stream()
                .sorted(Comparator.comparing((Assignment a) -> a.request().id())).toList();
        for (Assignment as : sorted) {
            LoadBalancerId id = as.request().id();
            String poolName = as.allocation().pool();
            Optional<AddressPool> pool = config.pool(poolName);
            if (pool.isEmpty()) {
                warnings.add(Problem.of("IPAddressPool/" + poolName, "", "addresses " + as.allocation().addresses()
                        + " of " + id + " come from a pool that does not exist: nothing announces them"));
                continue;
            }
            for (IpAddress address : as.allocation().addresses()) {
                boolean announced = false;
                for (BgpAdvertisement ad : bgp) {
                    if (!ad.selects(pool.get())) {
                        continue;
                    }
                    int length = address.family() == IpFamily.IPV4 ? ad.aggregationLength() : ad.aggregationLengthV6();
                    AddressRange prefix = AddressRange.cidr(address, length);
                    for (BgpPeer peer : reached(config, ad)) {
                        if (peer.disableMp() && peer.address().family() != address.family()) {
                            continue; // without MP-BGP a session carries its own family only
                        }
                        Optional<List<LabelSelector>> nodes = nodes(ad.nodeSelectors(), peer.nodeSelectors());
                        if (nodes.isEmpty()) {
                            continue; // no node both announces and peers
                        }
                        Acc acc = routes.computeIfAbsent(new Key(peer.name(), prefix), k -> new Acc());
                        acc.add(ad, peer, id, aliases, nodes.get());
                        announced = true;
                    }
                }
                for (dev.kubelb.api.L2Advertisement ad : l2) {
                    if (ad.selects(pool.get())) {
                        l2Out.add(new L2Announcement(address, id, ad.name(), ad.interfaces(), ad.nodeSelectors()));
                        announced = true;
                    }
                }
                if (!announced) {
                    warnings.add(Problem.of("IPAddressPool/" + poolName, "", "address " + address + " of " + id
                            + " is allocated but not announced: no L2Advertisement, and no BGPAdvertisement "
                            + "reaching a BGPPeer, selects this pool"));
                }
            }
        }
        List<RouteAnnouncement> out = new ArrayList<>();
        routes.forEach((k, acc) -> out.add(acc.build(k)));
        l2Out.sort(Comparator.comparing(L2Announcement::address).thenComparing(L2Announcement::service)
                .thenComparing(L2Announcement::advertisement));
        return new AdvertisementPreview(out, l2Out, warnings);
    }

    /**
     * The nodes that announce a route to a peer: selected by the advertisement AND peering with the peer.
     * Each list is an OR of selectors (empty = every node); the result is their pairwise conjunction.
     *
     * @return the selectors (empty list = every node), or empty when no node can satisfy both
     */
    static Optional<List<LabelSelector>> nodes(List<LabelSelector> advertisement, List<LabelSelector> peer) {
        if (advertisement.isEmpty()) {
            return Optional.of(peer);
        }
        if (peer.isEmpty()) {
            return Optional.of(advertisement);
        }
        List<LabelSelector> out = new ArrayList<>();
        for (LabelSelector a : advertisement) {
            for (LabelSelector p : peer) {
                and(a, p).filter(s -> !out.contains(s)).ifPresent(out::add);
            }
        }
        return out.isEmpty() ? Optional.empty() : Optional.of(out);
    }

    private static Optional<LabelSelector> and(LabelSelector a, LabelSelector b) {
        Map<String, String> labels = new TreeMap<>(a.matchLabels());
        for (Map.Entry<String, String> e : b.matchLabels().entrySet()) {
            String prev = labels.putIfAbsent(e.getKey(), e.getValue());
            if (prev != null && !prev.equals(e.getValue())) {
                return Optional.empty();
            }
        }
        List<LabelSelector.Requirement> reqs = new ArrayList<>(a.matchExpressions());
        for (LabelSelector.Requirement r : b.matchExpressions()) {
            if (!reqs.contains(r)) {
                reqs.add(r);
            }
        }
        return Optional.of(new LabelSelector(labels, reqs));
    }

    private static List<BgpPeer> reached(ApplianceConfig config, BgpAdvertisement ad) {
        if (ad.peers().isEmpty()) {
            return config.peers();
        }
        return config.peers().stream().filter(p -> ad.peers().contains(p.name())).toList();
    }

    private record Key(String peer, AddressRange prefix) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = peer.compareTo(o.peer);
            return c != 0 ? c : prefix.compareTo(o.prefix);
        }
    }

    /** Accumulates the advertisements contributing to one (peer, prefix). */
    private static final class Acc {
        private final TreeMap<String, Community> communities = new TreeMap<>();
        private Long localPref;
        private final List<LabelSelector> nodeSelectors = new ArrayList<>();
        private boolean allNodes;
        private final TreeSet<String> advertisements = new TreeSet<>();
        private final TreeSet<LoadBalancerId> services = new TreeSet<>();

        void add(BgpAdvertisement ad, BgpPeer peer, LoadBalancerId id, Map<String, Community> aliases,
                List<LabelSelector> nodes) {
            for (Community c : ad.communities()) {
                Community resolved = c instanceof Community.Alias a ? a.resolve(aliases).orElse(null) : c;
                if (resolved != null) {
                    communities.put(sortKey(resolved), resolved);
                }
            }
            if (peer.isInternal() && ad.localPref().isPresent()) {
                localPref = localPref == null ? ad.localPref().get() : Math.max(localPref, ad.localPref().get());
            }
            if (advertisements.add(ad.name())) {
                if (nodes.isEmpty()) {
                    allNodes = true;
                } else {
                    for (LabelSelector s : nodes) {
                        if (!nodeSelectors.contains(s)) {
                            nodeSelectors.add(s);
                        }
                    }
                }
            }
            services.add(id);
        }

        RouteAnnouncement build(Key k) {
            return new RouteAnnouncement(k.peer(), k.prefix(), List.copyOf(communities.values()),
                    Optional.ofNullable(localPref), allNodes ? List.of() : nodeSelectors, List.copyOf(advertisements),
                    List.copyOf(services));
        }

        /** Standard communities first by numeric value, then large ones, as MetalLB orders them. */
        private static String sortKey(Community c) {
            if (c instanceof Community.WellKnown w) {
                c = w.asStandard();
            }
            if (c instanceof Community.Standard s) {
                return String.format("%010d:%010d:%010d:s", s.asLong(), 0, 0);
            }
            if (c instanceof Community.Large l) {
                return String.format("%010d:%010d:%010d:l", l.globalAdmin(), l.localData1(), l.localData2());
            }
            return "~" + c.text();
        }
    }
}
