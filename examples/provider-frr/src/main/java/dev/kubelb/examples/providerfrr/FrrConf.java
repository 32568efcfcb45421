package dev.kubelb.examples.providerfrr;

import dev.kubelb.api.AddressRange;
import dev.kubelb.api.ApplianceConfig;
import dev.kubelb.api.BgpPeer;
import dev.kubelb.api.Community;
import dev.kubelb.api.IpAddress;
import dev.kubelb.api.IpFamily;
import dev.kubelb.api.RouteAnnouncement;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Renders bgpd's whole {@code frr.conf} from the configuration and the routes {@link FrrAdvertiser} computes, so
 * that bgpd sends each peer exactly those routes: every announced address is a {@code network} (a /32 or /128),
 * every shorter prefix an {@code aggregate-address} over it, and each peer's outbound route-map permits only its own
 * prefixes, one entry per attribute set (a prefix-list of the prefixes that share it, then {@code set community},
 * {@code set large-community}, {@code set local-preference}). Pure: the passwords are given, and the text holds
 * them, so it is written with mode 0600 and never logged.
 */
final class FrrConf {
    /** Well-known communities in the spelling bgpd prints them back (frr-reload.py compares text). */
    private static final Map<String, String> WELL_KNOWN = Map.of("no-export", "no-export", "no-advertise",
            "no-advertise", "no-export-subconfed", "local-AS", "no-peer", "no-peer", "graceful-shutdown",
            "graceful-shutdown", "accept-own", "accept-own", "llgr-stale", "llgr-stale", "no-llgr", "no-llgr",
            "blackhole", "blackhole", "internet", "internet");

    private FrrConf() {
    }

    /**
     * @param config the configuration (valid: see {@link SpeakerValidation})
     * @param routes what to announce, from {@link FrrAdvertiser#routes}
     * @param addresses the allocated addresses (those a route covers become {@code network}s)
     * @param passwords each peer's password, by peer name (peers without one are absent)
     * @param logFile bgpd's log file, if any
     * @return the configuration text
     */
    static String render(ApplianceConfig config, List<RouteAnnouncement> routes, List<IpAddress> addresses,
            Map<String, String> passwords,
            Optional<Path> logFile) {
        StringBuilder out = new StringBuilder("frr defaults traditional\nhostname kubelb-frr\n");
        logFile.ifPresent(f -> out.append("log file ").append(f).append(" informational\n"));
        // route-map changes take effect at once, not after bgpd's 5 s delay timer
        out.append("bgp route-map delay-timer 0\n");
        out.append("!\n");
        StringBuilder maps = new StringBuilder();
        for (BgpPeer peer : config.peers()) {
            policy(peer, routes.stream().filter(r -> r.peer().equals(peer.name())).toList(), out, maps);
        }
        out.append(maps);
        if (config.peers().isEmpty()) {
            return out.toString();
        }
        BgpPeer first = config.peers().get(0);
        out.append("router bgp ").append(first.myAsn()).append('\n');
        first.routerId().ifPresent(r -> out.append(" bgp router-id ").append(r).append('\n'));
        out.append(" no bgp ebgp-requires-policy\n no bgp network import-check\n no bgp default ipv4-unicast\n");
        for (BgpPeer p : config.peers()) {
            neighbor(p, passwords.get(p.name()), out);
        }
        for (IpFamily family : IpFamily.values()) {
            addressFamily(config, routes, addresses, family, out);
        }
        out.append("exit\n!\n");
        return out.toString();
    }

    private static void neighbor(BgpPeer p, String password, StringBuilder out) {
        String n = " neighbor " + p.address() + " ";
        out.append(n).append("remote-as ").append(p.peerAsn().orElseThrow()).append('\n');
        if (p.port() != 179) {
            out.append(n).append("port ").append(p.port()).append('\n');
        }
        if (p.holdTime().isPresent() || p.keepaliveTime().isPresent()) {
            long hold = p.holdTime().map(java.time.Duration::toSeconds).orElse(90L);
            long keepalive = p.keepaliveTime().map(java.time.Duration::toSeconds).orElse(hold / 3);
            out.append(n).append("timers ").append(keepalive).append(' ').append(hold).append('\n');
        }
        p.connectTime().ifPresent(c -> out.append(n).append("timers connect ").append(c.toSeconds()).append('\n'));
        if (password != null) {
            out.append(n).append("password ").append(password).append('\n');
        }
        p.sourceAddress().ifPresent(s -> out.append(n).append("update-source ").append(s).append('\n'));
        if (p.ebgpMultiHop()) {
            out.append(n).append("ebgp-multihop\n");
        }
    }

