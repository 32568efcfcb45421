package dev.kubelb.core;

import dev.kubelb.api.AddressPool;
import dev.kubelb.api.Allocation;
import dev.kubelb.api.AllocationResult;
import dev.kubelb.api.IpAddress;
import dev.kubelb.api.LoadBalancerId;
import dev.kubelb.api.LoadBalancerRequest;
import dev.kubelb.api.PortSpec;
import dev.kubelb.spi.AddressAllocator;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Addresses the appliance handed out itself: MetalLB and Cilium serve the Services the engine does not (class-less
 * ones, typically) from the same pools, and refuse to pin an address another Service holds (MetalLB's
 * {@code internal/allocator/allocator.go Assign}: "already in use"). So the address of every LoadBalancer Service
 * that is no request of this engine and none it owns, as its status shows it, is held in the allocator for as long
 * as that Service shows it, and never handed to a request.
 *
 * <p>Each is held under an id in the appliance's namespace ({@code <appliance namespace>/<namespace>.<name>}),
 * where the engine never serves a request, so no request can ever be mistaken for one (or join it). An address
 * outside the engine's pools is none of its business. An address a request already holds (two Services sharing it
 * at the appliance) stays the request's.
 */
final class ApplianceHeld implements ResourceEventHandler<Service> {
    private static final Logger LOG = LoggerFactory.getLogger(ApplianceHeld.class);

    private final EngineState state;
    private final String applianceNamespace;
    private final Predicate<Service> request;
    /** What each foreign Service is held with now, by {@code namespace/name}. */
    private final Map<String, List<IpAddress>> held = new ConcurrentHashMap<>();

    /**
     * @param request whether a Service is a request of this engine (its addresses are the request's business)
     */
    ApplianceHeld(EngineState state, String applianceNamespace, Predicate<Service> request) {
        this.state = state;
        this.applianceNamespace = applianceNamespace;
        this.request = request;
    }

    @Override
    public void onAdd(Service s) {
        changed(s);
    }

    @Override
    public void onUpdate(Service before, Service s) {
        changed(s);
    }

    @Override
    public void onDelete(Service s, boolean deletedFinalStateUnknown) {
        gone(s);
    }

    /** @return whether a Service holds an address the appliance gave it and this engine did not */
    boolean holds(Service s) {
        return !heldAddresses(s).isEmpty();
    }

    /** @return the addresses a Service holds from the appliance (none when it is the engine's, or no LoadBalancer) */
    private List<IpAddress> heldAddresses(Service s) {
        return s.getSpec() != null && "LoadBalancer".equals(s.getSpec().getType()) && !EngineState.owned(s)
                && !request.test(s) ? StatusReader.addresses(s) : List.of();
    }

    /** A Service changed (or was seen first): its addresses are held, or no longer. Cheap for any other. */
    void changed(Service s) {
        AddressAllocator alloc = state.allocator.get();
        List<IpAddress> addresses = heldAddresses(s);
        if (alloc != null && state.mayWrite() && (!addresses.isEmpty() || held.containsKey(key(s)))) {
            synchronized (state.allocationLock) {
                update(alloc, s, addresses);
            }
        }
    }

    /** A Service was deleted: its addresses are free again. */
    void gone(Service s) {
        AddressAllocator alloc = state.allocator.get();
        if (alloc != null && held.containsKey(key(s))) {
            synchronized (state.allocationLock) {
                update(alloc, s, List.of());
            }
        }
    }

    /**
     * Holds every address the appliance gave out, in a new term's allocator (after the requests' own
     * allocations are restored, so that a request keeps an address it shares).
     *
     * @param alloc the new allocator
     * @param services the Services the engine keeps
     */
    void holdAll(AddressAllocator alloc, Collection<Service> services) {
        held.clear();
        synchronized (state.allocationLock) {
            for (Service s : services) {
                List<IpAddress> addresses = heldAddresses(s);
                if (!addresses.isEmpty()) {
                    update(alloc, s, addresses);
                }
            }
        }
    }

    private void update(AddressAllocator alloc, Service s, List<IpAddress> addresses) {
        LoadBalancerId id = idOf(s);
        Optional<String> pool = addresses.isEmpty() ? Optional.empty() : poolOf(addresses);
        List<IpAddress> now = pool.isPresent() ? addresses : List.of();
        List<IpAddress> before = held.getOrDefault(key(s), List.of());
        if (now.equals(before)) {
            return;
        }
        if (!before.isEmpty()) {
            alloc.release(id);
            held.remove(key(s));
            LOG.info("{} no longer holds {}: free again", key(s), before);
        }
        if (now.isEmpty()) {
            return;
        }
        LoadBalancerRequest holder = LoadBalancerRequest.builder(id).port(PortSpec.tcp(1)).build();
        AllocationResult r = alloc.reserve(holder, new Allocation(id, pool.get(), now, Optional.empty()));
        if (r instanceof AllocationResult.Failed f) {
            LOG.debug("{}/{} holds {}, which a request holds too: left to the request ({})",
                    s.getMetadata().getNamespace(), s.getMetadata().getName(), now, f.value().message());
            return;
        }
        held.put(key(s), now);
        LOG.info("{}/{} holds {} from pool {} (given by the appliance): not handed to any request",
                s.getMetadata().getNamespace(), s.getMetadata().getName(), now, pool.get());
    }

    /** @return the engine's pool offering the first address, if any */
    private Optional<String> poolOf(List<IpAddress> addresses) {
        return state.engine.configuration().pools().stream().filter(p -> p.offers(addresses.get(0)))
                .map(AddressPool::name).findFirst();
    }

    private static String key(Service s) {
        return s.getMetadata().getNamespace() + "/" + s.getMetadata().getName();
    }

    /** @return the id a foreign Service's addresses are held under */
    LoadBalancerId idOf(Service s) {
        return LoadBalancerId.of(applianceNamespace, s.getMetadata().getNamespace() + "." + s.getMetadata().getName());
    }
}
