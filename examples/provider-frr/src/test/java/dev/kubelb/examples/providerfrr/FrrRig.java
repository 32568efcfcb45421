package dev.kubelb.examples.providerfrr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelb.api.ApplianceConfig;
import dev.kubelb.api.BgpPeer;
import dev.kubelb.api.Community;
import dev.kubelb.api.IpFamily;
import dev.kubelb.api.RouteAnnouncement;
import dev.kubelb.core.testkit.BgpLab;
import dev.kubelb.core.testkit.FrrNode;
import dev.kubelb.core.testkit.ReceivedRoute;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The routers of the end-to-end tests: the host's FRR (zebra + bgpd, {@link FrrNode}, in a namespace standing for
 * the bare-metal host) and three routers linked to it: BIRD over eBGP (IPv4 and IPv6 sessions), BIRD over iBGP
 * (IPv4), GoBGP over eBGP (IPv4 and IPv6). And the check every scenario makes: each router holds exactly what
 * {@link FrrAdvertiser} says the speaker announces to its peers, every attribute equal.
 */
abstract class FrrRig {
    static final int AS = 64500;
    static FrrNode frr;
    static BgpLab ebgp;
    static BgpLab ibgp;
    static BgpLab gobgp;

    static void startRouters(Path logs) {
        frr = FrrNode.start(logs.resolve("frr"));
        ebgp = BgpLab.builder(BgpLab.Router.BIRD, 64501, AS, logs.resolve("bird")).hostNetns(frr.netns()).ipv6()
                .start();
        ibgp = BgpLab.builder(BgpLab.Router.BIRD, AS, AS, logs.resolve("bird-ibgp")).hostNetns(frr.netns()).start();
        gobgp = BgpLab.builder(BgpLab.Router.GOBGP, 64502, AS, logs.resolve("gobgp")).hostNetns(frr.netns()).ipv6()
                .start();
    }

    static void stopRouters() {
        for (AutoCloseable c : new AutoCloseable[] {ebgp, ibgp, gobgp, frr}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                org.slf4j.LoggerFactory.getLogger(FrrRig.class).debug("cleanup: {}", e.toString());
            }
        }
        ebgp = null;
        ibgp = null;
        gobgp = null;
        frr = null;
    }

    /** The peers block of the speaker file: one peer per router session, fast timers. */
    static String peers(String ebgpExtra) {
        return "peers:\n" + peer("ebgp", ebgp.routerAddress(), 64501, ebgpExtra) + peer("ebgp6", ebgp.routerAddress6(),
                64501, "") + peer("ibgp", ibgp.routerAddress(), AS, "") + peer("gobgp", gobgp.routerAddress(), 64502, "")
                + peer("gobgp6", gobgp.routerAddress6(), 64502, "");
    }

    private static String peer(String name, String address, int asn, String extra) {
        return "- {name: " + name + ", address: \"" + address + "\", asn: " + asn
                + ", holdTime: 3, keepaliveTime: 1, connectTime: 1" + extra + "}\n";
    }

    /** The routers and the names of their peers in the speaker file. */
    static Map<BgpLab, List<String>> routers() {
        Map<BgpLab, List<String>> m = new LinkedHashMap<>();
        m.put(ebgp, List.of("ebgp", "ebgp6"));
        m.put(ibgp, List.of("ibgp"));
        m.put(gobgp, List.of("gobgp", "gobgp6"));
        return m;
    }

    /** What a router reports for a route the speaker announces to one of its peers. */
    static ReceivedRoute received(RouteAnnouncement r, BgpPeer peer, BgpLab lab) {
        List<String> standard = new ArrayList<>();
        List<String> large = new ArrayList<>();
        for (Community c : r.communities()) {
            if (c instanceof Community.Large l) {
                large.add(l.globalAdmin() + ":" + l.localData1() + ":" + l.localData2());
            } else {
                Community.Standard s = c instanceof Community.WellKnown w ? w.asStandard() : (Community.Standard) c;
                standard.add(s.asn() + ":" + s.value());
            }
        }
        boolean v4 = peer.address().family() == IpFamily.IPV4;
        return new ReceivedRoute(v4 ? "ipv4" : "ipv6", r.prefix().toString(), v4 ? lab.hostAddress()
                : lab.hostAddress6(), standard, large, r.localPref(), peer.isInternal() ? List.of()
                : List.of((long) AS), "IGP");
    }

    /**
     * Waits (15 s at most) until every router holds, among the prefixes {@code mine} selects, exactly the routes
     * the speaker says it announces to that router's peers.
     */
    static void assertRoutersHold(Supplier<ApplianceConfig> config, Supplier<List<RouteAnnouncement>> routes,
            Predicate<String> mine) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (true) {
            List<String> diffs = new ArrayList<>();
            List<RouteAnnouncement> said = routes.get();
            for (var e : routers().entrySet()) {
                List<ReceivedRoute> want = new ArrayList<>();
                for (String name : e.getValue()) {
                    BgpPeer peer = config.get().peer(name).orElseThrow();
                    said.stream().filter(r -> r.peer().equals(name) && mine.test(r.prefix().toString()))
                            .map(r -> received(r, peer, e.getKey())).forEach(want::add);
                }
                want.sort(Comparator.comparing(ReceivedRoute::session).thenComparing(ReceivedRoute::prefix));
                List<ReceivedRoute> got = e.getKey().received().stream().filter(r -> mine.test(r.prefix())).toList();
                if (!got.equals(want)) {
                    diffs.add(e.getValue() + ":\n  speaker says " + want + "\n  router holds " + got);
                }
            }
            if (diffs.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                assertThat(diffs).as("routers vs what the speaker says it announces; bgpd's tables:%n%s%n%s%n%s%n%s",
                        frr.vtysh("show bgp ipv4 unicast"), frr.vtysh("show bgp ipv6 unicast"),
                        frr.vtysh("show bgp summary"), frr.vtysh("show route-map") + frr.vtysh("show bgp update-groups")).isEmpty();
            }
            Thread.sleep(50);
        }
    }

    /** @return whether an optional value is present: for readable assertions */
    static boolean has(Optional<?> o) {
        return o.isPresent();
    }
}
