package dev.kubelb.provider.metallb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelb.api.AddressPool;
import dev.kubelb.api.ApplianceConfig;
import dev.kubelb.api.BgpAdvertisement;
import dev.kubelb.api.BgpPeer;
import dev.kubelb.api.CommunityAlias;
import dev.kubelb.api.LabelSelector;
import dev.kubelb.api.PoolScope;
import dev.kubelb.api.Problem;
import dev.kubelb.api.SecretRef;
import dev.kubelb.api.ValidationReport;
import dev.kubelb.spi.ProviderContext;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** MetalLB's admission rules on a whole configuration, and the warnings for classic mistakes. */
class ValidationTest {
    private final MetalLbSession session = new MetalLbSession(ProviderContext.offline("metallb-system"));

    private static final AddressPool EXTERN = AddressPool.builder("extern").addresses("10.10.255.200-10.10.255.250")
            .avoidBuggyIps(true).build();
    private static final BgpPeer PEER = BgpPeer.builder("router", 64500, 64501, "10.0.0.1").build();

    private ValidationReport validate(ApplianceConfig config) {
        return session.validate(config);
    }

    private static List<String> text(List<Problem> problems) {
        return problems.stream().map(Problem::toString).toList();
    }

    @Test
    void theSeedAndTheCorpusAreValid() {
        for (String f : List.of("seed.yaml", "pools.yaml", "bgp.yaml", "l2.yaml", "peers.yaml")) {
            ValidationReport r = validate(session.importConfig(Manifests.load(f)));
            assertThat(r.errors()).as(f).isEmpty();
        }
        ValidationReport seed = validate(session.importConfig(Manifests.load("seed.yaml")));
        assertThat(seed.warnings()).isEmpty();
    }

    @Test
    void overlappingPoolsNameBothPools() {
        ApplianceConfig c = ApplianceConfig.builder()
                .pool(AddressPool.builder("b").addresses("192.0.2.128/25", "198.51.100.0/24").build())
                .pool(AddressPool.builder("a").addresses("203.0.113.0/24", "192.0.2.0/24").build())
                .pool(AddressPool.builder("c").addresses("198.51.100.7-198.51.100.9").build())
                .advertisement(BgpAdvertisement.builder("all").build()).peer(PEER).build();
        assertThat(text(validate(c).errors())).containsExactly(
                "IPAddressPool/b: spec.addresses[0]: '192.0.2.128/25' overlaps '192.0.2.0/24' of IPAddressPool/a "
                        + "(spec.addresses[1])",
                "IPAddressPool/c: spec.addresses[0]: '198.51.100.7-198.51.100.9' overlaps '198.51.100.0/24' of "
                        + "IPAddressPool/b (spec.addresses[1])");
    }

    @Test
    void aggregationLengthMayNotBeShorterThanTheWidestBlockOfARange() {
        // 10.10.255.200-10.10.255.250 splits into blocks as wide as /28
        ApplianceConfig ok = ApplianceConfig.builder().pool(EXTERN).peer(PEER)
                .advertisement(BgpAdvertisement.builder("agg").pools("extern").aggregation(28, 128).build()).build();
        assertThat(validate(ok).errors()).isEmpty();
        ApplianceConfig bad = ApplianceConfig.builder().pool(EXTERN).peer(PEER)
                .advertisement(BgpAdvertisement.builder("agg").pools("extern").aggregation(24, 128).build()).build();
        assertThat(text(validate(bad).errors())).containsExactly(
                "BGPAdvertisement/agg: spec.aggregationLength: invalid aggregation length 24: prefix 28 of "
                        + "'10.10.255.200-10.10.255.250' in IPAddressPool/extern (spec.addresses[0]) is more specific "
                        + "than the aggregation length");
    }

    @Test
    void aggregationLengthAgainstACidrAndIpv6() {
        ApplianceConfig c = ApplianceConfig.builder()
                .pool(AddressPool.builder("dual").addresses("192.0.2.0/26", "2001:db8::/120").build()).peer(PEER)
                .advertisement(BgpAdvertisement.builder("agg").aggregation(25, 112).build()).build();
        assertThat(text(validate(c).errors())).containsExactly(
                "BGPAdvertisement/agg: spec.aggregationLength: invalid aggregation length 25: prefix 26 of "
                        + "'192.0.2.0/26' in IPAddressPool/dual (spec.addresses[0]) is more specific than the "
                        + "aggregation length",
                "BGPAdvertisement/agg: spec.aggregationLengthV6: invalid aggregation length 112: prefix 120 of "
                        + "'2001:db8::/120' in IPAddressPool/dual (spec.addresses[1]) is more specific than the "
                        + "aggregation length");
    }

