package dev.kubelb.core;

import dev.kubelb.api.ApplianceConfig;
import dev.kubelb.spi.AddressAllocator;
import dev.kubelb.spi.ResourceKind;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's shell, assembled from its parts: {@link Watches} (event sources and caches), the
 * {@link ControlLoop} (queue, workers, leader gate), {@link Rebuild}, {@link ConfigurationSync}, the
 * {@link RequestReconciler} with {@link Allocations}, {@link OwnedObjects}, {@link StatusWriter},
 * {@link Finalizers} and the {@link EventRecorder}, and {@link RequestSources} for what differs per kind.
 * This class wires them and carries leadership from one term to the next.
 */
final class Reconciler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

    private final EngineState state;
    private final Planner planner;
    private final Function<ApplianceConfig, AddressAllocator> allocators;
    private final KubeLb.Settings settings;
    private final ControlLoop loop;
    private final Watches watches;
    private final RequestSources sources;
    private final ConfigurationSync configuration;
    private final ApplianceHeld held;
    private final RequestReconciler requests;
    private Health lastHealth;
    /** The terms of leadership: this replica leads once the rebuild of the current term succeeded. */
    private final LeadershipTerms terms;

    Reconciler(KubeLb engine, KubernetesClient client, Planner planner, Applier applier,
            Function<ApplianceConfig, AddressAllocator> allocators, KubeLb.Settings s) {
        this.state = new EngineState(engine, client, s.listener());
        this.terms = new LeadershipTerms(state.leading);
        this.planner = planner;
        this.allocators = allocators;
        this.settings = s;
        this.loop = new ControlLoop(state, s.workers(), s.retryBase(), s.retryMax());
        this.held = new ApplianceHeld(state, s.applianceNamespace(), this::isRequest);
        this.watches = new Watches(state, loop, held);
        this.sources = new RequestSources(state, watches, s.loadBalancerClass(), s.serveClassless(), s.tenantSelector(),
                s.excludedNamespaces(), s.tenantServed(), s.serviceBackends());
        this.configuration = new ConfigurationSync(state, planner, applier, loop.timer(), watches::enqueueAll);
        EventRecorder events = new EventRecorder(state, watches);
        StatusWriter status = new StatusWriter(state, watches, sources, events);
        this.requests = new RequestReconciler(state, sources, new Finalizers(state, watches), status, events,
                new OwnedObjects(state, watches, applier, status), configuration, planner, loop);
    }

    /** @return whether a Service is a request of this engine's, or was one it served (else the appliance's) */
    private boolean isRequest(io.fabric8.kubernetes.api.model.Service svc) {
        return sources.isCandidate(svc) || state.holders.containsKey(dev.kubelb.api.LoadBalancerId.of(
                svc.getMetadata().getNamespace(), svc.getMetadata().getName()));
    }

    /** Starts the informers and the workers; processing begins once leading. */
    void start() {
        List<ResourceKind> configKinds = settings.configFromCluster() ? state.engine.session().configKinds() : List.of();
        watches.start(sources::isCandidate, svc -> sources.keeps(svc) || held.holds(svc),
                settings.serviceBackends() == ServiceBackends.ENDPOINTS, settings.watchLoadBalancers(), configKinds,
                () -> loop.timer().execute(configuration::reload));
        loop.start(requests::reconcile);
        loop.timer().scheduleWithFixedDelay(this::checkHealth, 1, 1, java.util.concurrent.TimeUnit.SECONDS);
        checkHealth();
    }

    Health health() {
        return new Health(!state.closed.get(), state.leading.get(), watches.states(), configuration.error());
    }

    /** Tells the listener when the health changed (polled: reading it costs no API call). */
    private synchronized void checkHealth() {
        Health now = health();
        if (!now.equals(lastHealth)) {
            lastHealth = now;
            try {
                state.listener.healthChanged(now);
            } catch (RuntimeException e) {
                LOG.warn("Listener failed on a health change: {}", e.toString());
            }
        }
    }

    /**
     * Called when this instance starts leading (or immediately without leader election): rebuilds from the
     * cluster, then serves. A rebuild that fails (the API server unreachable a moment) is retried with
     * backoff for as long as the lease is held: a leader that does nothing would block every other replica.
     */
    void becameLeader() {
        startTerm(terms.begin(), Duration.ofMillis(250));
    }

    private void startTerm(long term, Duration backoff) {
        if (state.closed.get()) {
            return;
        }
        try {
            boolean ran = terms.rebuild(term, () -> {
                LOG.info("kubelb engine is leading: rebuilding allocations from the cluster");
                AddressAllocator fresh = allocators.apply(state.engine.configuration());
                state.clear();
                configuration.reset();
                dev.kubelb.core.internal.AllocationPass pass = new dev.kubelb.core.internal.AllocationPass(
                        state.engine.session(), state.engine.configuration(), fresh);
                Rebuild.into(fresh, pass, state, sources, watches.watchesLoadBalancers());
                held.holdAll(fresh, watches.services()); // after the requests: one that shares an address keeps it
                state.allocator.set(fresh);
                state.pass.set(pass);
            });
            if (!ran) {
                return; // the term ended (the lease was lost) before its rebuild began
            }
        } catch (RuntimeException e) {
            if (!terms.isCurrent(term)) {
                return;
            }
            Duration next = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(30)) > 0 ? Duration.ofSeconds(30)
                    : backoff.multipliedBy(2);
            LOG.warn("Rebuilding after winning the lease failed, retrying in {} ms: {}", backoff.toMillis(), e.toString());
            loop.timer().schedule(() -> startTerm(term, next), backoff.toMillis(),
                    java.util.concurrent.TimeUnit.MILLISECONDS);
            return;
        }
        // a term that ended during its rebuild never leads: the next term rebuilds again
        if (!terms.lead(term, () -> !state.closed.get())) {
            return;
        }
        configuration.applyOrRetry();
        state.reportUsage(state.allocator.get());
        watches.enqueueAll();
        checkHealth();
    }

    /** Called when this instance stops leading: it stops writing at once. */
    void lostLeadership() {
        if (terms.end()) {
            LOG.warn("kubelb engine lost leadership: no further writes");
        }
        checkHealth();
    }

    boolean isLeading() {
        return state.leading.get();
    }

    void enqueueAll() {
        watches.enqueueAll();
    }

    boolean awaitIdle(Duration timeout) throws InterruptedException {
        return loop.awaitIdle(timeout);
    }

    Optional<AddressAllocator> allocator() {
        return state.allocator();
    }

    /**
     * Stops taking work and waits (bounded) for reconciles in flight to finish their writes, still leading:
     * called before the lease is released, so that no write is cut off half way and none comes after.
     */
    void drain(Duration timeout) {
        loop.drain(timeout);
    }

    @Override
    public void close() {
        if (state.closed.getAndSet(true)) {
            return;
        }
        state.leading.set(false);
        // let reconciles in flight finish their writes (bounded) before the watches go
        loop.drain(Duration.ofSeconds(5));
        watches.close();
        loop.shutdownNow();
    }
}
