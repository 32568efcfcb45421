package dev.kubelb.spi;

import dev.kubelb.api.Allocation;
import dev.kubelb.api.AllocationResult;
import dev.kubelb.api.IpAddress;
import dev.kubelb.api.LoadBalancerId;
import dev.kubelb.api.LoadBalancerRequest;
import dev.kubelb.api.UsageSnapshot;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Gives addresses to requests. kubelb-core ships the pool allocator; a provider whose appliance
 * allocates itself supplies a delegating one. Implementations are thread-safe: concurrent calls never
 * hand one address to two holders that may not share it, and a failing call changes nothing.
 */
public interface AddressAllocator {

    /**
     * Allocates addresses for a request. Allocating again for a request that already holds addresses
     * returns its current allocation when it still satisfies the request.
     *
     * @param request the request
     * @return the allocation, a typed failure, or pending
     */
    AllocationResult allocate(LoadBalancerRequest request);

    /**
     * Allocates as {@link #allocate(LoadBalancerRequest)} does, except that the request may not join any of the
     * {@code avoid} addresses shared by others: the engine calls it after the appliance refused the request on one
     * of them (Cilium before 1.18 compares sharers' ports without their protocols), so that the request gets
     * another address, as the appliance would give it, instead of failing. By default the addresses are not
     * avoided (a delegating allocator lets the appliance choose).
     *
     * @param request the request, holding nothing
     * @param avoid shared addresses the request may not join
     * @return the allocation, a typed failure, or pending
     */
    default AllocationResult allocate(LoadBalancerRequest request, Set<IpAddress> avoid) {
        return allocate(request);
    }

    /**
     * Re-registers an allocation that already exists (read back from the cluster on start), before any
     * new allocation is made. A conflicting existing allocation is reported as a failure, never silently
     * resolved.
     *
     * @param request the request holding the addresses
     * @param existing the allocation found
     * @return the allocation, or a failure naming the conflict
     */
    AllocationResult reserve(LoadBalancerRequest request, Allocation existing);

    /**
     * Releases a request's addresses (a shared address stays held while other sharers hold it).
     *
     * @param id the request
     * @return whether the request held anything
     */
    boolean release(LoadBalancerId id);

    /**
     * @param id the request
     * @return its current allocation
     */
    Optional<Allocation> lookup(LoadBalancerId id);

    /**
     * @return every allocation held, sorted by request id
     */
    List<Allocation> allocations();

    /**
     * @return utilisation per pool and tenant
     */
    UsageSnapshot snapshot();
}
