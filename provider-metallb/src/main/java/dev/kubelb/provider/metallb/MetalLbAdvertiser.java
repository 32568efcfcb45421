package dev.kubelb.provider.metallb;

import dev.kubelb.api.AddressPool;
import dev.kubelb.api.AddressRange;
import dev.kubelb.api.AdvertisementPreview;
import dev.kubelb.api.ApplianceConfig;
import dev.kubelb.api.BgpAdvertisement;
import dev.kubelb.api.BgpPeer;
import dev.kubelb.api.ClusterNode;
import dev.kubelb.api.Community;
import dev.kubelb.api.IpAddress;
import dev.kubelb.api.IpFamily;
import dev.kubelb.api.L2Announcement;
import dev.kubelb.api.LabelSelector;
import dev.kubelb.api.LoadBalancerId;
import dev.kubelb.api.Problem;
import dev.kubelb.api.RouteAnnouncement;
import dev.kubelb.api.WithheldAnnouncement;
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
 * What MetalLB's speaker announces for a set of assignments: for each BGP advertisement selecting an
 * allocation's pool, each peer it reaches (all peers when it names none) receives the address masked to
 * the aggregation length ({@code aggregationLength} for IPv4, {@code aggregationLengthV6} for IPv6) from
 * the nodes the advertisement selects that also peer with it; several services collapsing into one aggregate are
 * one announcement. A session carries only the address family of the peer's {@code peerAddress} (MetalLB ≥ 0.15,
 * {@code internal/bgp/frr/frr.go}: {@code neighbor.IPFamily}), both with {@code dualStackAddressFamily} or an
 * unnumbered ({@code interface}) peer. An advertisement with {@code serviceSelectors} (MetalLB 0.16) applies only to
 * the services whose labels one of them matches. Communities are resolved through the aliases.
 * What the peer receives depends on the speaker's BGP backend ({@link Backend}): over iBGP LOCAL_PREF always travels
 * (FRR: the advertisement's or FRR's default 100; native: the advertisement's or 0,
 * {@code internal/bgp/native/messages.go encodePathAttrs}); two advertisements giving one prefix to one peer are
 * merged by FRR (communities united, the highest local preference); the native session unites their communities too
 * since MetalLB 0.16.2 and keeps one advertisement's local preference, which one not determined (shown: the first by
 * name, with a warning when they differ, which MetalLB allows only under {@code serviceSelectors}); before 0.16.2 it
 * sent one advertisement's attributes, not determined ({@code native.go session.Set} keyed by prefix; shown: the
 * first by name, with a warning); the native backend refuses the whole configuration when a BGP
 * advertisement has a large community or selects an IPv6 pool, or a peer sets an FRR-only field
 * ({@link NativeBgpRules}), and then announces nothing. L2 advertisements selecting the pool announce each address on their interfaces.
 * Addresses nothing announces are reported as warnings. The result is sorted (routes by peer then prefix; L2 by
 * address). The AS path a peer receives is the speaker's AS over eBGP and empty over iBGP, the origin IGP, the next
 * hop the announcing node's address of the session.
 */
public final class MetalLbAdvertiser implements RouteAdvertiser {

    /** The speaker's BGP implementation. */
    public enum Backend {
        /** FRR ({@code METALLB_BGP_TYPE=frr}, MetalLB's default install). */
        FRR,
        /**
         * FRR configured through frr-k8s ({@code METALLB_BGP_TYPE=frr-k8s}): announces as FRR does, and is the one
         * backend that serves BGPAdvertisement {@code asPathPrepend} ({@link FrrK8sOnlyRules}; the preview does not
         * show the prepended AS path).
         */
        FRR_K8S,
        /** MetalLB's own Go BGP speaker ({@code METALLB_BGP_TYPE=native}). */
        NATIVE
    }

    private final Backend backend;
    private final String communityName;
    private final boolean nativeMerges;

    /** Creates the advertiser of MetalLB's default backend, FRR; it holds no state. */
    public MetalLbAdvertiser() {
        this(Backend.FRR);
    }

    /**
     * @param backend the speaker's BGP backend (of the newest MetalLB modelled)
     */
    public MetalLbAdvertiser(Backend backend) {
        this(backend, MetalLbSession.DEFAULT_COMMUNITY_NAME, MetalLbVersion.NEWEST);
    }

    MetalLbAdvertiser(Backend backend, MetalLbVersion version) {
        this(backend, MetalLbSession.DEFAULT_COMMUNITY_NAME, version);
    }

    MetalLbAdvertiser(Backend backend, String communityName, MetalLbVersion version) {
        this.backend = java.util.Objects.requireNonNull(backend, "backend");
        this.communityName = java.util.Objects.requireNonNull(communityName, "communityName");
        this.nativeMerges = version.nativeMergesCommunities();
    }

