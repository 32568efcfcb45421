package dev.kubelb.examples.providerfrr;

import dev.kubelb.api.AddressPool;
import dev.kubelb.api.AddressRange;
import dev.kubelb.api.Advertisement;
import dev.kubelb.api.ApplianceConfig;
import dev.kubelb.api.BgpAdvertisement;
import dev.kubelb.api.BgpPeer;
import dev.kubelb.api.Community;
import dev.kubelb.api.ConfigurationException;
import dev.kubelb.api.IpAddress;
import dev.kubelb.api.IpFamily;
import dev.kubelb.api.Problem;
import dev.kubelb.api.SecretRef;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The speaker's configuration format: one YAML document (the value of {@code data.speaker.yaml} of the ConfigMap
 * {@code kubelb-frr}), read strictly into the neutral model and written back canonically.
 *
 * <pre>
 * asn: 64500                       # bgpd's AS (router bgp)
 * routerID: 198.51.100.1           # optional
 * pools:
 * - {name: extern, addresses: ["10.10.255.200-10.10.255.250"], avoidBuggyIPs: true, autoAssign: true}
 * peers:
 * - name: core                     # unique; each peer's session carries its address's family only
 *   address: 198.51.100.2
 *   asn: 64501                     # = asn: iBGP
 *   port: 179
 *   holdTime: 3                    # seconds; keepaliveTime, connectTime too
 *   keepaliveTime: 1
 *   connectTime: 1
 *   ebgpMultiHop: false
 *   sourceAddress: 198.51.100.1
 *   passwordSecret: {name: bgp-auth, key: password}   # a Secret in the speaker's namespace (TCP MD5)
 * advertisements:
 * - name: default
 *   pools: [extern]
 *   peers: [core]                  # default: every peer
 *   communities: ["64512:100", no-export]
 *   largeCommunities: ["64500:1:2"]
 *   localPref: 150                 # sent over iBGP only
 *   aggregationLength: 32          # aggregationLengthV6: 128
 * </pre>
 */
final class SpeakerFile {
    /** The ConfigMap's data key holding the YAML. */
    static final String KEY = "speaker.yaml";

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final Set<String> TOP = Set.of("asn", "routerID", "pools", "peers", "advertisements");
    private static final Set<String> POOL = Set.of("name", "addresses", "autoAssign", "avoidBuggyIPs");
    private static final Set<String> PEER = Set.of("name", "address", "asn", "port", "holdTime", "keepaliveTime",
            "connectTime", "ebgpMultiHop", "sourceAddress", "passwordSecret");
    private static final Set<String> SECRET = Set.of("name", "key");
    private static final Set<String> ADVERTISEMENT = Set.of("name", "pools", "peers", "communities",
            "largeCommunities", "localPref", "aggregationLength", "aggregationLengthV6");

    private SpeakerFile() {
    }

