package dev.kubelb.core.internal.alloc;

import dev.kubelb.api.IpAddress;
import dev.kubelb.api.IpFamily;
import dev.kubelb.api.LoadBalancerId;
import java.util.List;

/**
 * One request's allocation, stored compactly: the addresses as raw values (no {@link IpAddress}
 * objects), the pool it was given from (possibly a detached pool that no longer exists) and, when it
 * holds its addresses under a sharing key, what the sharing rules need.
 */
final class Holder {
    final LoadBalancerId id;
    PoolState pool;
    SharingInfo sharing;
    /** The IPv4 address's 32 bits (read with {@link #v4()}). */
    private final int v4bits;
    final long v6hi;
    final long v6lo;
    final byte families; // bit 1 = IPv4, bit 2 = IPv6

    Holder(LoadBalancerId id, PoolState pool, SharingInfo sharing, boolean has4, long v4, boolean has6, long v6hi,
            long v6lo) {
        this.id = id;
        this.pool = pool;
        this.sharing = sharing;
        this.v4bits = has4 ? (int) v4 : 0;
        this.v6hi = has6 ? v6hi : 0;
        this.v6lo = has6 ? v6lo : 0;
        this.families = (byte) ((has4 ? 1 : 0) | (has6 ? 2 : 0));
    }

    long v4() {
        return Integer.toUnsignedLong(v4bits);
    }

    boolean has4() {
        return (families & 1) != 0;
    }

    boolean has6() {
        return (families & 2) != 0;
    }

    int count() {
        return Integer.bitCount(families);
    }

    boolean has(IpFamily family) {
        return family == IpFamily.IPV4 ? has4() : has6();
    }

    String tenant() {
        return id.tenant();
    }

    List<IpAddress> addresses() {
        if (has4() && has6()) {
            return List.of(IpAddress.ipv4(v4()), new IpAddress(IpFamily.IPV6, v6hi, v6lo));
        }
        return has4() ? List.of(IpAddress.ipv4(v4())) : List.of(new IpAddress(IpFamily.IPV6, v6hi, v6lo));
    }

    boolean holds(IpAddress a) {
        return a.family() == IpFamily.IPV4 ? has4() && a.lo() == v4() : has6() && a.hi() == v6hi && a.lo() == v6lo;
    }
}