    /** @return the speaker's BGP backend this advertiser models */
    public Backend backend() {
        return backend;
    }

    @Override
    public AdvertisementPreview advertisements(ApplianceConfig config, List<Assignment> assignments) {
        return preview(config, assignments, null);
    }

    /**
     * Also which nodes announce each route and which withhold it ({@link SpeakerNodes}): a route exists only where
     * at least one node both selected by the advertisement and peering with the peer announces it.
     */
    @Override
    public AdvertisementPreview advertisements(ApplianceConfig config, List<Assignment> assignments,
            List<ClusterNode> nodes) {
        return preview(config, assignments, List.copyOf(nodes));
    }

    private AdvertisementPreview preview(ApplianceConfig config, List<Assignment> assignments,
            List<ClusterNode> clusterNodes) {
        java.util.Set<WithheldAnnouncement> withheld = new java.util.LinkedHashSet<>();
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
        List<Problem> refused = refusals(config);
        if (!refused.isEmpty()) {
            Problem first = refused.get(0);
            warnings.add(Problem.of(first.object(), first.field(), first.object() + " " + first.field() + ": "
                    + first.message() + (refused.size() > 1 ? " (and " + (refused.size() - 1) + " more)" : "")));
            bgp = List.of(); // the speaker refuses the whole configuration: no BGP, no L2 either
            l2 = List.of();
        }
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
                boolean unselected = false;
                for (BgpAdvertisement ad : bgp) {
                    if (!ad.selects(pool.get())) {
                        continue;
                    }
                    if (!selectsService(ad, as.request())) {
                        unselected = true;
                        continue;
                    }
                    int length = address.family() == IpFamily.IPV4 ? ad.aggregationLength() : ad.aggregationLengthV6();
                    AddressRange prefix = AddressRange.cidr(address, length);
                    for (BgpPeer peer : reached(config, ad)) {
                        if (!carries(peer, address.family())) {
                            continue; // a session carries the family of its peerAddress only
                        }
                        Optional<List<LabelSelector>> nodes = nodes(ad.nodeSelectors(), peer.nodeSelectors());
                        if (nodes.isEmpty()) {
                            continue; // no node both announces and peers
                        }
                        announced = true;
                        List<String> announcing = new ArrayList<>();
                        if (clusterNodes != null) {
                            for (ClusterNode n : clusterNodes) {
                                if (SpeakerNodes.selected(nodes.get(), n)) {
                                    SpeakerNodes.withheld(n, as.request()).ifPresentOrElse(why -> withheld.add(
                                            new WithheldAnnouncement(id, address, n.name(), why)),
                                            () -> announcing.add(n.name()));
                                }
                            }
                            if (announcing.isEmpty()) {
                                continue; // every node withholds it: no route
                            }
                        }
                        Acc acc = routes.computeIfAbsent(new Key(peer.name(), prefix),
                                k -> new Acc(backend, nativeMerges));
                        acc.add(ad, peer, id, aliases, nodes.get());
                        acc.announcing.addAll(announcing);
                    }
                }
                for (dev.kubelb.api.L2Advertisement ad : l2) {
                    if (ad.selects(pool.get())) {
                        l2Out.add(new L2Announcement(address, id, ad.name(), ad.interfaces(), ad.nodeSelectors()));
                        announced = true;
                    }
                }
                if (!announced && unselected) {
                    warnings.add(Problem.of("IPAddressPool/" + poolName, "", "address " + address + " of " + id
                            + " is allocated but not announced: the BGPAdvertisements of this pool select other "
                            + "services (spec.serviceSelectors) and no other announces it"));
                } else if (!announced) {
                    warnings.add(Problem.of("IPAddressPool/" + poolName, "", "address " + address + " of " + id
                            + " is allocated but not announced: no L2Advertisement, and no BGPAdvertisement "
                            + "reaching a BGPPeer, selects this pool"));
                }
            }
        }
        List<RouteAnnouncement> out = new ArrayList<>();
        routes.forEach((k, acc) -> {
            out.add(acc.build(k));
            if (!acc.shadowed.isEmpty() && nativeMerges) {
                warnings.add(Problem.of("BGPAdvertisement/" + acc.shadowed.first(), "", "peer " + k.peer()
                        + " receives " + k.prefix() + " from BGPAdvertisements " + acc.advertisements
                        + ", whose local preferences differ: MetalLB's native speaker sends one of them, which is not "
                        + "determined (shown: " + acc.advertisements.first() + "'s, the first by name)"));
            } else if (!acc.shadowed.isEmpty()) {
                warnings.add(Problem.of("BGPAdvertisement/" + acc.shadowed.first(), "", "peer " + k.peer()
                        + " receives " + k.prefix() + " from BGPAdvertisements " + acc.advertisements + " and "
                        + acc.shadowed + ": MetalLB's native speaker sends the attributes of only one of them, "
                        + "which is not determined (shown: the first by name)"));
            }
        });
        l2Out.sort(Comparator.comparing(L2Announcement::address).thenComparing(L2Announcement::service)
                .thenComparing(L2Announcement::advertisement));
        List<WithheldAnnouncement> held = new ArrayList<>(withheld);
        held.sort(Comparator.comparing(WithheldAnnouncement::service).thenComparing(WithheldAnnouncement::address)
                .thenComparing(WithheldAnnouncement::node));
        return new AdvertisementPreview(out, l2Out, warnings, held);
    }

    /**
     * What this backend's speakers refuse the whole configuration for: {@link FrrK8sOnlyRules} unless frr-k8s, and
     * {@link NativeBgpRules} for native.
     *
     * @param config a configuration
     * @return every refusal, empty when the speakers accept it
     */
    List<Problem> refusals(ApplianceConfig config) {
        List<Problem> refused = new ArrayList<>();
        if (backend != Backend.FRR_K8S) {
            refused.addAll(FrrK8sOnlyRules.refusals(config, backend == Backend.NATIVE ? "native" : "frr"));
        }
        if (backend == Backend.NATIVE) {
            refused.addAll(NativeBgpRules.refusals(config, communityName));
        }
        return refused;
    }

    /**
     * Whether a BGP advertisement applies to a service: with no {@code serviceSelectors} to all, else to those whose
     * labels one of them matches (MetalLB 0.16, {@code speaker/bgp_controller.go bgpAdsForService}, matching the
     * labels of the Service the speaker serves: here the request's labels).
     */
    private static boolean selectsService(BgpAdvertisement ad, dev.kubelb.api.LoadBalancerRequest request) {
        return ad.serviceSelectors().isEmpty() || ad.serviceSelectors().stream().anyMatch(s -> s.matches(
                request.labels()));
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

    /**
     * Whether a session to the peer carries a family: its {@code peerAddress}'s family, both with
     * {@code dualStackAddressFamily} (FRR only).
     */
    private boolean carries(BgpPeer peer, IpFamily family) {
        if (peer.isUnnumbered() || peer.dualStackAddressFamily()) {
            return backend != Backend.NATIVE || family == IpFamily.IPV4; // native refuses both: nothing travels then
        }
        return peer.address().family() == family;
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
        private final Backend backend;
        private final boolean nativeMerges;
        private final TreeMap<String, Community> communities = new TreeMap<>();
        private Long localPref;
        private final List<LabelSelector> nodeSelectors = new ArrayList<>();
        private boolean allNodes;
        private final TreeSet<String> advertisements = new TreeSet<>();
        private final TreeSet<LoadBalancerId> services = new TreeSet<>();
        private boolean internal;
        private final TreeSet<String> shadowed = new TreeSet<>();
        private final TreeSet<String> announcing = new TreeSet<>();

        Acc(Backend backend, boolean nativeMerges) {
            this.backend = backend;
            this.nativeMerges = nativeMerges;
        }

        void add(BgpAdvertisement ad, BgpPeer peer, LoadBalancerId id, Map<String, Community> aliases,
                List<LabelSelector> nodes) {
            internal = peer.isInternal();
            boolean later = !advertisements.isEmpty() && !advertisements.contains(ad.name());
            if (backend == Backend.NATIVE && later && !nativeMerges) {
                // before 0.16.2 the native session keyed its routes by prefix (native.go session.Set): one
                // advertisement's attributes travel, whichever the speaker's unsorted list of advertisements puts last
                shadowed.add(ad.name());
                services.add(id);
                return;
            }
            for (Community c : ad.communities()) {
                Community resolved = c instanceof Community.Alias a ? a.resolve(aliases).orElse(null) : c;
                if (resolved != null) {
                    communities.put(sortKey(resolved), resolved);
                }
            }
            if (backend == Backend.NATIVE && later) {
                // 0.16.2 on: the communities are merged, the local preference stays the one advertisement's
                if (peer.isInternal() && !java.util.Objects.equals(localPref, ad.localPref().orElse(null))) {
                    shadowed.add(ad.name());
                }
            } else if (peer.isInternal() && ad.localPref().isPresent()) {
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
            Long pref = localPref;
            if (internal && pref == null) {
                pref = backend == Backend.NATIVE ? 0L : 100L; // LOCAL_PREF always travels over iBGP
            }
            return new RouteAnnouncement(k.peer(), k.prefix(), List.copyOf(communities.values()),
                    Optional.ofNullable(pref), allNodes ? List.of() : nodeSelectors, List.copyOf(advertisements),
                    List.copyOf(services), List.copyOf(announcing));
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
