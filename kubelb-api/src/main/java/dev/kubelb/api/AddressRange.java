package dev.kubelb.api;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A contiguous block of addresses written either as a CIDR ({@code 10.10.255.192/28},
 * {@code fd00::/64}) or as an inclusive {@code first-last} range ({@code 10.10.255.200-10.10.255.250}).
 *
 * <p>A range is never materialised as a list of addresses: a {@code /64} costs two addresses. The
 * original text is kept so that an imported configuration renders back exactly as written.
 *
 * @param text the text as written (used for rendering)
 * @param first the first address, inclusive
 * @param last the last address, inclusive
 * @param prefixLength the CIDR prefix length, or {@code -1} for a {@code first-last} range
 */
public record AddressRange(String text, IpAddress first, IpAddress last, int prefixLength)
        implements Comparable<AddressRange> {

    /** Validates family agreement and order. */
    public AddressRange {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(last, "last");
        if (first.family() != last.family()) {
            throw ConfigurationException.field("", "'" + text + "' mixes IPv4 and IPv6");
        }
        if (first.compareTo(last) > 0) {
            throw ConfigurationException.field("", "'" + text + "' is reversed: " + first + " is after " + last);
        }
        if (prefixLength < -1 || prefixLength > first.family().bits()) {
            throw ConfigurationException.field("", "'" + text + "' has an invalid prefix length " + prefixLength);
        }
    }

    /**
     * Parses a CIDR or a {@code first-last} range (spaces around the dash are allowed, as MetalLB
     * allows them). A CIDR with host bits set is rejected, and so is a bare address.
     *
     * @param text the text
     * @return the range
     * @throws ConfigurationException naming what is wrong with the text
     */
    public static AddressRange parse(String text) {
        return parse(text, false);
    }

    /**
     * Parses like {@link #parse}, but a CIDR with host bits set stands for its block, as Go's
     * {@code net.ParseCIDR} reads it (MetalLB, internal/config/config.go {@code ParseCIDR}): {@code
     * 198.51.100.10/24} is {@code 198.51.100.0/24}. The text is kept as written.
     *
     * @param text the text
     * @return the range
     * @throws ConfigurationException naming what is wrong with the text
     */
    public static AddressRange parseMasked(String text) {
        return parse(text, true);
    }

    private static AddressRange parse(String text, boolean mask) {
        Objects.requireNonNull(text, "text");
        String s = text.trim();
        if (s.isEmpty()) {
            throw ConfigurationException.field("", "empty address range");
        }
        int slash = s.indexOf('/');
        if (slash >= 0) {
            IpAddress base = IpAddress.tryParse(s.substring(0, slash));
            if (base == null) {
                throw ConfigurationException.field("", "'" + text + "' is not a valid CIDR: bad address");
            }
            String p = s.substring(slash + 1);
            int prefix;
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')
                    || (p.length() > 1 && p.charAt(0) == '0')) {
                throw ConfigurationException.field("", "'" + text + "' is not a valid CIDR: bad prefix length");
            }
            prefix = Integer.parseInt(p);
            if (prefix > base.family().bits()) {
                throw ConfigurationException.field("", "'" + text + "' is not a valid CIDR: prefix length "
                        + prefix + " exceeds " + base.family().bits());
            }
            AddressRange r = cidr(base, prefix);
            if (!mask && !r.first.equals(base)) {
                throw ConfigurationException.field("", "'" + text + "' has host bits set (did you mean "
                        + r.first + "/" + prefix + "?)");
            }
            return new AddressRange(text, r.first, r.last, prefix);
        }
        int dash = s.indexOf('-');
        if (dash < 0) {
            if (IpAddress.isValid(s)) {
                throw ConfigurationException.field("", "'" + text + "' is a single address; write it as "
                        + s + (s.indexOf(':') >= 0 ? "/128" : "/32") + " or as a range");
            }
            throw ConfigurationException.field("", "'" + text + "' is neither a CIDR nor a first-last range");
        }
        IpAddress a = IpAddress.tryParse(s.substring(0, dash).trim());
        IpAddress b = IpAddress.tryParse(s.substring(dash + 1).trim());
        if (a == null || b == null) {
            throw ConfigurationException.field("", "'" + text + "' is not a valid range: bad "
                    + (a == null ? "first" : "last") + " address");
        }
        return new AddressRange(text, a, b, -1);
    }

    /**
     * @param address any address inside the block
     * @param prefix the prefix length
     * @return the CIDR block of that length containing {@code address}, with canonical text
     */
    public static AddressRange cidr(IpAddress address, int prefix) {
        int bits = address.family().bits();
        if (prefix < 0 || prefix > bits) {
            throw ConfigurationException.field("", "invalid prefix length " + prefix);
        }
        long hi = address.hi();
        long lo = address.lo();
        long fhi;
        long flo;
        long lhi;
        long llo;
        if (address.family() == IpFamily.IPV4) {
            long mask = prefix == 0 ? 0 : (0xffffffffL << (32 - prefix)) & 0xffffffffL;
            fhi = 0;
            lhi = 0;
            flo = lo & mask;
            llo = flo | (~mask & 0xffffffffL);
        } else {
            long mhi = prefix >= 64 ? -1L : (prefix == 0 ? 0 : -1L << (64 - prefix));
            long mlo = prefix <= 64 ? 0 : (prefix == 128 ? -1L : -1L << (128 - prefix));
            fhi = hi & mhi;
            flo = lo & mlo;
            lhi = fhi | ~mhi;
            llo = flo | ~mlo;
        }
        IpAddress f = new IpAddress(address.family(), fhi, flo);
        IpAddress l = new IpAddress(address.family(), lhi, llo);
        return new AddressRange(f + "/" + prefix, f, l, prefix);
    }

    /**
     * @return the family of both ends
     */
    public IpFamily family() {
        return first.family();
    }

    /**
     * @return whether the block was written as a CIDR
     */
    public boolean isCidr() {
        return prefixLength >= 0;
    }

    /**
     * @return the number of addresses in the block
     */
    public BigInteger size() {
        return last.toBigInteger().subtract(first.toBigInteger()).add(BigInteger.ONE);
    }

    /**
     * @param address an address
     * @return whether the address lies in the block
     */
    public boolean contains(IpAddress address) {
        return address.family() == family() && first.compareTo(address) <= 0 && address.compareTo(last) <= 0;
    }

    /**
     * @param other another block
     * @return whether the two blocks share at least one address
     */
    public boolean overlaps(AddressRange other) {
        return other.family() == family() && first.compareTo(other.last) <= 0 && other.first.compareTo(last) <= 0;
    }

    /**
     * Splits the block into the fewest CIDRs that cover it exactly, in ascending order. A CIDR gives
     * itself; {@code 10.10.255.200-10.10.255.250} gives {@code .200/29, .208/28, .224/28, .240/29,
     * .248/31, .250/32}.
     *
     * @return the covering CIDRs
     */
    public List<AddressRange> toCidrs() {
        if (isCidr()) {
            return List.of(cidr(first, prefixLength));
        }
        int bits = family().bits();
        List<AddressRange> out = new ArrayList<>();
        BigInteger cur = first.toBigInteger();
        BigInteger end = last.toBigInteger();
        while (cur.compareTo(end) <= 0) {
            int maxSize = cur.signum() == 0 ? bits : cur.getLowestSetBit();
            BigInteger remaining = end.subtract(cur).add(BigInteger.ONE);
            int fit = remaining.bitLength() - 1;
            int sizeBits = Math.min(maxSize, fit);
            out.add(cidr(IpAddress.fromBigInteger(family(), cur), bits - sizeBits));
            cur = cur.add(BigInteger.ONE.shiftLeft(sizeBits));
        }
        return List.copyOf(out);
    }

    /**
     * @return the shortest prefix length among {@link #toCidrs()} (the widest block)
     */
    public int shortestPrefix() {
        return toCidrs().stream().mapToInt(AddressRange::prefixLength).min().orElseThrow();
    }

    @Override
    public int compareTo(AddressRange o) {
        int c = first.compareTo(o.first);
        return c != 0 ? c : last.compareTo(o.last);
    }

    @Override
    public String toString() {
        return text;
    }
}
