package dev.kubelb.api;

import java.math.BigInteger;
import java.util.Objects;

/**
 * An IPv4 or IPv6 address held as two 64-bit halves, parsed from text without any DNS look-up.
 *
 * <p>IPv4 addresses keep their 32 bits in {@code lo} with {@code hi == 0}. Ordering is numeric within
 * a family, IPv4 before IPv6. {@link #toString()} gives the canonical text (dotted quad; RFC 5952 for
 * IPv6).
 *
 * @param family the address family
 * @param hi the upper 64 bits (always 0 for IPv4)
 * @param lo the lower 64 bits
 */
public record IpAddress(IpFamily family, long hi, long lo) implements Comparable<IpAddress> {

    /** Validates the family and, for IPv4, that the value fits 32 bits. */
    public IpAddress {
        Objects.requireNonNull(family, "family");
        if (family == IpFamily.IPV4 && (hi != 0 || (lo >>> 32) != 0)) {
            throw ConfigurationException.field("address", "IPv4 value out of range");
        }
    }

    /**
     * @param value the 32-bit value
     * @return the IPv4 address
     */
    public static IpAddress ipv4(long value) {
        return new IpAddress(IpFamily.IPV4, 0, value);
    }

    /**
     * Parses an IPv4 literal (four decimal octets, no leading zeros) or an IPv6 literal (with
     * {@code ::} compression and an optional trailing dotted quad; no zone).
     *
     * @param text the literal
     * @return the address
     * @throws ConfigurationException when the text is not an IP literal
     */
    public static IpAddress parse(String text) {
        Objects.requireNonNull(text, "text");
        IpAddress a = tryParse(text);
        if (a == null) {
            throw ConfigurationException.field("address", "'" + text + "' is not a valid IP address");
        }
        return a;
    }

    /**
     * @param text the literal
     * @return the address, or null when the text is not an IP literal
     */
    static IpAddress tryParse(String text) {
        if (text.indexOf(':') >= 0) {
            return parseV6(text);
        }
        long v = parseV4(text);
        return v < 0 ? null : ipv4(v);
    }

    /**
     * @param text a string
     * @return whether it is an IPv4 or IPv6 literal
     */
    public static boolean isValid(String text) {
        return text != null && tryParse(text) != null;
    }

    private static long parseV4(String s) {
        int len = s.length();
        if (len < 7 || len > 15) {
            return -1;
        }
        long value = 0;
        int parts = 0;
        int i = 0;
        while (i <= len) {
            int start = i;
            int octet = 0;
            while (i < len && s.charAt(i) != '.') {
                char c = s.charAt(i);
                if (c < '0' || c > '9') {
                    return -1;
                }
                octet = octet * 10 + (c - '0');
                i++;
            }
            int digits = i - start;
            if (digits == 0 || digits > 3 || octet > 255 || (digits > 1 && s.charAt(start) == '0')) {
                return -1;
            }
            value = (value << 8) | octet;
            parts++;
            i++;
        }
        return parts == 4 ? value : -1;
    }

    private static IpAddress parseV6(String s) {
        if (s.isEmpty() || s.length() > 45 || s.indexOf('%') >= 0) {
            return null;
        }
        int[] groups = new int[8];
        int count = 0;
        int compressAt = -1;
        int i = 0;
        int len = s.length();
        if (s.startsWith("::")) {
            compressAt = 0;
            i = 2;
            if (len == 2) {
                return new IpAddress(IpFamily.IPV6, 0, 0);
            }
        } else if (s.charAt(0) == ':') {
            return null;
        }
        while (i < len) {
            if (count >= 8) {
                return null;
            }
            int end = s.indexOf(':', i);
            if (end < 0) {
                end = len;
            }
            String part = s.substring(i, end);
            if (part.indexOf('.') >= 0) {
                // embedded IPv4: must be last and fit two groups
                if (end != len || count > 6) {
                    return null;
                }
                long v4 = parseV4(part);
                if (v4 < 0) {
                    return null;
                }
                groups[count++] = (int) (v4 >>> 16);
                groups[count++] = (int) (v4 & 0xffff);
                i = len;
                break;
            }
            if (part.isEmpty() || part.length() > 4) {
                return null;
            }
            int g = 0;
            for (int k = 0; k < part.length(); k++) {
                char ch = part.charAt(k);
                int d = ch < 128 ? Character.digit(ch, 16) : -1;
                if (d < 0) {
                    return null;
                }
                g = (g << 4) | d;
            }
            groups[count++] = g;
            if (end == len) {
                i = len;
                break;
            }
            // end points at ':'
            if (end + 1 < len && s.charAt(end + 1) == ':') {
                if (compressAt >= 0) {
                    return null;
                }
                compressAt = count;
                i = end + 2;
                if (i == len) {
                    break;
                }
            } else {
                i = end + 1;
                if (i == len) {
                    return null; // trailing single ':'
                }
            }
        }
        int[] full = new int[8];
        if (compressAt >= 0) {
            if (count > 7) {
                return null;
            }
            int tail = count - compressAt;
            System.arraycopy(groups, 0, full, 0, compressAt);
            System.arraycopy(groups, compressAt, full, 8 - tail, tail);
        } else {
            if (count != 8) {
                return null;
            }
            full = groups;
        }
        long hi = 0;
        long lo = 0;
        for (int k = 0; k < 4; k++) {
            hi = (hi << 16) | full[k];
            lo = (lo << 16) | full[k + 4];
        }
        return new IpAddress(IpFamily.IPV6, hi, lo);
    }

