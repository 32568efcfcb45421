package dev.kubelb.provider.cilium;

import static dev.kubelb.provider.cilium.CiliumNames.*;

import dev.kubelb.api.AddressPool;
import dev.kubelb.api.AddressRange;
import dev.kubelb.api.AdvertisementPreview;
import dev.kubelb.api.ApplianceConfig;
import dev.kubelb.api.BgpAdvertisement;
import dev.kubelb.api.BgpPeer;
import dev.kubelb.api.Community;
import dev.kubelb.api.IpAddress;
import dev.kubelb.api.IpFamily;
import dev.kubelb.api.L2Advertisement;
import dev.kubelb.api.L2Announcement;
import dev.kubelb.api.LoadBalancerId;
import dev.kubelb.api.Problem;
import dev.kubelb.api.RouteAnnouncement;
import dev.kubelb.api.TrafficPolicy;
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
 * What Cilium announces: one /32 or /128 per Service address (unless an advertisement aggregates and
 * the Service uses {@code Cluster}); when several advertisements match, communities are unioned and the
 * highest local preference wins; local preference reaches iBGP peers only.
 */
final class CiliumAdvertiser implements RouteAdvertiser {

    private static final class Acc {
        final TreeSet<String> ads = new TreeSet<>();
        final TreeMap<String, Community> communities = new TreeMap<>();
        Long localPref;
        final TreeSet<LoadBalancerId> services = new TreeSet<>();
    }

    @Override
    public AdvertisementPreview advertisements(ApplianceConfig config, List<Assignment> assignments) {
        Map<String, Community> aliases = config.aliasMap();
        List<BgpPeer> peers = CiliumRender.sortedPeers(config);
        Map<String, Map<AddressRange, Acc>> routes = new TreeMap<>();
        List<L2Announcement> l2 = new ArrayList<>();
        List<Problem> warnings = new ArrayList<>(CiliumChecks.serviceWarnings(config, assignments));
        for (Assignment a : assignments.stream().sorted(Comparator.comparing(x -> x.request().id())).toList()) {
            LoadBalancerId id = a.request().id();
            Optional<AddressPool> pool = config.pool(a.allocation().pool());
            if (pool.isEmpty()) {
                warnings.add(Problem.of("Service/" + id, "", "pool '" + a.allocation().pool() + "' does not exist: nothing "
                        + "announces its addresses"));
                continue;
            }
            String cls = CiliumRender.loadBalancerClass(pool, config);
            List<BgpAdvertisement> bgpAds = config.bgpAdvertisements().stream().filter(x -> x.selects(pool.get())).toList();
            List<L2Advertisement> l2Ads = config.l2Advertisements().stream().filter(x -> x.selects(pool.get())).toList();
            boolean local = a.request().trafficPolicy() == TrafficPolicy.LOCAL;
            for (IpAddress ip : a.allocation().addresses()) {
                if (bgpAds.isEmpty() && l2Ads.isEmpty()) {
                    warnings.add(Problem.of("Service/" + id, "", ip + " is allocated from pool '" + pool.get().name()
                            + "' but no advertisement selects the pool: it is not announced"));
                    continue;
                }
                if (cls.equals(CLASS_BGP)) {
                    boolean announced = false;
                    for (BgpAdvertisement ad : bgpAds) {
                        int len = ip.family() == IpFamily.IPV4 ? ad.aggregationLength() : ad.aggregationLengthV6();
                        AddressRange prefix = AddressRange.cidr(ip, local ? ip.family().bits() : len);
                        for (BgpPeer p : peers) {
                            if (!ad.peers().isEmpty() && !ad.peers().contains(p.name())) {
                                continue;
                            }
                            announced = true;
                            Acc acc = routes.computeIfAbsent(p.name(), k -> new TreeMap<>())
                                    .computeIfAbsent(prefix, k -> new Acc());
                            acc.ads.add(ad.name());
                            acc.services.add(id);
                            for (Community c : ad.communities()) {
                                Community r = c instanceof Community.Alias al ? al.resolve(aliases).orElse(null) : c;
                                if (r != null) {
                                    acc.communities.put(r.text(), r);
                                }
                            }
                            if (ad.localPref().isPresent() && p.isInternal()) {
                                acc.localPref = acc.localPref == null ? ad.localPref().get()
                                        : Math.max(acc.localPref, ad.localPref().get());
                            }
                        }
                    }
                    if (announced && local) {
                        warnings.add(Problem.of("Service/" + id, "spec.externalTrafficPolicy", "Local: Cilium announces "
                                + AddressRange.cidr(ip, ip.family().bits()) + " only from nodes with a local endpoint"
                                + " (aggregation is ignored)"));
                    }
                    if (!l2Ads.isEmpty()) {
                        warnings.add(Problem.of("Service/" + id, "spec.loadBalancerClass", ip + ": class " + CLASS_BGP
                                + " is skipped by Cilium's L2 announcer, so L2 advertisements "
                                + l2Ads.stream().map(L2Advertisement::name).toList() + " do not announce it"));
                    }
                } else {
                    for (L2Advertisement ad : l2Ads) {
                        if (ip.family() == IpFamily.IPV6) {
                            continue;
                        }
                        l2.add(new L2Announcement(ip, id, ad.name(), ad.interfaces(), ad.nodeSelectors()));
                    }
                }
            }
        }
        List<RouteAnnouncement> out = new ArrayList<>();
        Map<String, BgpPeer> byName = new TreeMap<>();
        peers.forEach(p -> byName.put(p.name(), p));
        routes.forEach((peer, prefixes) -> prefixes.forEach((prefix, acc) -> out.add(new RouteAnnouncement(peer, prefix,
                List.copyOf(acc.communities.values()), Optional.ofNullable(acc.localPref),
                byName.get(peer).nodeSelectors(), List.copyOf(acc.ads), List.copyOf(acc.services)))));
        l2.sort(Comparator.comparing(L2Announcement::address).thenComparing(L2Announcement::service)
                .thenComparing(L2Announcement::advertisement));
        return new AdvertisementPreview(out, l2, warnings);
    }
}
