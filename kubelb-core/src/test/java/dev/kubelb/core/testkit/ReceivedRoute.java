package dev.kubelb.core.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * One route as a {@link BgpLab} router received it, every attribute the router reports.
 *
 * @param session the family of the BGP session that carried it ({@code "ipv4"} or {@code "ipv6"}: the family of
 *        the speaker's address the session runs between)
 * @param prefix the prefix, e.g. {@code 10.10.255.200/32}
 * @param nextHop the NEXT_HOP (MP_REACH next hop for IPv6; the global address where the speaker also sends a
 *        link-local one)
 * @param communities standard communities as {@code ASN:value}, in the order received
 * @param largeCommunities large communities as {@code global:local1:local2}, in the order received
 * @param localPref LOCAL_PREF as received; empty when none travelled (BIRD sets its own default over eBGP,
 *        so from BIRD it is reported over iBGP only)
 * @param asPath the AS path, nearest AS first
 * @param origin {@code IGP}, {@code EGP} or {@code INCOMPLETE}
 */
public record ReceivedRoute(String session, String prefix, String nextHop, List<String> communities,
        List<String> largeCommunities, Optional<Long> localPref, List<Long> asPath, String origin) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern BIRD_HEAD =
            Pattern.compile("^([0-9a-fA-F:.]+/[0-9]+)?\\s+unicast \\[(\\S+) .*");
    private static final Pattern PAIR = Pattern.compile("\\((\\d+),\\s*(\\d+)\\)");
    private static final Pattern TRIPLE = Pattern.compile("\\((\\d+),\\s*(\\d+),\\s*(\\d+)\\)");

    /** Copies the lists. */
    public ReceivedRoute {
        communities = List.copyOf(communities);
        largeCommunities = List.copyOf(largeCommunities);
        asPath = List.copyOf(asPath);
    }

    /**
     * Parses {@code birdc show route [table master6] all}.
     *
     * @param text BIRD's output
     * @param sessionOf the session family of each protocol name (the header names the protocol)
     * @param ibgp whether the sessions are internal (only then is BIRD's local preference the one received)
     */
    static List<ReceivedRoute> fromBird(String text, java.util.function.Function<String, String> sessionOf,
            boolean ibgp) {
        List<ReceivedRoute> out = new ArrayList<>();
        Builder b = null;
        String prefix = null;
        for (String line : text.lines().toList()) {
            Matcher head = BIRD_HEAD.matcher(line);
            if (head.matches()) {
                if (b != null) {
                    out.add(b.build());
                }
                prefix = head.group(1) != null ? head.group(1) : prefix;
                b = new Builder(sessionOf.apply(head.group(2)), prefix);
                continue;
            }
            if (b == null) {
                continue;
            }
            String l = line.strip();
            int colon = l.indexOf(": ");
            String key = colon < 0 ? l.replace(":", "") : l.substring(0, colon);
            String value = colon < 0 ? "" : l.substring(colon + 2).strip();
            switch (key) {
                case "BGP.origin" -> b.origin = value.toUpperCase(java.util.Locale.ROOT);
                case "BGP.as_path" -> {
                    for (String as : value.split("\\s+")) {
                        if (!as.isEmpty()) {
                            b.asPath.add(Long.parseLong(as));
                        }
                    }
                }
                case "BGP.next_hop" -> b.nextHop = value.split("\\s+")[0];
                case "BGP.local_pref" -> b.localPref = ibgp ? Optional.of(Long.parseLong(value)) : Optional.empty();
                case "BGP.community" -> {
                    Matcher m = PAIR.matcher(value);
                    while (m.find()) {
                        b.communities.add(m.group(1) + ":" + m.group(2));
                    }
                }
                case "BGP.large_community" -> {
                    Matcher m = TRIPLE.matcher(value);
                    while (m.find()) {
                        b.large.add(m.group(1) + ":" + m.group(2) + ":" + m.group(3));
                    }
                }
                default -> { }
            }
        }
        if (b != null) {
            out.add(b.build());
        }
        return out;
    }

    /**
     * Parses {@code gobgp neighbor ADDRESS adj-in -a FAMILY -j}.
     *
     * @param json GoBGP's output
     * @param session the family of the session the neighbor address belongs to
     */
    static List<ReceivedRoute> fromGoBgp(String json, String session) {
        List<ReceivedRoute> out = new ArrayList<>();
        JsonNode root;
        try {
            root = JSON.readTree(json.isBlank() ? "{}" : json);
        } catch (JacksonException e) {
            throw new IllegalStateException("GoBGP's adj-in is not JSON: " + json, e);
        }
        root.properties().forEach(entry -> {
            for (JsonNode path : entry.getValue()) {
                Builder b = new Builder(session, path.path("nlri").path("prefix").asString(entry.getKey()));
                for (JsonNode attr : path.path("attrs")) {
                    switch (attr.path("type").asInt()) {
                        case 1 -> b.origin = List.of("IGP", "EGP", "INCOMPLETE").get(attr.path("value").asInt());
                        case 2 -> attr.path("as_paths").forEach(seg -> seg.path("asns")
                                .forEach(as -> b.asPath.add(as.asLong())));
                        case 3, 14 -> b.nextHop = attr.path("nexthop").asString();
                        case 5 -> b.localPref = Optional.of(attr.path("value").asLong());
                        case 8 -> attr.path("communities").forEach(c -> b.communities.add(
                                (c.asLong() >> 16) + ":" + (c.asLong() & 0xffff)));
                        case 32 -> attr.path("value").forEach(c -> b.large.add(c.path("ASN").asLong() + ":"
                                + c.path("LocalData1").asLong() + ":" + c.path("LocalData2").asLong()));
                        default -> { }
                    }
                }
                out.add(b.build());
            }
        });
        return out;
    }

    private static final class Builder {
        final String session;
        final String prefix;
        String nextHop = "";
        final List<String> communities = new ArrayList<>();
        final List<String> large = new ArrayList<>();
        Optional<Long> localPref = Optional.empty();
        final List<Long> asPath = new ArrayList<>();
        String origin = "";

        Builder(String session, String prefix) {
            this.session = session;
            this.prefix = prefix;
        }

        ReceivedRoute build() {
            return new ReceivedRoute(session, prefix, nextHop, communities, large, localPref, asPath, origin);
        }
    }
}