    private static void addressFamily(ApplianceConfig config, List<RouteAnnouncement> routes,
            List<IpAddress> addresses, IpFamily family, StringBuilder out) {
        List<BgpPeer> peers = config.peers().stream().filter(p -> p.address().family() == family).toList();
        if (peers.isEmpty()) {
            return;
        }
        int host = family == IpFamily.IPV4 ? 32 : 128;
        TreeSet<String> networks = new TreeSet<>();
        TreeSet<String> aggregates = new TreeSet<>();
        List<RouteAnnouncement> mine = routes.stream().filter(r -> r.prefix().family() == family).toList();
        for (RouteAnnouncement r : mine) {
            if (r.prefix().prefixLength() < host) {
                aggregates.add(r.prefix().toString());
            }
        }
        // the host routes, which the aggregates are built from: every address some route covers
        for (IpAddress a : addresses) {
            if (mine.stream().anyMatch(r -> r.prefix().contains(a))) {
                networks.add(AddressRange.cidr(a, host).toString());
            }
        }
        out.append(" !\n address-family ").append(family == IpFamily.IPV4 ? "ipv4" : "ipv6").append(" unicast\n");
        networks.forEach(nw -> out.append("  network ").append(nw).append('\n'));
        aggregates.forEach(a -> out.append("  aggregate-address ").append(a).append('\n'));
        for (BgpPeer p : peers) {
            out.append("  neighbor ").append(p.address()).append(" activate\n");
            out.append("  neighbor ").append(p.address()).append(" route-map ").append(mapName(p)).append(" out\n");
        }
        out.append(" exit-address-family\n");
    }

    /** One peer's prefix-lists (into {@code lists}) and outbound route-map (into {@code maps}). */
    private static void policy(BgpPeer peer, List<RouteAnnouncement> routes, StringBuilder lists, StringBuilder maps) {
        // attribute set -> its prefixes, in the order first met (routes are sorted)
        Map<String, List<RouteAnnouncement>> sets = new LinkedHashMap<>();
        for (RouteAnnouncement r : routes) {
            sets.computeIfAbsent(sets(r, peer), k -> new ArrayList<>()).add(r);
        }
        int n = 0;
        for (Map.Entry<String, List<RouteAnnouncement>> e : sets.entrySet()) {
            n++;
            String list = "kubelb-" + peer.name() + "-" + n;
            boolean v4 = peer.address().family() == IpFamily.IPV4;
            int seq = 0;
            for (RouteAnnouncement r : e.getValue()) {
                seq += 5;
                lists.append(v4 ? "ip" : "ipv6").append(" prefix-list ").append(list).append(" seq ").append(seq)
                        .append(" permit ").append(r.prefix()).append('\n');
            }
            maps.append("route-map ").append(mapName(peer)).append(" permit ").append(10 * n).append('\n')
                    .append(" match ").append(v4 ? "ip" : "ipv6").append(" address prefix-list ").append(list)
                    .append('\n').append(e.getKey()).append("exit\n!\n");
        }
        if (!sets.isEmpty()) {
            lists.append("!\n");
        }
        // the map exists even when empty: the peer then receives nothing
        maps.append("route-map ").append(mapName(peer)).append(" deny 65000\nexit\n!\n");
    }

    /** The {@code set} lines of a route: the attributes that group it with others. */
    private static String sets(RouteAnnouncement r, BgpPeer peer) {
        StringBuilder s = new StringBuilder();
        List<String> standard = new ArrayList<>();
        List<String> large = new ArrayList<>();
        for (Community c : r.communities()) {
            if (c instanceof Community.Large l) {
                large.add(l.globalAdmin() + ":" + l.localData1() + ":" + l.localData2());
            } else if (c instanceof Community.WellKnown w) {
                standard.add(WELL_KNOWN.get(w.name()));
            } else if (c instanceof Community.Standard st) {
                standard.add(st.asn() + ":" + st.value());
            }
        }
        if (!standard.isEmpty()) {
            s.append(" set community ").append(String.join(" ", standard)).append('\n');
        }
        if (!large.isEmpty()) {
            s.append(" set large-community ").append(String.join(" ", large)).append('\n');
        }
        if (peer.isInternal() && r.localPref().isPresent() && r.localPref().get() != FrrAdvertiser.DEFAULT_LOCAL_PREF) {
            s.append(" set local-preference ").append(r.localPref().get()).append('\n');
        }
        return s.toString();
    }

    static String mapName(BgpPeer peer) {
        return "kubelb-" + peer.name() + "-out";
    }
}