    @Test
    void aggregationIsRefusedWithTheAdvertisementsOwnServiceSelectorsNotThePools() {
        // MetalLB 0.16 config.go bgpAdvertisementFromCR: "serviceSelectors and aggregationLength are mutually
        // exclusive" is a rule of the advertisement; a pool's serviceAllocation.serviceSelectors do not matter
        AddressPool scoped = AddressPool.builder("scoped").addresses("192.0.2.0/24")
                .scope(new PoolScope(Optional.empty(), List.of(), List.of(),
                        List.of(LabelSelector.of(Map.of("app", "web"))))).build();
        ApplianceConfig poolScoped = ApplianceConfig.builder().pool(scoped).peer(PEER)
                .advertisement(BgpAdvertisement.builder("agg").pools("scoped").aggregation(30, 128).build()).build();
        assertThat(validate(poolScoped).errors()).isEmpty();
        ApplianceConfig c = ApplianceConfig.builder().pool(scoped).peer(PEER)
                .advertisement(BgpAdvertisement.builder("agg").pools("scoped").aggregation(30, 120)
                        .serviceSelector(LabelSelector.of(Map.of("app", "web"))).build()).build();
        assertThat(text(validate(c).errors())).containsExactly(
                "BGPAdvertisement/agg: spec.aggregationLength: serviceSelectors and aggregationLength are mutually "
                        + "exclusive: services can only be selected with the default /32",
                "BGPAdvertisement/agg: spec.aggregationLengthV6: serviceSelectors and aggregationLengthV6 are "
                        + "mutually exclusive: services can only be selected with the default /128");
        ApplianceConfig zero = ApplianceConfig.builder().pool(EXTERN).peer(PEER)
                .advertisement(BgpAdvertisement.builder("zero").pools("extern").aggregation(0, 128).build()).build();
        assertThat(text(validate(zero).errors())).contains(
                "BGPAdvertisement/zero: spec.aggregationLength: invalid aggregation length 0 for IPv4: must be "
                        + "between 1 and 32");
    }

    @Test
    void advertisementsNamingMissingPoolsPeersAndCommunities() {
        ApplianceConfig c = ApplianceConfig.builder().pool(EXTERN).peer(PEER)
                .communityAlias(new CommunityAlias("known", dev.kubelb.api.Community.parse("1:1")))
                .advertisement(BgpAdvertisement.builder("bgp").pools("extern", "intern").peers("router", "ghost")
                        .communities("known", "unknown", "64512:1").build())
                .advertisement(new dev.kubelb.api.L2Advertisement("l2", List.of("nowhere"), List.of(), List.of(),
                        List.of()))
                .build();
        // MetalLB skips pool and peer names that match nothing (config.go setBGPAdvertisementsToPools), but an
        // unknown community alias fails the configuration (getCommunityValue)
        assertThat(text(validate(c).errors())).containsExactly(
                "BGPAdvertisement/bgp: spec.communities[1]: community alias 'unknown' is not defined by any Community");
        assertThat(text(validate(c).warnings())).contains(
                "BGPAdvertisement/bgp: spec.ipAddressPools[1]: IPAddressPool 'intern' does not exist: the name is "
                        + "skipped",
                "BGPAdvertisement/bgp: spec.peers[1]: BGPPeer 'ghost' does not exist: no session receives these "
                        + "routes through it",
                "L2Advertisement/l2: spec.ipAddressPools[0]: IPAddressPool 'nowhere' does not exist: the name is "
                        + "skipped");
    }

    @Test
    void duplicateAdvertisementsAndAliases() {
        ApplianceConfig c = ApplianceConfig.builder().pool(EXTERN).peer(PEER)
                .advertisement(BgpAdvertisement.builder("one").pools("extern").build())
                .advertisement(BgpAdvertisement.builder("two").pools("extern").build())
                .communityAlias(new CommunityAlias("x", dev.kubelb.api.Community.parse("1:1")))
                .communityAlias(new CommunityAlias("x", dev.kubelb.api.Community.parse("1:2")))
                .build();
        // MetalLB compares whole objects, names included (config.go validateDuplicateBGPAdvertisements): two
        // advertisements equal but for their names are valid
        assertThat(text(validate(c).errors())).containsExactly(
                "Community/communities: spec.communities[1].name: duplicate definition of community 'x'");
    }

