package dev.kubelb.api;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A BGP community attached to announced routes: standard {@code AS:value} (16:16 bits), large
 * {@code large:a:b:c} (32:32:32 bits), a well-known name ({@code no-export}, …) or an alias naming a
 * community defined elsewhere (MetalLB's {@code Community} resource).
 */
public sealed interface Community permits Community.Standard, Community.Large, Community.WellKnown,
        Community.Alias {

    /** Well-known communities by name (RFC 1997, 7611, 7999, 8326, 8642 and friends). */
    Map<String, Long> WELL_KNOWN = Map.of(
            "no-export", 0xFFFFFF01L,
            "no-advertise", 0xFFFFFF02L,
            "no-export-subconfed", 0xFFFFFF03L,
            "no-peer", 0xFFFFFF04L,
            "graceful-shutdown", 0xFFFF0000L,
            "accept-own", 0xFFFF0001L,
            "llgr-stale", 0xFFFF0006L,
            "no-llgr", 0xFFFF0007L,
            "blackhole", 0xFFFF029AL,
            "internet", 0L);

    /** Alias names: a DNS-label-like identifier. */
    Pattern ALIAS = Pattern.compile("[A-Za-z][-A-Za-z0-9_.]*");

    /**
     * @return the canonical text ({@code 64512:100}, {@code large:64500:1:2}, {@code no-export}, the
     *     alias name)
     */
    String text();

    /**
     * Parses a community. Anything with a colon must be a standard or large community; a known
     * well-known name is a {@link WellKnown}; any other identifier is an {@link Alias}.
     *
     * @param text the text
     * @return the community
     * @throws ConfigurationException naming what is wrong
     */
    static Community parse(String text) {
        Objects.requireNonNull(text, "text");
        String s = text.trim();
        if (s.isEmpty()) {
            throw ConfigurationException.field("community", "empty community");
        }
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.startsWith("large:")) {
            String[] p = s.substring(6).split(":", -1);
            if (p.length != 3) {
                throw ConfigurationException.field("community", "'" + text
                        + "' is not a large community (expected large:A:B:C with three 32-bit numbers)");
            }
            return new Large(number(p[0], 0xFFFFFFFFL, text), number(p[1], 0xFFFFFFFFL, text),
                    number(p[2], 0xFFFFFFFFL, text));
        }
        if (s.indexOf(':') >= 0) {
            String[] p = s.split(":", -1);
            if (p.length != 2) {
                throw ConfigurationException.field("community", "'" + text
                        + "' is not a community (expected AS:value with two 16-bit numbers, or large:A:B:C)");
            }
            return new Standard((int) number(p[0], 0xFFFF, text), (int) number(p[1], 0xFFFF, text));
        }
        if (WELL_KNOWN.containsKey(lower)) {
            return new WellKnown(lower);
        }
        if (ALIAS.matcher(s).matches()) {
            return new Alias(s);
        }
        throw ConfigurationException.field("community", "'" + text
                + "' is not a community: expected AS:value, large:A:B:C, a well-known name or an alias");
    }

    private static long number(String part, long max, String text) {
        if (part.isEmpty() || part.length() > 10 || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw ConfigurationException.field("community", "'" + text + "': '" + part + "' is not a number");
        }
        long v = Long.parseLong(part);
        if (v > max) {
            throw ConfigurationException.field("community", "'" + text + "': " + v + " exceeds " + max
                    + (max == 0xFFFF ? " (standard communities are 16:16 bits; use large:A:B:C for 32-bit AS numbers)" : ""));
        }
        return v;
    }

    /**
     * A standard community.
     *
     * @param asn the upper 16 bits
     * @param value the lower 16 bits
     */
    record Standard(int asn, int value) implements Community {
        /** Validates both halves. */
        public Standard {
            if (asn < 0 || asn > 0xFFFF || value < 0 || value > 0xFFFF) {
                throw ConfigurationException.field("community", "standard community halves must be 0..65535");
            }
        }

        /**
         * @return the 32-bit value as sent on the wire ({@code asn << 16 | value})
         */
        public long asLong() {
            return ((long) asn << 16) | value;
        }

        @Override
        public String text() {
            return asn + ":" + value;
        }
    }

    /**
     * A large community (RFC 8092).
     *
     * @param globalAdmin the global administrator (usually an AS number)
     * @param localData1 first local data part
     * @param localData2 second local data part
     */
    record Large(long globalAdmin, long localData1, long localData2) implements Community {
        /** Validates the 32-bit parts. */
        public Large {
            for (long v : new long[] {globalAdmin, localData1, localData2}) {
                if (v < 0 || v > 0xFFFFFFFFL) {
                    throw ConfigurationException.field("community", "large community parts must be 0..4294967295");
                }
            }
        }

        @Override
        public String text() {
            return "large:" + globalAdmin + ":" + localData1 + ":" + localData2;
        }
    }

    /**
     * A well-known community by name.
     *
     * @param name the lowercase name, a key of {@link #WELL_KNOWN}
     */
    record WellKnown(String name) implements Community {
        /** Validates the name. */
        public WellKnown {
            if (!WELL_KNOWN.containsKey(name)) {
                throw ConfigurationException.field("community", "unknown well-known community '" + name + "'");
            }
        }

        /**
         * @return the equivalent standard community
         */
        public Standard asStandard() {
            long v = WELL_KNOWN.get(name);
            return new Standard((int) (v >>> 16), (int) (v & 0xFFFF));
        }

        @Override
        public String text() {
            return name;
        }
    }

    /**
     * An unresolved reference to a community defined by name elsewhere.
     *
     * @param name the alias name
     */
    record Alias(String name) implements Community {
        /** Validates the name. */
        public Alias {
            if (!ALIAS.matcher(name).matches()) {
                throw ConfigurationException.field("community", "'" + name + "' is not a valid alias name");
            }
        }

        /**
         * @param aliases known aliases by name
         * @return the community the alias names, if defined
         */
        public Optional<Community> resolve(Map<String, Community> aliases) {
            return Optional.ofNullable(aliases.get(name));
        }

        @Override
        public String text() {
            return name;
        }
    }
}
