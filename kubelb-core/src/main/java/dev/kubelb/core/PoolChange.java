package dev.kubelb.core;

import dev.kubelb.api.Allocation;
import java.util.List;
import java.util.Objects;

/**
 * What {@link PoolAllocator#reconfigure(List)} did.
 *
 * @param orphaned every allocation that, after the change, holds an address its pool no longer offers
 *     (its pool was deleted or shrunk); such allocations are kept and their addresses are never given to
 *     anyone else. Sorted by id.
 * @param addedPools names of pools that did not exist before, sorted
 * @param removedPools names of pools that no longer exist, sorted
 */
public record PoolChange(List<Allocation> orphaned, List<String> addedPools, List<String> removedPools) {

    /** Copies the lists. */
    public PoolChange {
        orphaned = List.copyOf(Objects.requireNonNull(orphaned, "orphaned"));
        addedPools = List.copyOf(Objects.requireNonNull(addedPools, "addedPools"));
        removedPools = List.copyOf(Objects.requireNonNull(removedPools, "removedPools"));
    }
}
