package dev.kubelb.examples.providerfrr;

import dev.kubelb.api.AddressPool;
import dev.kubelb.api.AddressRange;
import dev.kubelb.api.AdvertisementPreview;
import dev.kubelb.api.Allocation;
import dev.kubelb.api.ApplianceConfig;
import dev.kubelb.api.BgpAdvertisement;
import dev.kubelb.api.BgpPeer;
import dev.kubelb.api.Community;
import dev.kubelb.api.IpAddress;
import dev.kubelb.api.IpFamily;
import dev.kubelb.api.LoadBalancerId;
import dev.kubelb.api.Problem;
import dev.kubelb.api.RouteAnnouncement;
import dev.kubelb.spi.Assignment;
import dev.kubelb.spi.RouteAdvertiser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the speaker announces, exactly as bgpd sends it (the same routes the rendered {@code frr.conf} holds):
 * for each allocated address and each advertisement of its pool, the address's block of the advertisement's
 * aggregation length, to each of the advertisement's peers (every peer when it names none) whose session is of the
 * address's family. Where several advertisements give one peer one prefix, their communities are unioned and the
 * highest local preference wins. Communities are listed in the order bgpd sends them (sorted by value); local
 * preference travels over iBGP only, where bgpd sends 100 when none is set.
 */
final class FrrAdvertiser implements RouteAdvertiser {
    /** bgpd's LOCAL_PREF over iBGP when no route-map sets one. */
    static final long DEFAULT_LOCAL_PREF = 100;

    private final Optional<String> node;

    /** @param node the node bgpd runs on, if known ({@link FrrOptions#nodeName()}) */
    FrrAdvertiser(Optional<String> node) {
        this.node = node;
    }

    @Override
    public AdvertisementPreview advertisements(ApplianceConfig config, List<Assignment> assignments) {
        List<Problem> warnings = new ArrayList<>();
        for (AddressPool p : config.pools()) {
            if (config.bgpAdvertisements().stream().noneMatch(a -> a.pools().contains(p.name()))) {
                warnings.add(Problem.of("pool/" + p.name(), "", "no advertisement names this pool: its addresses "
                        + "are allocated but never announced"));
            }
        }
        List<Allocation> announced = new ArrayList<>();
        List<dev.kubelb.api.WithheldAnnouncement> withheld = new ArrayList<>();
        for (Assignment a : assignments) {
            Optional<String> why = LocalEndpoints.withheld(a.request(), node);
            if (why.isPresent()) {
                a.allocation().addresses().forEach(ip -> withheld.add(new dev.kubelb.api.WithheldAnnouncement(
                        a.request().id(), ip, node.orElseThrow(), why.get())));
            } else {
                announced.add(a.allocation());
            }
        }
        return new AdvertisementPreview(routes(config, announced), List.of(), warnings, withheld);
    }

    /**
     * @param config the configuration
     * @param allocations the allocations to announce
     * @return the routes, sorted by peer then prefix
     */
    static List<RouteAnnouncement> routes(ApplianceConfig config, List<Allocation> allocations) {
        Map<String, Route> routes = new TreeMap<>();
        for (Allocation a : allocations) {
            for (BgpAdvertisement ad : config.bgpAdvertisements()) {
                if (!ad.pools().contains(a.pool())) {
                    continue;
                }
                for (IpAddress ip : a.addresses()) {
                    AddressRange prefix = AddressRange.cidr(ip, ip.family() == IpFamily.IPV4 ? ad.aggregationLength()
                            : ad.aggregationLengthV6());
                    for (BgpPeer peer : config.peers()) {
                        if ((ad.peers().isEmpty() || ad.peers().contains(peer.name()))
                                && peer.address().family() == ip.family()) {
                            routes.computeIfAbsent(peer.name() + " " + key(prefix), k -> new Route(peer, prefix))
                                    .add(ad, a.id());
                        }
                    }
                }
            }
        }
        return routes.values().stream().map(Route::announcement).toList();
    }

    /** Sorts prefixes by family, then address, then length. */
    private static String key(AddressRange prefix) {
        return prefix.family().ordinal() + String.format("%032x", prefix.first().toBigInteger())
                + String.format("%03d", prefix.prefixLength());
    }

    /**
     * @param c a standard, well-known or large community
     * @return its sort key: standard ones by their 32-bit value, then large ones by their three numbers
     */
    static String order(Community c) {
        if (c instanceof Community.Large l) {
            return String.format("1%010d%010d%010d", l.globalAdmin(), l.localData1(), l.localData2());
        }
        Community.Standard s = c instanceof Community.WellKnown w ? w.asStandard() : (Community.Standard) c;
        return String.format("0%010d", s.asLong());
    }

    /** One route to one peer, as advertisements add to it. */
    private static final class Route {
        private final BgpPeer peer;
        private final AddressRange prefix;
        private final TreeMap<String, Community> communities = new TreeMap<>();
        private final TreeSet<String> advertisements = new TreeSet<>();
        private final TreeSet<LoadBalancerId> services = new TreeSet<>();
        private Optional<Long> localPref = Optional.empty();

        Route(BgpPeer peer, AddressRange prefix) {
            this.peer = peer;
            this.prefix = prefix;
        }

        void add(BgpAdvertisement ad, LoadBalancerId id) {
            ad.communities().forEach(c -> communities.put(order(c), c));
            ad.localPref().ifPresent(l -> localPref = Optional.of(Math.max(l, localPref.orElse(0L))));
            advertisements.add(ad.name());
            services.add(id);
        }

        RouteAnnouncement announcement() {
            Optional<Long> sent = peer.isInternal() ? Optional.of(localPref.orElse(DEFAULT_LOCAL_PREF))
                    : Optional.empty();
            return new RouteAnnouncement(peer.name(), prefix, List.copyOf(communities.values()), sent, List.of(),
                    List.copyOf(advertisements), List.copyOf(services));
        }
    }
}