    /**
     * @param object the object named in problems, e.g. {@code ConfigMap/kubelb-system/kubelb-frr}
     * @param yaml the speaker file
     * @param namespace where the password Secrets are
     * @return the configuration
     * @throws ConfigurationException naming every problem, each with its field
     */
    static ApplianceConfig read(String object, String yaml, String namespace) {
        String root = "data." + KEY;
        List<Problem> problems = new ArrayList<>();
        Object doc;
        try {
            doc = SERIALIZATION.unmarshal(yaml, Object.class);
        } catch (RuntimeException e) {
            throw new ConfigurationException(object, root, "not YAML: " + firstLine(e.getMessage()));
        }
        Fields top = Fields.of(object, root, doc, TOP, problems).orElseThrow(() -> new ConfigurationException(problems));
        long asn = top.number("asn", 1, 4294967295L, true).orElse(0L);
        Optional<String> routerId = top.string("routerID", false);
        routerId.ifPresent(r -> top.check("routerID", () -> {
            if (!IpAddress.isValid(r) || IpAddress.parse(r).family() != IpFamily.IPV4) {
                throw new IllegalArgumentException("'" + r + "' is not an IPv4 address");
            }
            return r;
        }));
        List<AddressPool> pools = new ArrayList<>();
        for (Fields.Item i : top.items("pools")) {
            Fields.of(object, i.path(), i.value(), POOL, problems).flatMap(SpeakerFile::pool).ifPresent(pools::add);
        }
        List<BgpPeer> peers = new ArrayList<>();
        for (Fields.Item i : top.items("peers")) {
            Fields.of(object, i.path(), i.value(), PEER, problems)
                    .flatMap(f -> peer(f, asn, routerId, namespace, problems)).ifPresent(peers::add);
        }
        List<Advertisement> ads = new ArrayList<>();
        for (Fields.Item i : top.items("advertisements")) {
            Fields.of(object, i.path(), i.value(), ADVERTISEMENT, problems).flatMap(SpeakerFile::advertisement)
                    .ifPresent(ads::add);
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
        try {
            return new ApplianceConfig(pools, ads, peers, List.of(), List.of());
        } catch (ConfigurationException e) {
            throw e.locate(object, root);
        }
    }

    private static Optional<AddressPool> pool(Fields f) {
        Optional<String> name = f.string("name", true);
        List<AddressRange> ranges = new ArrayList<>();
        List<String> texts = f.strings("addresses");
        for (int i = 0; i < texts.size(); i++) {
            String t = texts.get(i);
            f.check("addresses[" + i + "]", () -> AddressRange.parse(t)).ifPresent(ranges::add);
        }
        if (texts.isEmpty()) {
            f.problem("addresses", "a pool needs at least one address range");
        }
        boolean auto = f.flag("autoAssign", true);
        boolean buggy = f.flag("avoidBuggyIPs", false);
        return name.flatMap(n -> f.check("name", () -> {
            AddressPool.Builder b = AddressPool.builder(n).autoAssign(auto).avoidBuggyIps(buggy);
            ranges.forEach(b::range);
            return b.build();
        }));
    }

    private static Optional<BgpPeer> peer(Fields f, long myAsn, Optional<String> routerId, String namespace,
            List<Problem> problems) {
        Optional<String> name = f.string("name", true);
        Optional<String> address = f.string("address", true);
        Optional<Long> asn = f.number("asn", 1, 4294967295L, true);
        long port = f.number("port", 1, 65535, false).orElse(179L);
        Optional<Long> hold = f.number("holdTime", 0, 65535, false);
        Optional<Long> keepalive = f.number("keepaliveTime", 0, 65535, false);
        Optional<Long> connect = f.number("connectTime", 1, 65535, false);
        boolean multihop = f.flag("ebgpMultiHop", false);
        Optional<String> source = f.string("sourceAddress", false);
        Optional<SecretRef> secret = Optional.empty();
        Object raw = f.raw("passwordSecret");
        if (raw != null) {
            secret = Fields.of(f.object(), f.at("passwordSecret"), raw, SECRET, problems).flatMap(s -> {
                Optional<String> sn = s.string("name", true);
                String key = s.string("key", false).orElse("password");
                return sn.flatMap(n -> s.check("name", () -> new SecretRef(namespace, n, key)));
            });
        }
        if (name.isEmpty() || address.isEmpty() || asn.isEmpty() || myAsn == 0) {
            return Optional.empty();
        }
        Optional<SecretRef> pw = secret;
        return f.check("", () -> {
            BgpPeer.Builder b = BgpPeer.builder(name.get(), myAsn, asn.get(), address.get()).port((int) port)
                    .ebgpMultiHop(multihop);
            if (hold.isPresent() || keepalive.isPresent()) {
                b.timers(Duration.ofSeconds(hold.orElse(90L)), Duration.ofSeconds(keepalive.orElse(hold.orElse(90L) / 3)));
            }
            connect.ifPresent(c -> b.connectTime(Duration.ofSeconds(c)));
            routerId.ifPresent(b::routerId);
            source.ifPresent(b::sourceAddress);
            pw.ifPresent(b::passwordSecret);
            return b.build();
        });
    }

    private static Optional<Advertisement> advertisement(Fields f) {
        Optional<String> name = f.string("name", true);
        List<String> pools = f.strings("pools");
        if (pools.isEmpty()) {
            f.problem("pools", "an advertisement names at least one pool");
        }
        List<String> peers = f.strings("peers");
        List<String> communities = new ArrayList<>();
        List<String> std = f.strings("communities");
        for (int i = 0; i < std.size(); i++) {
            String c = std.get(i);
            int at = i;
            f.check("communities[" + i + "]", () -> {
                Community parsed = Community.parse(c);
                if (parsed instanceof Community.Large || parsed instanceof Community.Alias) {
                    throw new IllegalArgumentException("'" + c + "' is not a standard community (AS:value) or a "
                            + "well-known name; large ones go under largeCommunities");
                }
                return parsed;
            }).ifPresent(p -> communities.add(std.get(at)));
        }
        List<String> large = f.strings("largeCommunities");
        for (int i = 0; i < large.size(); i++) {
            String c = large.get(i);
            f.check("largeCommunities[" + i + "]", () -> Community.parse("large:" + c))
                    .ifPresent(p -> communities.add("large:" + c));
        }
        Optional<Long> localPref = f.number("localPref", 0, 4294967295L, false);
        long agg = f.number("aggregationLength", 0, 32, false).orElse(32L);
        long agg6 = f.number("aggregationLengthV6", 0, 128, false).orElse(128L);
        return name.flatMap(n -> f.check("name", () -> {
            BgpAdvertisement.Builder b = BgpAdvertisement.builder(n).pools(pools.toArray(String[]::new))
                    .peers(peers.toArray(String[]::new)).communities(communities.toArray(String[]::new))
                    .aggregation((int) agg, (int) agg6);
            localPref.ifPresent(b::localPref);
            return b.build();
        }));
    }

    /**
     * @param config a configuration this format can hold (see {@link SpeakerValidation})
     * @return its speaker file, canonical: defaults left out, lists in the configuration's order
     */
    static String write(ApplianceConfig config) {
        Map<String, Object> top = new LinkedHashMap<>();
        config.peers().stream().findFirst().ifPresent(p -> {
            top.put("asn", p.myAsn());
            p.routerId().ifPresent(r -> top.put("routerID", r));
        });
        List<Object> pools = new ArrayList<>();
        for (AddressPool p : config.pools()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", p.name());
            m.put("addresses", p.ranges().stream().map(AddressRange::text).toList());
            putIf(m, "autoAssign", p.autoAssign(), true);
            putIf(m, "avoidBuggyIPs", p.avoidBuggyIps(), false);
            pools.add(m);
        }
        List<Object> peers = new ArrayList<>();
        for (BgpPeer p : config.peers()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", p.name());
            m.put("address", p.address().toString());
            m.put("asn", p.peerAsn().orElseThrow());
            putIf(m, "port", p.port(), 179);
            p.holdTime().ifPresent(d -> m.put("holdTime", d.toSeconds()));
            p.keepaliveTime().ifPresent(d -> m.put("keepaliveTime", d.toSeconds()));
            p.connectTime().ifPresent(d -> m.put("connectTime", d.toSeconds()));
            putIf(m, "ebgpMultiHop", p.ebgpMultiHop(), false);
            p.sourceAddress().ifPresent(s -> m.put("sourceAddress", s.toString()));
            p.passwordSecret().ifPresent(s -> m.put("passwordSecret", Map.of("name", s.name(), "key", s.key())));
            peers.add(m);
        }
        List<Object> ads = new ArrayList<>();
        for (BgpAdvertisement a : config.bgpAdvertisements()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", a.name());
            m.put("pools", a.pools());
            if (!a.peers().isEmpty()) {
                m.put("peers", a.peers());
            }
            List<String> std = a.communities().stream().filter(c -> !(c instanceof Community.Large))
                    .map(Community::text).toList();
            List<String> large = a.communities().stream().filter(c -> c instanceof Community.Large)
                    .map(c -> c.text().substring("large:".length())).toList();
            if (!std.isEmpty()) {
                m.put("communities", std);
            }
            if (!large.isEmpty()) {
                m.put("largeCommunities", large);
            }
            a.localPref().ifPresent(l -> m.put("localPref", l));
            putIf(m, "aggregationLength", a.aggregationLength(), 32);
            putIf(m, "aggregationLengthV6", a.aggregationLengthV6(), 128);
            ads.add(m);
        }
        top.put("pools", pools);
        top.put("peers", peers);
        top.put("advertisements", ads);
        return SERIALIZATION.asYaml(top);
    }

    private static void putIf(Map<String, Object> m, String key, Object value, Object dflt) {
        if (!value.equals(dflt)) {
            m.put(key, value);
        }
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}