    /**
     * @param family the family
     * @param value the numeric value, 0 ≤ value &lt; 2^bits
     * @return the address
     */
    public static IpAddress fromBigInteger(IpFamily family, BigInteger value) {
        if (value.signum() < 0 || value.bitLength() > family.bits()) {
            throw ConfigurationException.field("address", "value out of range for " + family.kubernetesName());
        }
        return new IpAddress(family, value.shiftRight(64).longValue(), value.longValue());
    }

    /**
     * @return the numeric value
     */
    public BigInteger toBigInteger() {
        BigInteger h = new BigInteger(Long.toUnsignedString(hi));
        BigInteger l = new BigInteger(Long.toUnsignedString(lo));
        return h.shiftLeft(64).or(l);
    }

    /**
     * @param delta a non-negative offset
     * @return this address plus {@code delta}
     * @throws ConfigurationException on overflow past the family's last address
     */
    public IpAddress plus(long delta) {
        if (delta < 0) {
            throw new IllegalArgumentException("delta must be non-negative");
        }
        long nlo = lo + delta;
        long nhi = hi;
        if (Long.compareUnsigned(nlo, lo) < 0) {
            nhi++;
            if (nhi == 0) {
                throw ConfigurationException.field("address", "address overflow");
            }
        }
        if (family == IpFamily.IPV4 && (nlo >>> 32) != 0) {
            throw ConfigurationException.field("address", "address overflow");
        }
        return new IpAddress(family, nhi, nlo);
    }

    /**
     * @return the next address, or empty-equivalent {@code null} at the family's end
     */
    public IpAddress nextOrNull() {
        if (family == IpFamily.IPV4) {
            return lo == 0xffffffffL ? null : ipv4(lo + 1);
        }
        if (hi == -1L && lo == -1L) {
            return null;
        }
        long nlo = lo + 1;
        return new IpAddress(family, nlo == 0 ? hi + 1 : hi, nlo);
    }

    /**
     * @return whether this is an IPv4 address whose last octet is 0 or 255 (MetalLB's
     *     {@code avoidBuggyIPs})
     */
    public boolean isBuggyIpv4() {
        if (family != IpFamily.IPV4) {
            return false;
        }
        long last = lo & 0xff;
        return last == 0 || last == 255;
    }

    @Override
    public int compareTo(IpAddress o) {
        int c = family.compareTo(o.family);
        if (c != 0) {
            return c;
        }
        c = Long.compareUnsigned(hi, o.hi);
        return c != 0 ? c : Long.compareUnsigned(lo, o.lo);
    }

    @Override
    public String toString() {
        if (family == IpFamily.IPV4) {
            return ((lo >>> 24) & 0xff) + "." + ((lo >>> 16) & 0xff) + "." + ((lo >>> 8) & 0xff) + "." + (lo & 0xff);
        }
        if (hi == 0 && (lo >>> 32) == 0xffffL) {
            // RFC 5952 section 5: IPv4-mapped addresses end in a dotted quad
            return "::ffff:" + ipv4(lo & 0xffffffffL);
        }
        int[] g = new int[8];
        for (int k = 0; k < 4; k++) {
            g[k] = (int) ((hi >>> (48 - 16 * k)) & 0xffff);
            g[k + 4] = (int) ((lo >>> (48 - 16 * k)) & 0xffff);
        }
        // RFC 5952: compress the longest run (>= 2) of zero groups, the first one on ties
        int bestStart = -1;
        int bestLen = 1;
        for (int k = 0; k < 8;) {
            if (g[k] == 0) {
                int j = k;
                while (j < 8 && g[j] == 0) {
                    j++;
                }
                if (j - k > bestLen) {
                    bestLen = j - k;
                    bestStart = k;
                }
                k = j;
            } else {
                k++;
            }
        }
        StringBuilder sb = new StringBuilder(39);
        for (int k = 0; k < 8; k++) {
            if (k == bestStart) {
                sb.append("::");
                k += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[k]));
        }
        return sb.toString();
    }
}
