package dev.kubelb.core;

import dev.kubelb.api.AddressPool;
import dev.kubelb.api.Allocation;
import dev.kubelb.api.AllocationResult;
import dev.kubelb.api.ConfigurationException;
import dev.kubelb.api.IpAddress;
import dev.kubelb.api.LoadBalancerId;
import dev.kubelb.api.LoadBalancerRequest;
import dev.kubelb.api.UsageSnapshot;
import dev.kubelb.core.internal.alloc.AllocatorCore;
import dev.kubelb.spi.AddressAllocator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The address allocator of kubelb-java: MetalLB-compatible pools, made deterministic.
 *
 * <ul>
 *   <li><b>Pool choice.</b> A request naming a pool gets it (failing with {@code NO_POOL} when it does
 *       not exist and {@code POOL_NOT_ALLOWED} when its scope does not admit the request); a request
 *       with requested addresses gets them from the one pool offering them, which must admit it
 *       ({@code ADDRESS_NOT_IN_POOL} otherwise; {@code autoAssign: false} does not forbid it); any other
 *       request is served by the first pool that can serve it among the scoped {@code autoAssign} pools
 *       admitting it, then the unscoped {@code autoAssign} pools, each group ordered by priority
 *       ascending (pools without one last) then by name.</li>
 *   <li><b>Address choice.</b> A request with a sharing key takes the lowest address, in the pool's
 *       declared range order, that it may share; otherwise the lowest free address. With
 *       {@code avoidBuggyIPs}, IPv4 addresses ending in {@code .0}/{@code .255} are never handed out
 *       nor accepted as requested addresses.</li>
 *   <li><b>Sharing.</b> Equal keys, no port colliding on number and protocol, both
 *       {@code externalTrafficPolicy: Cluster} or identical pod selectors, and the same tenant unless
 *       the pool allows cross-tenant sharing or both requests list each other's tenant (or {@code *})
 *       in their sharing tenants. A shared address is freed when its last holder releases it.</li>
 *   <li><b>Families.</b> {@code SingleStack} takes the first wanted family, {@code RequireDualStack}
 *       one address of each family from the same pool, {@code PreferDualStack} what the pool offers.</li>
 *   <li><b>Quotas.</b> A tenant holds at most its quota of distinct addresses ({@code QUOTA_EXCEEDED}).
 *       Quotas apply to {@link #allocate}, not to {@link #reserve}: what exists is re-registered as it
 *       is.</li>
 * </ul>
 *
 * <p>A failing call changes nothing. Instances are thread-safe (every call is serialised).
 * Memory is proportional to the allocations held, never to the size of a pool: occupancy is kept as
 * runs of consecutive allocated addresses per range, and the lowest free address is found in
 * O(log runs).
 */
public final class PoolAllocator implements AddressAllocator {
    private final AllocatorCore core;

    private PoolAllocator(AllocatorCore core) {
        this.core = core;
    }

    /**
     * @return a builder with no pools and no quotas
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Allocates addresses for a request. For a request that already holds an allocation that still
     * satisfies it (same pool still admitting it, requested addresses held, families as the policy
     * wants, same sharing key, sharers still compatible), returns that allocation unchanged; otherwise
     * the request is given a new allocation, and if that fails it keeps the one it had. An allocation whose
     * pool no longer offers its addresses while another pool offers them all (a pool split or renamed) is
     * judged as that pool's (MetalLB's {@code poolFor}) and, when kept, returned with that pool's name.
     * A PreferDualStack request listing a single family in {@code ipFamilies} gets that family only.
     *
     * @param request the request
     * @return the allocation or a typed failure ({@code NO_POOL}, {@code POOL_EXHAUSTED},
     *     {@code ADDRESS_NOT_IN_POOL}, {@code ADDRESS_IN_USE}, {@code INCOMPATIBLE_SHARING},
     *     {@code POOL_NOT_ALLOWED}, {@code FAMILY_UNAVAILABLE}, {@code QUOTA_EXCEEDED})
     */
    @Override
    public AllocationResult allocate(LoadBalancerRequest request) {
        return core.allocate(request);
    }

    /**
     * Allocates as {@link #allocate(LoadBalancerRequest)} does, without joining a shared address in {@code avoid}
     * (a free address is never avoided: the appliance refused the request for whom it would share with).
     *
     * @param request the request
     * @param avoid shared addresses the request may not join
     * @return the allocation or a typed failure
     */
    @Override
    public AllocationResult allocate(LoadBalancerRequest request, Set<IpAddress> avoid) {
        return core.allocate(request, Objects.requireNonNull(avoid, "avoid"));
    }

    /**
     * Re-registers an allocation read back from the cluster. Its pool need not exist any more and its
     * addresses need not lie in it: it is then kept as an orphan (see {@link #orphans()}). An address
     * another holder already has and may not share with it is a failure naming both holders
     * ({@code ADDRESS_IN_USE}, or {@code INCOMPATIBLE_SHARING} for equal sharing keys), never resolved
     * silently. Quotas are not enforced here.
     *
     * @param request the request holding the allocation
     * @param existing the allocation; its id must be the request's
     * @return the allocation, or the failure
     * @throws ConfigurationException when the allocation belongs to another request
     */
    @Override
    public AllocationResult reserve(LoadBalancerRequest request, Allocation existing) {
        return core.reserve(request, existing);
    }

    @Override
    public boolean release(LoadBalancerId id) {
        return core.release(id);
    }

    @Override
    public Optional<Allocation> lookup(LoadBalancerId id) {
        return core.lookup(id);
    }

    @Override
    public List<Allocation> allocations() {
        return core.allocations();
    }

    /**
     * @return per pool (sorted by name): addresses it can hand out, addresses in use (a shared address
     *     once; orphaned addresses count in the pool where they lie, if any), free, and use per tenant;
     *     per tenant: distinct addresses held over all pools, orphans included
     */
    @Override
    public UsageSnapshot snapshot() {
        return core.snapshot();
    }

    /**
     * Applies a new pool set, validated as {@link Builder#build()} does (nothing changes when it is
     * invalid). Existing allocations keep their addresses; those their pool no longer offers are
     * reported as orphans.
     *
     * @param pools the new pool set
     * @return the orphaned allocations and the added and removed pool names
     * @throws ConfigurationException when pools overlap or repeat a name
     */
    public PoolChange reconfigure(List<AddressPool> pools) {
        return core.reconfigure(List.copyOf(Objects.requireNonNull(pools, "pools")));
    }

    /**
     * @return allocations whose address their pool no longer offers (deleted or shrunk pool), sorted by
     *     id; they are kept, and their addresses are never given to another request
     */
    public List<Allocation> orphans() {
        return core.orphans();
    }

    /** Builds a {@link PoolAllocator}. */
    public static final class Builder {
        private final List<AddressPool> pools = new ArrayList<>();
        private final Map<String, Integer> quotas = new TreeMap<>();
        private int defaultQuota = -1;

        private Builder() {
        }

        /**
         * @param value pools to add (in addition to those already added)
         * @return this
         */
        public Builder pools(List<AddressPool> value) {
            Objects.requireNonNull(value, "pools").forEach(this::pool);
            return this;
        }

        /**
         * @param value a pool to add
         * @return this
         */
        public Builder pool(AddressPool value) {
            pools.add(Objects.requireNonNull(value, "pool"));
            return this;
        }

        /**
         * @param tenant a tenant
         * @param maxAddresses the most distinct addresses it may hold, at least 0
         * @return this
         */
        public Builder tenantQuota(String tenant, int maxAddresses) {
            Objects.requireNonNull(tenant, "tenant");
            quotas.put(tenant, checkQuota(maxAddresses, "tenantQuota[" + tenant + "]"));
            return this;
        }

        /**
         * @param maxAddresses the most distinct addresses a tenant without its own quota may hold, at
         *     least 0 (default: unlimited)
         * @return this
         */
        public Builder defaultTenantQuota(int maxAddresses) {
            defaultQuota = checkQuota(maxAddresses, "defaultTenantQuota");
            return this;
        }

        private static int checkQuota(int value, String field) {
            if (value < 0) {
                throw ConfigurationException.field(field, "a quota must not be negative, got " + value);
            }
            return value;
        }

        /**
         * @return the allocator
         * @throws ConfigurationException when pools overlap (one problem per overlap, on the pool whose
         *     name sorts later, naming both pools) or repeat a name
         */
        public PoolAllocator build() {
            return new PoolAllocator(new AllocatorCore(List.copyOf(pools), quotas, defaultQuota));
        }
    }
}
