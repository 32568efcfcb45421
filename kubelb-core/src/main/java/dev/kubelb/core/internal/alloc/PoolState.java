package dev.kubelb.core.internal.alloc;

import dev.kubelb.api.AddressPool;
import dev.kubelb.api.AddressRange;
import dev.kubelb.api.IpFamily;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * A pool's live state: its ranges' occupancy, counters by family and tenant, and the shared addresses
 * located in it by sharing key. A detached state stands for a pool that no longer exists and is only
 * referenced by the orphaned allocations given from it.
 */
final class PoolState {
    final String name;
    /** The pool; null when detached. */
    final AddressPool def;
    final RangeState[] ranges;
    final boolean active;
    final BigInteger capacity4;
    final BigInteger capacity6;
    final boolean has4;
    final boolean has6;
    long used4;
    long used6;
    /** Distinct addresses located in this pool, per tenant holding them. */
    final Map<String, long[]> usedByTenant = new HashMap<>();
    /** Shared addresses located in this pool, by sharing key. */
    final Map<String, TreeSet<Group>> groups = new HashMap<>();

    /**
     * @param name the pool's name
     * @param def the pool, or null for a detached state
     */
    PoolState(String name, AddressPool def) {
        this.name = name;
        this.def = def;
        this.active = def != null;
        this.ranges = new RangeState[active ? def.ranges().size() : 0];
        BigInteger c4 = BigInteger.ZERO;
        BigInteger c6 = BigInteger.ZERO;
        if (active) {
            for (int i = 0; i < ranges.length; i++) {
                ranges[i] = new RangeState(this, i, def.ranges().get(i));
            }
            AddressPool.Builder only4 = AddressPool.builder(def.name()).avoidBuggyIps(def.avoidBuggyIps());
            AddressPool.Builder only6 = AddressPool.builder(def.name());
            for (AddressRange r : def.ranges()) {
                (r.family() == IpFamily.IPV4 ? only4 : only6).range(r);
            }
            c4 = only4.build().capacity();
            c6 = only6.build().capacity();
        }
        this.capacity4 = c4;
        this.capacity6 = c6;
        this.has4 = active && def.hasFamily(IpFamily.IPV4);
        this.has6 = active && def.hasFamily(IpFamily.IPV6);
    }

    static PoolState detached(String name) {
        return new PoolState(name, null);
    }

    boolean has(IpFamily f) {
        return f == IpFamily.IPV4 ? has4 : has6;
    }

    BigInteger capacity(IpFamily f) {
        return f == IpFamily.IPV4 ? capacity4 : capacity6;
    }

    long used(IpFamily f) {
        return f == IpFamily.IPV4 ? used4 : used6;
    }

    void addUsed(boolean v6, long delta) {
        if (v6) {
            used6 += delta;
        } else {
            used4 += delta;
        }
    }

    void tenantDelta(String tenant, long delta) {
        AllocatorCore.count(usedByTenant, tenant, delta);
    }

    void indexGroup(Group g) {
        groups.computeIfAbsent(g.key, k -> new TreeSet<>(Group::compare)).add(g);
    }

    void unindexGroup(Group g) {
        TreeSet<Group> set = groups.get(g.key);
        if (set != null) {
            set.remove(g);
            if (set.isEmpty()) {
                groups.remove(g.key);
            }
        }
    }
}
