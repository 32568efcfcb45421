package dev.kubelb.examples.providerfrr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelb.api.Allocation;
import dev.kubelb.api.ApplianceConfig;
import dev.kubelb.api.IpAddress;
import dev.kubelb.api.LoadBalancerId;
import dev.kubelb.api.RouteAnnouncement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The speaker's rendering and reloading against real routers, without the engine: a configuration and allocations
 * are rendered ({@link FrrAdvertiser}, {@link FrrConf}) and applied to a running bgpd ({@link FrrReloader}); BIRD
 * (eBGP, iBGP) and GoBGP (eBGP) receive over IPv4 and IPv6 sessions exactly what the speaker says it announces.
 * Root and Debian's frr, frr-pythontools, bird2 and gobgpd are needed (skipped loudly without, failed with CI=true).
 */
class FrrRoutesIT extends FrrRig {
    private static Path dir;
    private ApplianceConfig config;
    private final List<Allocation> allocations = new ArrayList<>();
    private FrrReloader reloader;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createDirectories(Path.of("target", "frr-routes-it").toAbsolutePath());
        startRouters(dir);
    }

    @AfterAll
    static void stop() {
        stopRouters();
    }

    @BeforeEach
    void speaker() {
        config = SpeakerFile.read("test", """
                asn: 64500
                pools:
                - {name: plain, addresses: [10.10.232.0/28]}
                - {name: tagged, addresses: [10.10.230.0/28]}
                - {name: agg, addresses: [10.10.255.192/28]}
                - {name: v6, addresses: ["2001:db8:ffff:1::/64"]}
                """ + peers("") + """
                advertisements:
                - {name: plain, pools: [plain]}
                - name: tagged
                  pools: [tagged]
                  communities: ["64512:100", no-export]
                  largeCommunities: ["64500:1:2"]
                  localPref: 150
                - {name: tagged-ibgp, pools: [tagged], peers: [ibgp], communities: ["64512:7"], localPref: 170}
                - {name: agg, pools: [agg], aggregationLength: 28, peers: [ebgp, gobgp]}
                - {name: agg-hosts, pools: [agg], peers: [ibgp]}
                - {name: v6, pools: [v6], aggregationLengthV6: 64}
                """, "kubelb-system");
        reloader = new FrrReloader(FrrOptions.of(Map.of(FrrOptions.VTY_SOCKET, frr.vtySocketDir().toString(),
                FrrOptions.CONFIG_FILE, dir.resolve("kubelb-frr.conf").toString())));
    }

    @AfterEach
    void withdrawAll() {
        allocations.clear();
        apply();
    }

    private List<RouteAnnouncement> routes() {
        return FrrAdvertiser.routes(config, allocations);
    }

    private void apply() {
        reloader.apply(FrrConf.render(config, routes(), allocations.stream().flatMap(a -> a.addresses().stream())
                .toList(), Map.of(), Optional.empty()), List.of());
    }

    private void allocate(String name, String pool, String... ips) {
        allocations.add(new Allocation(new LoadBalancerId("tenant-a", name), pool,
                java.util.Arrays.stream(ips).map(IpAddress::parse).toList(), Optional.empty()));
        apply();
    }

    private void release(String name) {
        allocations.removeIf(a -> a.id().name().equals(name));
        apply();
    }

    private void assertRoutersHold(String prefixStart) throws InterruptedException {
        assertRoutersHold(() -> config, this::routes, p -> p.startsWith(prefixStart));
    }

    @Test
    void anIpv4AddressIsAnnouncedToEveryIpv4SessionAndWithdrawnOnRelease() throws Exception {
        allocate("web", "plain", "10.10.232.3");
        assertRoutersHold("10.10.232.");
        assertThat(ebgp.prefixes()).contains("10.10.232.3/32");
        assertThat(gobgp.received()).filteredOn(r -> r.prefix().equals("10.10.232.3/32"))
                .extracting(r -> r.session() + " via " + r.nextHop()).containsExactly("ipv4 via " + gobgp.hostAddress());
        release("web");
        assertRoutersHold("10.10.232.");
        assertThat(ebgp.prefixes()).noneMatch(p -> p.startsWith("10.10.232."));
    }

    @Test
    void standardAndLargeCommunitiesAndLocalPreferenceArriveAsTheSpeakerSays() throws Exception {
        allocate("db", "tagged", "10.10.230.5");
        assertRoutersHold("10.10.230.");
        assertThat(gobgp.received()).filteredOn(r -> r.prefix().equals("10.10.230.5/32")).singleElement()
                .satisfies(r -> {
                    assertThat(r.communities()).containsExactly("64512:100", "65535:65281");
                    assertThat(r.largeCommunities()).containsExactly("64500:1:2");
                    assertThat(r.localPref()).as("no LOCAL_PREF over eBGP").isEmpty();
                });
        assertThat(ibgp.received()).filteredOn(r -> r.prefix().equals("10.10.230.5/32")).singleElement()
                .satisfies(r -> {
                    assertThat(r.communities()).as("two advertisements' communities, unioned")
                            .containsExactly("64512:7", "64512:100", "65535:65281");
                    assertThat(r.localPref()).as("the higher of 150 and 170, over iBGP").contains(170L);
                });
    }

    @Test
    void anAggregatedPoolIsAnnouncedAsItsBlockWhereAdvertisedSoAndAsHostRoutesElsewhere() throws Exception {
        allocate("a", "agg", "10.10.255.201");
        allocate("b", "agg", "10.10.255.202");
        assertRoutersHold("10.10.255.");
        assertThat(ebgp.prefixes()).filteredOn(p -> p.startsWith("10.10.255.")).containsExactly("10.10.255.192/28");
        assertThat(ibgp.prefixes()).filteredOn(p -> p.startsWith("10.10.255."))
                .containsExactly("10.10.255.201/32", "10.10.255.202/32");
        release("a");
        assertRoutersHold("10.10.255.");
        assertThat(gobgp.prefixes()).as("the aggregate stays for b").contains("10.10.255.192/28");
        release("b");
        assertRoutersHold("10.10.255.");
        assertThat(gobgp.prefixes()).noneMatch(p -> p.startsWith("10.10.255."));
    }

    @Test
    void anIpv6PoolIsAnnouncedOverTheIpv6SessionsOnly() throws Exception {
        allocate("v6", "v6", "2001:db8:ffff:1::7");
        assertRoutersHold("2001:db8:ffff:1:");
        assertThat(gobgp.received()).filteredOn(r -> r.prefix().startsWith("2001:db8:ffff:1:"))
                .extracting(r -> r.session() + " " + r.prefix() + " via " + r.nextHop())
                .containsExactly("ipv6 2001:db8:ffff:1::/64 via " + gobgp.hostAddress6());
        assertThat(ibgp.prefixes()).as("an IPv4 session carries no IPv6 route").noneMatch(p -> p.contains(":"));
        release("v6");
        assertRoutersHold("2001:db8:ffff:1:");
    }

    @Test
    void aReloadNeitherRestartsBgpdNorResetsASession() throws Exception {
        allocate("first", "plain", "10.10.232.1");
        assertRoutersHold("10.10.232.");
        long pid = frr.bgpdPid();
        // every session up first (an IPv6 one may still be connecting when the IPv4 routes have arrived)
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        Map<String, Long> sessions = frr.establishedCounts();
        while (sessions.size() != 5 || sessions.values().stream().anyMatch(n -> n <= 0)) {
            assertThat(System.nanoTime()).as("all five sessions established: " + sessions).isLessThan(deadline);
            Thread.sleep(100);
            sessions = frr.establishedCounts();
        }
        allocate("second", "tagged", "10.10.230.9");
        release("first");
        allocate("third", "agg", "10.10.255.210");
        assertRoutersHold("10.10.2");
        assertThat(frr.bgpdPid()).as("bgpd's pid").isEqualTo(pid);
        assertThat(frr.establishedCounts()).as("no session was re-established").isEqualTo(sessions);
        assertThat(reloader.apply(FrrConf.render(config, routes(), allocations.stream()
                .flatMap(a -> a.addresses().stream()).toList(), Map.of(), Optional.empty()), List.of()))
                .as("the same configuration again is not sent").isFalse();
    }
}