    @Test
    void peerRules() {
        ApplianceConfig c = ApplianceConfig.builder().pool(EXTERN)
                .advertisement(BgpAdvertisement.builder("all").build())
                .peer(BgpPeer.builder("a", 64500, 64501, "10.0.0.1").build())
                .peer(BgpPeer.builder("b", 64500, 64502, "10.0.0.1").build())
                .peer(BgpPeer.builder("c", 64500, 64503, "10.0.0.1").vrf("red").build())
                .peer(BgpPeer.builder("ibgp", 64500, 64500, "10.0.0.2").ebgpMultiHop(true).bfdProfile("missing")
                        .build())
                .peer(BgpPeer.builder("port", 64500, 64501, "10.0.0.3").port(20000)
                        .passwordSecret(new SecretRef("", "pw", "secret")).build())
                .build();
        assertThat(text(validate(c).errors())).containsExactly(
                "BGPPeer/b: spec.peerAddress: peer 10.0.0.1 already exists as BGPPeer/a",
                "BGPPeer/ibgp: spec.ebgpMultiHop: invalid ebgp-multihop parameter set for an ibgp peer",
                "BGPPeer/ibgp: spec.bfdProfile: BFDProfile 'missing' does not exist",
                "BGPPeer/port: spec.peerPort: port 20000 is out of range 1..16384",
                "BGPPeer/port: spec.passwordSecret: MetalLB reads the password from the key 'password', not 'secret'");
    }

    @Test
    void warningsForTheClassicMistakes() {
        ApplianceConfig c = ApplianceConfig.builder()
                .pool(EXTERN)
                .pool(AddressPool.builder("silent").addresses("192.0.2.0/28").build())
                .peer(PEER)
                .peer(BgpPeer.builder("lonely", 64500, 64502, "10.0.0.9").build())
                .advertisement(BgpAdvertisement.builder("extern").pools("extern").peers("router").build())
                .advertisement(BgpAdvertisement.builder("by-label")
                        .poolSelector(LabelSelector.of(Map.of("tier", "gold"))).build())
                .advertisement(new dev.kubelb.api.L2Advertisement("l2", List.of(), List.of(
                        LabelSelector.of(Map.of("mode", "l2"))), List.of(), List.of()))
                .build();
        ValidationReport r = validate(c);
        assertThat(r.errors()).isEmpty();
        assertThat(text(r.warnings())).containsExactly(
                "IPAddressPool/silent: no BGPAdvertisement or L2Advertisement selects this pool: its addresses are "
                        + "allocated but never announced",
                "BGPAdvertisement/by-label: spec.ipAddressPoolSelectors: selects no IPAddressPool: this advertisement "
                        + "announces nothing",
                "L2Advertisement/l2: spec.ipAddressPoolSelectors: selects no IPAddressPool: this advertisement "
                        + "announces nothing",
                "BGPPeer/lonely: no BGPAdvertisement that selects a pool reaches this peer: it receives no routes");
    }

    @Test
    void everyPeerIsUnreachedWithoutBgpAdvertisements() {
        ApplianceConfig c = ApplianceConfig.builder().pool(EXTERN).peer(PEER)
                .advertisement(new dev.kubelb.api.L2Advertisement("l2", List.of(), List.of(), List.of(), List.of()))
                .build();
        assertThat(text(validate(c).warnings())).containsExactly(
                "BGPPeer/router: no BGPAdvertisement that selects a pool reaches this peer: it receives no routes");
    }

    @Test
    void differentLocalPreferencesForTheSameUpdateAreRefused() {
        ApplianceConfig c = ApplianceConfig.builder().pool(EXTERN).peer(PEER)
                .advertisement(BgpAdvertisement.builder("a").pools("extern").localPref(100).build())
                .advertisement(BgpAdvertisement.builder("b").pools("extern").localPref(200).peers("router").build())
                .advertisement(BgpAdvertisement.builder("c").pools("extern").localPref(300).aggregation(28, 120)
                        .build())
                .build();
        assertThat(text(validate(c).errors())).containsExactly(
                "BGPAdvertisement/b: spec.localPref: invalid local preference 200: BGPAdvertisement/a already sets 100 "
                        + "for the same BGP update (IPAddressPool/extern, same aggregation length, common peers and "
                        + "nodes)");
    }

    @Test
    void bfdEchoModeCannotServeIpv6Routes() {
        List<io.fabric8.kubernetes.api.model.HasMetadata> objects = new java.util.ArrayList<>(
                Manifests.load("peers.yaml"));
        objects.addAll(Manifests.load("bgp.yaml"));
        assertThat(text(validate(session.importConfig(objects)).errors())).containsExactly(
                "BGPAdvertisement/local: spec.peers: IPAddressPool/bgp-pool has IPv6 addresses and this advertisement "
                        + "reaches BGPPeer/everything, whose BFDProfile/full enables echo mode, which is not possible");
    }
}
