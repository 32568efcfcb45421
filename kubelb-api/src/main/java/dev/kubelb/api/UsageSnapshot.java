package dev.kubelb.api;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A point-in-time view of an allocator's utilisation.
 *
 * @param pools utilisation per pool, by pool name
 * @param addressesByTenant addresses held per tenant over all pools
 */
public record UsageSnapshot(List<PoolUsage> pools, Map<String, Long> addressesByTenant) {

    /** Copies the collections. */
    public UsageSnapshot {
        pools = Checks.list(pools, "pools");
        addressesByTenant = java.util.Collections.unmodifiableMap(new TreeMap<>(addressesByTenant));
    }

    /**
     * @param name a pool name
     * @return that pool's utilisation
     */
    public Optional<PoolUsage> pool(String name) {
        return pools.stream().filter(p -> p.pool().equals(name)).findFirst();
    }
}
