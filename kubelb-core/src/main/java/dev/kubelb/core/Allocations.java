package dev.kubelb.core;

import dev.kubelb.api.Allocation;
import dev.kubelb.api.AllocationFailure;
import dev.kubelb.api.AllocationResult;
import dev.kubelb.api.LoadBalancerRequest;
import dev.kubelb.spi.AddressAllocator;
import dev.kubelb.spi.Assignment;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Allocate, vet with the appliance's rules and register, as one step under the allocation lock, so that two
 * requests racing for one shared address are vetted against each other.
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
     */
    record Result(Optional<Allocation> allocation, boolean changed, AllocationFailure refused) {
    }

    static Result allocateAndVet(EngineState state, AddressAllocator alloc, LoadBalancerRequest request) {
        synchronized (state.allocationLock) {
            Optional<Allocation> before = alloc.lookup(request.id());
            // an allocation left outside its pool by a configuration change is kept as it is (never moved
            // to another address behind the tenant's back, never given to anyone else) until released
            boolean orphan = before.isPresent() && alloc instanceof PoolAllocator pa
                    && pa.orphans().stream().anyMatch(o -> o.id().equals(request.id()));
            AllocationResult result = orphan ? new AllocationResult.Allocated(before.get()) : alloc.allocate(request);
            Optional<Allocation> allocation = result.allocation();
            AllocationFailure refused = null;
            if (result instanceof AllocationResult.Failed f) {
                refused = f.value();
            } else if (allocation.isPresent() && !allocation.equals(before)) {
                // a new or changed allocation must be one the appliance accepts next to those already held;
                // when it is not, the newcomer is refused and the holders keep what they have
                List<AllocationFailure> vetted = state.engine.session().vet(state.engine.configuration(),
                        sharingGroup(state, alloc, request, allocation.get()));
                if (!vetted.isEmpty()) {
                    refused = vetted.stream().filter(v -> v.id().equals(request.id())).findFirst()
                            .orElseGet(() -> new AllocationFailure(request.id(), vetted.get(0).reason(),
                                    vetted.get(0).message()));
                    alloc.release(request.id());
                    before.ifPresent(b -> alloc.reserve(request, b));
                }
            }
            if (refused != null) {
                return new Result(before, false, refused);
            }
            state.requests.put(request.id(), request);
            return new Result(allocation, allocation.isPresent() && !allocation.equals(before), null);
        }
    }

    /** @return the request with its allocation and every other request holding one of its addresses */
    private static List<Assignment> sharingGroup(EngineState state, AddressAllocator alloc, LoadBalancerRequest request,
            Allocation allocation) {
        List<Assignment> group = new ArrayList<>();
        group.add(new Assignment(request, allocation));
        for (Allocation other : alloc.allocations()) {
            if (other.id().equals(request.id())) {
                continue;
            }
            boolean shares = other.addresses().stream().anyMatch(allocation.addresses()::contains);
            LoadBalancerRequest r = state.requests.get(other.id());
            if (shares && r != null) {
                group.add(new Assignment(r, other));
            }
        }
        group.sort(Comparator.comparing(a -> a.request().id()));
        return group;
    }
}
