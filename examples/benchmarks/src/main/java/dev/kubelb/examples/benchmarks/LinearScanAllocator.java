package dev.kubelb.examples.benchmarks;

import dev.kubelb.api.AddressRange;
import dev.kubelb.api.IpAddress;
import dev.kubelb.api.LoadBalancerId;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The straightforward allocator the pool allocator is compared with: one range, a hash map of used
 * addresses, and allocation by scanning from the first address of the range for the first one not in
 * the map (what MetalLB's allocator does for a pool). Not thread-safe; no sharing, scopes or families.
 */
public final class LinearScanAllocator {
    private final AddressRange range;
    private final Map<IpAddress, LoadBalancerId> used = new HashMap<>();
    private final Map<LoadBalancerId, IpAddress> byId = new HashMap<>();

    /**
     * @param range the pool's only range
     */
    public LinearScanAllocator(AddressRange range) {
        this.range = range;
    }

    /**
     * @param id the request
     * @return the first free address, or empty when the range is full
     */
    public Optional<IpAddress> allocate(LoadBalancerId id) {
        IpAddress held = byId.get(id);
        if (held != null) {
            return Optional.of(held);
        }
        for (IpAddress a = range.first(); a != null && a.compareTo(range.last()) <= 0; a = a.nextOrNull()) {
            if (!used.containsKey(a)) {
                used.put(a, id);
                byId.put(id, a);
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /**
     * Registers an allocation directly (as a rebuild would), without scanning.
     *
     * @param id the request
     * @param address its address
     */
    public void preload(LoadBalancerId id, IpAddress address) {
        used.put(address, id);
        byId.put(id, address);
    }

    /**
     * @param id the request
     * @return whether it held an address
     */
    public boolean release(LoadBalancerId id) {
        IpAddress a = byId.remove(id);
        if (a == null) {
            return false;
        }
        used.remove(a);
        return true;
    }
}
