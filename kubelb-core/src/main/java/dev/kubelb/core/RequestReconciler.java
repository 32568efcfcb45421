package dev.kubelb.core;

import dev.kubelb.api.Allocation;
import dev.kubelb.api.ConfigurationException;
import dev.kubelb.api.LoadBalancerId;
import dev.kubelb.api.LoadBalancerRequest;
import dev.kubelb.spi.AddressAllocator;
import dev.kubelb.spi.ApplianceStatus;
import dev.kubelb.spi.ProviderSession;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import java.time.Duration;
import java.util.Optional;

/**
 * Reconciles one request: translate → allocate and vet → render → apply owned objects → observe the
 * appliance and write status; or, for a request that is gone or out of scope, release and clean up.
 */
final class RequestReconciler {
    private final EngineState state;
    private final RequestSources sources;
    private final Finalizers finalizers;
    private final StatusWriter status;
    private final EventRecorder events;
    private final OwnedObjects owned;
    private final ConfigurationSync configuration;
    private final Planner planner;
    private final ControlLoop loop;

    RequestReconciler(EngineState state, RequestSources sources, Finalizers finalizers, StatusWriter status,
            EventRecorder events, OwnedObjects owned, ConfigurationSync configuration, Planner planner,
            ControlLoop loop) {
        this.state = state;
        this.sources = sources;
        this.finalizers = finalizers;
        this.status = status;
        this.events = events;
        this.owned = owned;
        this.configuration = configuration;
        this.planner = planner;
        this.loop = loop;
    }

    Outcome reconcile(RequestKey key) {
        if (!sources.watches().synced(key.source())) {
            // not in the cache is not gone: nothing is released on the word of a cache that is still empty
            loop.addAfter(key, Duration.ofSeconds(1));
            return Outcome.DEFERRED;
        }
        HasMetadata source = sources.lookup(key);
        if (source == null || !sources.isEligible(key, source)) {
            return cleanup(key, source) ? Outcome.DELETED : Outcome.OK;
        }
        if (source.getMetadata().getDeletionTimestamp() != null) {
            cleanup(key, source);
            return Outcome.DELETED;
        }
        LoadBalancerRequest request;
        try {
            request = sources.translate(key, source);
        } catch (ConfigurationException e) {
            status.fail(key, source, "InvalidRequest", e.getMessage());
            return Outcome.FAILED;
        }
        SourceKind holder = state.holders.putIfAbsent(key.id(), key.source());
        if (holder != null && holder != key.source()) {
            status.fail(key, source, "DuplicateRequest", "a " + holder.label() + " named " + key.name() + " in "
                    + key.namespace() + " already holds this load balancer; a " + key.source().label()
                    + " of the same name is not served");
            return Outcome.FAILED;
        }
        boolean servedBefore = Finalizers.has(source);
        source = finalizers.ensure(key, source);
        AddressAllocator alloc = state.allocator.get();
        Allocations.Result result = Allocations.allocateAndVet(state, alloc, request);
        if (result.lostHeld()) {
            state.listener.released(key.id());
            state.reportUsage(alloc);
        }
        if (result.refused() != null) {
            // reported once per refusal: not again on each reconcile that finds it still refused
            if (status.fail(key, source, result.refused().reason().name(), result.refused().message())) {
                state.listener.allocationFailed(result.refused());
            }
            return Outcome.FAILED;
        }
        Optional<Allocation> allocation = result.allocation();
        if (result.changed()) {
            state.listener.allocated(allocation.get());
            state.reportUsage(alloc);
            events.record(source, "Normal", "Allocated", "Allocated " + allocation.get().addresses() + " from pool "
                    + allocation.get().pool());
            configuration.schedule();
        }
        Service managed = owned.apply(key, source, planner.renderRequest(state.engine.configuration(), request,
                allocation), servedBefore);
        Service observed = managed == null ? null
                : sources.watches().service(managed.getMetadata().getNamespace(), managed.getMetadata().getName());
        if (observed != null) {
            status.report(key, source, observe(observed, allocation), allocation);
        }
        return Outcome.OK;
    }

    /**
     * What the appliance says of the owned Service. Its Events are read where the appliance allocates
     * (a cloud), and where it has not served yet: MetalLB refuses a pinned address with an
     * {@code AllocationFailed} Event only. An appliance serving another address than the one allocated (it
     * ignored the pin) is a refusal too: the tenant must never be told an address nobody announces.
     */
    private ApplianceStatus observe(Service observed, Optional<Allocation> allocation) {
        ProviderSession session = state.engine.session();
        boolean delegated = state.engine.provider().capabilities().delegatedAllocation();
        ApplianceStatus st = session.observe(observed);
        if (delegated || st.state() == ApplianceStatus.State.PENDING) {
            st = session.observe(observed, events.on(observed));
        }
        if (!delegated && st.state() == ApplianceStatus.State.READY && allocation.isPresent()) {
            java.util.List<dev.kubelb.api.IpAddress> served = st.ingress().stream()
                    .flatMap(i -> i.ip().stream()).filter(dev.kubelb.api.IpAddress::isValid)
                    .map(dev.kubelb.api.IpAddress::parse).toList();
            if (!served.containsAll(allocation.get().addresses())) {
                return new ApplianceStatus(ApplianceStatus.State.FAILED, java.util.List.of(), Optional.empty(),
                        "the appliance serves " + served + ", not the allocated " + allocation.get().addresses(),
                        Optional.empty());
            }
        }
        return st;
    }

    /**
     * Releases a request's addresses, deletes what it owns and removes the finalizer.
     *
     * @return whether anything was released or deleted
     */
    private boolean cleanup(RequestKey key, HasMetadata source) {
        AddressAllocator alloc = state.allocator.get();
        LoadBalancerId id = key.id();
        SourceKind holder = state.holders.get(id);
        // only the holder of the name releases: a refused twin of another kind never frees the holder's address
        boolean holds = holder == null || holder == key.source();
        boolean released = holds && state.release(id);
        if (holds) {
            state.requests.remove(id);
        }
        boolean deletedAny = owned.deleteAll(key, source == null);
        if (released) {
            state.listener.released(id);
            state.reportUsage(alloc);
        }
        if (holds && holder != null && state.holders.remove(id, holder)) {
            // a twin of the other kind may have been refused: it may be served now. Only now, once the
            // holder's objects are gone: queued earlier, the twin applied the objects of the same names and
            // the holder's cleanup then deleted them under it
            loop.add(new RequestKey(holder.twin(), key.namespace(), key.name()));
        }
        if (source != null && Finalizers.has(source)) {
            if (released) {
                events.record(source, "Normal", "Released", "Released the load balancer's addresses");
            }
            if (source.getMetadata().getDeletionTimestamp() == null) {
                // served no more but still there (out of scope now): it must not keep claiming the address
                source = status.clear(key, source);
            }
            finalizers.remove(key, source);
        }
        return released || deletedAny;
    }
}
