package dev.kubelb.core;

import dev.kubelb.api.Allocation;
import dev.kubelb.api.AllocationFailure;
import dev.kubelb.api.AllocationResult;
import dev.kubelb.api.LoadBalancerRequest;
import dev.kubelb.spi.AddressAllocator;
import java.util.Optional;

/**
 * Allocate, vet with the appliance's rules and register, as one step under the allocation lock, so that two
 * requests racing for one shared address are vetted against each other: the engine's side of the one path it
 * shares with the planner ({@link dev.kubelb.core.internal.AllocationPass}).
 */
final class Allocations {
    private Allocations() {
    }

    /**
     * What allocating came to.
     *
     * @param allocation the request's allocation now (empty for a request that needs none)
     * @param changed whether it is new or differs from the one held before
     * @param refused why the request was refused, or null; the holders keep what they have
     * @param lostHeld whether the refused request lost an address it held (no longer satisfying it)
     */
    record Result(Optional<Allocation> allocation, boolean changed, AllocationFailure refused, boolean lostHeld) {
    }

    static Result allocateAndVet(EngineState state, AddressAllocator alloc, LoadBalancerRequest request) {
        synchronized (state.allocationLock) {
            Optional<Allocation> before = alloc.lookup(request.id());
            // an allocation left outside its pool by a configuration change is kept as it is (never moved
            // to another address behind the tenant's back, never given to anyone else) until released
            boolean orphan = before.isPresent() && alloc instanceof PoolAllocator pa
                    && pa.orphans().stream().anyMatch(o -> o.id().equals(request.id()));
            // the planner's path (AllocationPass): what the request holds is checked again like a new
            // allocation, vetted with everything sharing its addresses; a refused newcomer gets nothing, and
            // a holder whose address no longer satisfies it loses it (MetalLB's convergeBalancer)
            AllocationResult result = orphan ? new AllocationResult.Allocated(before.get())
                    : state.pass.get().allocate(request);
            if (result instanceof AllocationResult.Failed f) {
                state.requests.remove(request.id());
                return new Result(Optional.empty(), false, f.value(), before.isPresent());
            }
            Optional<Allocation> allocation = result.allocation();
            state.requests.put(request.id(), request);
            return new Result(allocation, allocation.isPresent() && !allocation.equals(before), null, false);
        }
    }
}
