package dev.kubelb.api;

import java.math.BigInteger;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Utilisation of one pool; exact for IPv6 too.
 *
 * @param pool the pool's name
 * @param total addresses the pool can hand out
 * @param used addresses held (a shared address counts once)
 * @param free {@code total - used}
 * @param usedByTenant addresses held per tenant (a shared address counts once for each tenant holding it)
 */
public record PoolUsage(String pool, BigInteger total, BigInteger used, BigInteger free,
        Map<String, BigInteger> usedByTenant) {

    /** Copies the map, sorted by tenant. */
    public PoolUsage {
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(total, "total");
        Objects.requireNonNull(used, "used");
        Objects.requireNonNull(free, "free");
        usedByTenant = java.util.Collections.unmodifiableMap(new TreeMap<>(usedByTenant));
    }
}
