package dev.kubelb.core.internal;


import dev.kubelb.api.Allocation;
import dev.kubelb.api.AllocationFailure;
import dev.kubelb.api.AllocationResult;
import dev.kubelb.api.ApplianceConfig;
import dev.kubelb.api.IpAddress;
import dev.kubelb.api.LoadBalancerId;
import dev.kubelb.api.LoadBalancerRequest;
import dev.kubelb.spi.AddressAllocator;
import dev.kubelb.spi.Assignment;
import dev.kubelb.spi.ProviderSession;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The one allocate → vet path, shared by the planner and the engine, following MetalLB's controller
 * (controller/service.go {@code convergeBalancer}): an address a Service already holds is registered
 * first, then checked again like a new one, and kept only if it still satisfies the request and the
 * appliance accepts it; otherwise it is released and the request is served afresh.
 *
 * <p>Use: {@link #hold} every address held (a Service's status, the engine's record) before anything
 * is allocated, in {@link #holdOrder} (holders before pins, so that a pin never takes what another
 * request holds), then {@link #allocate} every request in input order. Not thread-safe: callers
 * serialise (the engine holds its allocation lock).
 */
public final class AllocationPass {
    private final ProviderSession session;
    private final ApplianceConfig config;
    private final AddressAllocator allocator;
    private final Map<LoadBalancerId, LoadBalancerRequest> requests = new HashMap<>();
    private final Map<IpAddress, TreeSet<LoadBalancerId>> holdersOf = new HashMap<>();

    /**
     * @param session the appliance's session (its {@code vet} rules)
     * @param config the appliance configuration
     * @param allocator the allocator, holding what is already registered
     */
    public AllocationPass(ProviderSession session, ApplianceConfig config, AddressAllocator allocator) {
        this.session = session;
        this.config = config;
        this.allocator = allocator;
        for (Allocation a : allocator.allocations()) {
            index(a);
        }
    }

    /**
     * The documented order in which held addresses are registered: requests in input order, those whose
     * claim is exactly their own pin ({@code metallb.io/loadBalancerIPs}, {@code spec.loadBalancerIP})
     * after those that hold an address otherwise (a Service's status), so that a request holding an
     * address keeps it against one that only asks for it, whatever their names.
     *
     * @param requests the requests, in input order
     * @param existing the allocations claimed for them
     * @return the claims, in registration order; claims without a request are dropped
     */
    public static List<Map.Entry<LoadBalancerRequest, Allocation>> holdOrder(List<LoadBalancerRequest> requests,
            List<Allocation> existing) {
        Map<LoadBalancerId, Allocation> byId = new LinkedHashMap<>();
        for (Allocation a : existing) {
            byId.putIfAbsent(a.id(), a);
        }
        List<Map.Entry<LoadBalancerRequest, Allocation>> held = new ArrayList<>();
        List<Map.Entry<LoadBalancerRequest, Allocation>> pins = new ArrayList<>();
        for (LoadBalancerRequest r : requests) {
            Allocation a = byId.get(r.id());
            if (a == null) {
                continue;
            }
            boolean onlyPin = !r.requestedAddresses().isEmpty()
                    && Set.copyOf(r.requestedAddresses()).equals(Set.copyOf(a.addresses()));
            (onlyPin ? pins : held).add(Map.entry(r, a));
        }
        held.addAll(pins);
        return held;
    }

    /**
     * Registers an address a request already holds, without judging it yet ({@link #allocate} does).
     *
     * @param request the request
     * @param held what it holds
     * @return the failure when another request already holds the address and may not share it
     */
    public Optional<AllocationFailure> hold(LoadBalancerRequest request, Allocation held) {
        AllocationResult res = allocator.reserve(request, held);
        if (res instanceof AllocationResult.Failed f) {
            return Optional.of(f.value());
        }
        requests.put(request.id(), request);
        res.allocation().ifPresent(this::index);
        return Optional.empty();
    }

    /**
     * Serves a request: keeps what it holds when that still satisfies it (pool, pool scope and service
     * selectors, requested addresses, families, sharing), else allocates afresh; then vets the result
     * and everything sharing its addresses with the appliance's own rules. A refused or unsatisfiable
     * held address is released (MetalLB clears it), never kept behind the request's back. A request the
     * appliance refuses on an address it would share, and that pins nothing, is allocated again without
     * that address, as Cilium gives an incompatible newcomer another address of its sharing key or a fresh
     * one ({@code operator/pkg/lbipam/lbipam.go}); the refusal stands when no other address is left to try.
     *
     * @param request the request
     * @return the allocation, a pending result (the appliance allocates), or the failure
     */
    public AllocationResult allocate(LoadBalancerRequest request) {
        Set<IpAddress> refused = new HashSet<>();
        while (true) {
            Optional<Allocation> before = allocator.lookup(request.id());
            AllocationResult res = refused.isEmpty() ? allocator.allocate(request)
                    : allocator.allocate(request, refused);
            if (res instanceof AllocationResult.Failed) {
                before.ifPresent(b -> release(request.id()));
                return res;
            }
            Optional<Allocation> now = res.allocation();
            before.ifPresent(this::unindex);
            if (now.isEmpty()) {
                return res;
            }
            requests.put(request.id(), request);
            index(now.get());
            List<AllocationFailure> vetted = session.vet(config, sharingGroup(request, now.get()), ServiceNames::of);
            if (vetted.isEmpty()) {
                return res;
            }
            AllocationFailure f = vetted.stream().filter(v -> v.id().equals(request.id())).findFirst()
                    .orElseGet(() -> new AllocationFailure(request.id(), vetted.get(0).reason(),
                            vetted.get(0).message()));
            release(request.id());
            int tried = refused.size();
            if (request.requestedAddresses().isEmpty()) {
                now.get().addresses().stream().filter(holdersOf::containsKey).forEach(refused::add);
            }
            if (refused.size() == tried) {
                return new AllocationResult.Failed(f); // pinned, or refused on an address of its own
            }
        }
    }

    /**
     * Makes a request known to the pass without allocating (an engine that takes a new configuration
     * carries the requests it serves over, so that sharing groups stay complete).
     *
     * @param request a request whose allocation the allocator already holds
     */
    public void known(LoadBalancerRequest request) {
        requests.put(request.id(), request);
    }

    /**
     * @param id a request
     * @return whether it held something, now released
     */
    public boolean release(LoadBalancerId id) {
        allocator.lookup(id).ifPresent(this::unindex);
        requests.remove(id);
        return allocator.release(id);
    }

    /**
     * @param request a request
     * @param allocation its allocation
     * @return it and every registered request sharing one of its addresses, by id
     */
    public List<Assignment> sharingGroup(LoadBalancerRequest request, Allocation allocation) {
        TreeSet<LoadBalancerId> ids = new TreeSet<>();
        for (IpAddress a : allocation.addresses()) {
            ids.addAll(holdersOf.getOrDefault(a, new TreeSet<>()));
        }
        ids.remove(request.id());
        List<Assignment> group = new ArrayList<>();
        group.add(new Assignment(request, allocation));
        for (LoadBalancerId id : ids) {
            LoadBalancerRequest r = requests.get(id);
            Optional<Allocation> other = allocator.lookup(id);
            if (r != null && other.isPresent()) {
                group.add(new Assignment(r, other.get()));
            }
        }
        group.sort(Comparator.comparing(x -> x.request().id()));
        return group;
    }

    private void index(Allocation a) {
        for (IpAddress x : a.addresses()) {
            holdersOf.computeIfAbsent(x, k -> new TreeSet<>()).add(a.id());
        }
    }

    private void unindex(Allocation a) {
        for (IpAddress x : a.addresses()) {
            TreeSet<LoadBalancerId> s = holdersOf.get(x);
            if (s != null) {
                s.remove(a.id());
                if (s.isEmpty()) {
                    holdersOf.remove(x);
                }
            }
        }
    }
}
