package dev.kubelb.core;

import dev.kubelb.api.Allocation;
import dev.kubelb.api.ApplianceConfig;
import dev.kubelb.api.ConfigurationException;
import dev.kubelb.api.LoadBalancerRequest;
import dev.kubelb.core.internal.Trees;
import dev.kubelb.spi.AddressAllocator;
import dev.kubelb.spi.Assignment;
import dev.kubelb.spi.ProviderSession;
import dev.kubelb.spi.ResourceKind;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Configuration sync, both ways: applies the appliance configuration the engine renders (pools and
 * advertisements with the current assignments) and prunes what it no longer renders; and, when the
 * configuration is read from the cluster, reloads it on change and reconfigures the allocator.
 */
final class ConfigurationSync {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigurationSync.class);

    private final EngineState state;
    private final ProviderSession session;
    private final Planner planner;
    private final Applier applier;
    private final ScheduledExecutorService timer;
    private final Runnable enqueueAll;
    private final AtomicBoolean applyPending = new AtomicBoolean();
    private String lastApplied;
    private volatile String error;

    ConfigurationSync(EngineState state, Planner planner, Applier applier, ScheduledExecutorService timer,
            Runnable enqueueAll) {
        this.state = state;
        this.session = state.engine.session();
        this.planner = planner;
        this.applier = applier;
        this.timer = timer;
        this.enqueueAll = enqueueAll;
    }

    /**
     * @return the appliance's configuration objects in the cluster (kinds it does not serve are skipped),
     *     without the ownership label kubelb adds
     */
    static List<HasMetadata> read(KubernetesClient client, ProviderSession session) {
        List<HasMetadata> objects = new ArrayList<>();
        for (ResourceKind k : session.configKinds()) {
            try {
                objects.addAll(client.genericKubernetesResources(context(k)).inAnyNamespace().list().getItems());
            } catch (KubernetesClientException e) {
                if (e.getCode() != 404) {
                    throw e;
                }
            }
        }
        return KubeLb.withoutOwnerLabel(objects);
    }

    static ResourceDefinitionContext context(ResourceKind k) {
        return new ResourceDefinitionContext.Builder().withGroup(k.group()).withVersion(k.version())
                .withKind(k.kind()).withPlural(k.plural()).withNamespaced(k.namespaced()).build();
    }

    /** @return why the configuration read from the cluster was last refused, if it was and still is */
    java.util.Optional<String> error() {
        return java.util.Optional.ofNullable(error);
    }

    /** Forgets what was applied last term: the next apply compares with the cluster again. */
    synchronized void reset() {
        lastApplied = null;
    }

    /** Applies the configuration now; a failure is logged and the apply scheduled again. */
    void applyOrRetry() {
        if (!planner.managesConfiguration()) {
            return;
        }
        try {
            apply();
        } catch (NotLeadingException e) {
            LOG.debug("{}", e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("Applying the appliance configuration failed, retrying: {}", e.toString());
            schedule();
        }
    }

    /**
     * Prunes the configuration objects kubelb owns that are no longer rendered, then applies the host-given
     * appliance configuration objects (rendered with the current assignments). Writes nothing when the
     * cluster already matches.
     */
    private synchronized void apply() {
        AddressAllocator alloc = state.allocator.get();
        List<Assignment> assignments = new ArrayList<>();
        for (Allocation a : alloc.allocations()) {
            LoadBalancerRequest r = state.requests.get(a.id());
            if (r != null) {
                assignments.add(new Assignment(r, a));
            }
        }
        List<HasMetadata> rendered = planner.renderConfiguration(state.engine.configuration(), assignments);
        String fingerprint = rendered.stream().map(Trees.SERIALIZATION::asJson).collect(Collectors.joining("\n"));
        if (fingerprint.equals(lastApplied)) {
            return; // nothing changed since it was last applied and pruned
        }
        Set<String> wanted = new HashSet<>();
        rendered.forEach(o -> wanted.add(Applier.key(o)));
        state.requireLeading("the appliance configuration");
        // prune first: an appliance's admission webhook refuses a new object that overlaps one the new
        // configuration replaces (MetalLB refuses overlapping pools), so the replaced one must go before
        for (HasMetadata o : applier.owned()) {
            Map<String, String> l = EngineState.labels(o);
            boolean perRequest = l.containsKey(KubeLbLabels.TENANT) && l.containsKey(KubeLbLabels.REQUEST);
            if (!perRequest && !wanted.contains(Applier.key(o))) {
                state.requireLeading("prune " + Applier.key(o));
                applier.delete(o);
            }
        }
        for (HasMetadata o : rendered) {
            applier.applyOne(o);
        }
        lastApplied = fingerprint;
    }

    /** Schedules an apply (coalesced: one pending at a time) after the assignments changed. */
    void schedule() {
        if (planner.managesConfiguration() && applyPending.compareAndSet(false, true)) {
            timer.schedule(() -> {
                applyPending.set(false);
                if (state.mayWrite()) {
                    applyOrRetry();
                }
            }, 200, TimeUnit.MILLISECONDS);
        }
    }

    /** Reads the configuration from the cluster and, when it changed and is valid, takes it. */
    synchronized void reload() {
        if (state.closed.get()) {
            return;
        }
        try {
            ApplianceConfig next = session.importConfig(read(state.client, session));
            session.validate(next).throwIfInvalid();
            error = null;
            if (next.equals(state.engine.configuration())) {
                return;
            }
            // under the allocation lock: no request is allocated and vetted against half of a change
            synchronized (state.allocationLock) {
                state.engine.replaceConfiguration(next);
                AddressAllocator a = state.allocator.get();
                if (a instanceof PoolAllocator pa) {
                    PoolChange change = pa.reconfigure(next.pools());
                    for (Allocation o : change.orphaned()) {
                        LOG.warn("Allocation of {} ({}) is outside its pool after a configuration change; kept,"
                                + " never reassigned", o.id(), o.addresses());
                    }
                    state.reportUsage(pa);
                }
                if (a != null) {
                    // the allocation path follows the new configuration; the requests served are carried over
                    dev.kubelb.core.internal.AllocationPass pass = new dev.kubelb.core.internal.AllocationPass(
                            session, next, a);
                    state.requests.values().forEach(pass::known);
                    state.pass.set(pass);
                }
            }
            LOG.info("Appliance configuration changed; reconciling every request");
            enqueueAll.run();
        } catch (ConfigurationException e) {
            error = e.getMessage();
            LOG.error("Appliance configuration in the cluster is invalid; keeping the previous one:\n{}",
                    e.getMessage());
        } catch (KubernetesClientException e) {
            LOG.warn("Could not read the appliance configuration ({}); retrying", e.getCode());
            timer.schedule(this::reload, 2, TimeUnit.SECONDS);
        }
    }
}
