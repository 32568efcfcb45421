package dev.kubelb.core;

import dev.kubelb.api.Allocation;
import dev.kubelb.api.AllocationFailure;
import dev.kubelb.api.AllocationResult;
import dev.kubelb.api.ApplianceConfig;
import dev.kubelb.api.ConfigurationException;
import dev.kubelb.api.IpAddress;
import dev.kubelb.api.KubeLbException;
import dev.kubelb.api.LabelSelector;
import dev.kubelb.api.LoadBalancerId;
import dev.kubelb.api.LoadBalancerRequest;
import dev.kubelb.api.ProviderException;
import dev.kubelb.core.crd.KubeLbAddresses;
import dev.kubelb.core.crd.KubeLbLoadBalancer;
import dev.kubelb.core.internal.WorkQueue;
import dev.kubelb.spi.AddressAllocator;
import dev.kubelb.spi.ApplianceStatus;
import dev.kubelb.spi.Assignment;
import dev.kubelb.spi.ProviderSession;
import dev.kubelb.spi.ResourceKind;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.LoadBalancerIngressBuilder;
import io.fabric8.kubernetes.api.model.LoadBalancerStatus;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceStatus;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The imperative shell: watches request sources, managed objects and (when read from the cluster) the
 * appliance configuration; rebuilds the allocator from the cluster before allocating anything new;
 * serves each request through a de-duplicating work queue with backoff and a bounded worker pool.
 */
final class Reconciler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);
    static final String SOURCE_SERVICE = "Service";
    static final String SOURCE_LOADBALANCER = "LoadBalancer";
    static final String EXCLUDE_NODE = "node.kubernetes.io/exclude-from-external-load-balancers";

    /** A request source. */
    record Key(String source, String namespace, String name) {
        LoadBalancerId id() {
            return LoadBalancerId.of(namespace, name);
        }

        @Override
        public String toString() {
            return source + "/" + namespace + "/" + name;
        }
    }

    private final KubeLb engine;
    private final KubernetesClient client;
    private final ProviderSession session;
    private final Applier applier;
    private final Planner planner;
    private final KubeLbListener listener;
    private final Optional<String> loadBalancerClass;
    private final LabelSelector tenantSelector;
    private final boolean watchLoadBalancers;
    private final boolean configFromCluster;
    private final int workers;
    private final Function<ApplianceConfig, AddressAllocator> allocators;

    private final AtomicReference<AddressAllocator> allocator = new AtomicReference<>();
    private final Map<LoadBalancerId, LoadBalancerRequest> requests = new ConcurrentHashMap<>();
    /**
     * Which kind of source (Service or KubeLB LoadBalancer) holds a tenant's name: a Service and a
     * LoadBalancer of one name in one namespace would be the same load balancer, so the first one holds it
     * and the other is refused; only the holder's cleanup ever releases the address.
     */
    private final Map<LoadBalancerId, String> holders = new ConcurrentHashMap<>();
    private final Map<Key, Map<String, HasMetadata>> applied = new ConcurrentHashMap<>();
    /**
     * Owned objects deleted (by anyone) since this engine last wrote them or saw them delivered: never taken
     * as present while the cache lacks them. A reconcile still recording such an object in {@link #applied}
     * when its deletion arrived would otherwise put it back there, and every later reconcile would skip it.
     */
    private final Set<String> deleted = ConcurrentHashMap.newKeySet();
    /** The engine's own writes to request sources (finalizer, status) that the cache may not show yet. */
    private final dev.kubelb.core.internal.RecentWrites recent = new dev.kubelb.core.internal.RecentWrites();
    private final ScheduledExecutorService timer;
    private final ExecutorService pool;
    private final WorkQueue<Key> queue;
    private final AtomicBoolean leading = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean configApplyPending = new AtomicBoolean();
    private final Object allocationLock = new Object();
    private final Object usageLock = new Object();
    private static final io.fabric8.kubernetes.client.dsl.base.PatchContext MERGE_PATCH =
            io.fabric8.kubernetes.client.dsl.base.PatchContext.of(io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE);
    private static final io.fabric8.kubernetes.client.dsl.base.PatchContext JSON_PATCH =
            new io.fabric8.kubernetes.client.dsl.base.PatchContext.Builder()
                    .withPatchType(io.fabric8.kubernetes.client.dsl.base.PatchType.JSON).build();
    private String lastAppliedConfiguration;
    private final AtomicInteger busy = new AtomicInteger();
    private final AtomicLong lastActivity = new AtomicLong(System.nanoTime());
    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
    private SharedIndexInformer<Service> services;
    private SharedIndexInformer<KubeLbLoadBalancer> loadBalancers;
    private SharedIndexInformer<KubeLbAddresses> addresses;
    private SharedIndexInformer<Namespace> namespaces;
    private SharedIndexInformer<Node> nodes;
    private SharedIndexInformer<EndpointSlice> slices;


    Reconciler(KubeLb engine, KubernetesClient client, Planner planner, Applier applier,
            Function<ApplianceConfig, AddressAllocator> allocators, KubeLb.Settings s) {
        this.engine = engine;
        this.client = client;
        this.session = engine.session();
        this.planner = planner;
        this.applier = applier;
        this.allocators = allocators;
        this.listener = s.listener();
        this.loadBalancerClass = s.loadBalancerClass();
        this.tenantSelector = s.tenantSelector();
        this.watchLoadBalancers = s.watchLoadBalancers();
        this.configFromCluster = s.configFromCluster();
        this.workers = s.workers();
        this.timer = Executors.newSingleThreadScheduledExecutor(daemon("kubelb-timer"));
        this.pool = Executors.newFixedThreadPool(workers, daemon("kubelb-worker"));
        this.queue = new WorkQueue<>(timer, s.retryBase(), s.retryMax());
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Starts the informers and the workers; processing begins once leading. */
    void start() {
        namespaces = client.namespaces().inform(handler(o -> enqueueAll()), 0);
        nodes = client.nodes().inform(handler(o -> enqueueAllOf(SOURCE_SERVICE)), 0);
        services = client.services().inAnyNamespace().inform(handler(this::onService, this::forgetApplied), 0);
        slices = client.discovery().v1().endpointSlices().inAnyNamespace()
                .withLabel(KubeLbLabels.MANAGED_BY, KubeLbLabels.MANAGER)
                .inform(handler(o -> enqueueOwner(o), this::forgetApplied), 0);
        informers.add(slices);
        informers.add(namespaces);
        informers.add(nodes);
        informers.add(services);
        if (watchLoadBalancers) {
            try {
                loadBalancers = client.resources(KubeLbLoadBalancer.class).inAnyNamespace()
                        .inform(handler(this::onLoadBalancer), 0);
                informers.add(loadBalancers);
            } catch (KubernetesClientException e) {
                LOG.warn("Not watching KubeLB LoadBalancers ({}): {}", e.getCode(), e.getMessage());
            }
            try {
                // a LoadBalancer's endpoints may name the tenant's Addresses: its back ends follow them
                addresses = client.resources(KubeLbAddresses.class).inAnyNamespace()
                        .inform(handler(a -> enqueueLoadBalancersIn(a.getMetadata().getNamespace())), 0);
                informers.add(addresses);
            } catch (KubernetesClientException e) {
                LOG.warn("Not watching KubeLB Addresses ({}): {}", e.getCode(), e.getMessage());
            }
        }
        if (configFromCluster) {
            for (ResourceKind k : session.configKinds()) {
                try {
                    informers.add(client.genericKubernetesResources(context(k)).inAnyNamespace()
                            .inform(handler(o -> timer.execute(this::reloadConfig)), 0));
                } catch (KubernetesClientException e) {
                    LOG.warn("Not watching {} ({}): {}", k.kind(), e.getCode(), e.getMessage());
                }
            }
        }
        for (int i = 0; i < workers; i++) {
            pool.execute(this::work);
        }
    }

    /**
     * @return the appliance's configuration objects in the cluster (kinds it does not serve are skipped),
     *     without the ownership label kubelb adds
     */
    static List<HasMetadata> readConfiguration(KubernetesClient client, ProviderSession session) {
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

    private <T extends HasMetadata> ResourceEventHandler<T> handler(java.util.function.Consumer<T> onChange) {
        return handler(onChange, o -> { });
    }

    private <T extends HasMetadata> ResourceEventHandler<T> handler(java.util.function.Consumer<T> onChange,
            java.util.function.Consumer<T> onDeleteFirst) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                onChange.accept(obj);
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                if (!Objects.equals(oldObj.getMetadata().getResourceVersion(),
                        newObj.getMetadata().getResourceVersion())) {
                    onChange.accept(newObj);
                }
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                onDeleteFirst.accept(obj);
                onChange.accept(obj);
            }
        };
    }

    private void onService(Service s) {
        if (KubeLbLabels.MANAGER.equals(labels(s).get(KubeLbLabels.MANAGED_BY))) {
            enqueueOwner(s);
            return;
        }
        queue.add(new Key(SOURCE_SERVICE, s.getMetadata().getNamespace(), s.getMetadata().getName()));
    }

    /** An owned object was deleted (by anyone): it must be applied again, not assumed present. */
    private void forgetApplied(HasMetadata o) {
        String k = Applier.key(o);
        deleted.add(k);
        applied.values().forEach(m -> m.remove(k));
    }

    private void enqueueOwner(HasMetadata o) {
        if (cached(o) != null) {
            deleted.remove(Applier.key(o)); // delivered and there again: the cache is the truth from here
        }
        Map<String, String> labels = labels(o);
        String tenant = labels.get(KubeLbLabels.TENANT);
        String request = labels.get(KubeLbLabels.REQUEST);
        if (tenant != null && request != null) {
            queue.add(new Key(labels.getOrDefault(KubeLbLabels.SOURCE, SOURCE_SERVICE), tenant, request));
        }
    }

    private void onLoadBalancer(KubeLbLoadBalancer lb) {
        queue.add(new Key(SOURCE_LOADBALANCER, lb.getMetadata().getNamespace(), lb.getMetadata().getName()));
    }

    // ---------------------------------------------------------------- leadership and rebuild

    /** Called when this instance starts leading (or immediately without leader election). */
    void becameLeader() {
        LOG.info("kubelb engine is leading: rebuilding allocations from the cluster");
        AddressAllocator fresh = allocators.apply(engine.configuration());
        requests.clear();
        holders.clear();
        applied.clear();
        deleted.clear();
        recent.clear();
        lastAppliedConfiguration = null;
        rebuild(fresh);
        allocator.set(fresh);
        leading.set(true);
        if (planner.managesConfiguration()) {
            try {
                applyConfiguration();
            } catch (RuntimeException e) {
                LOG.warn("Applying the appliance configuration failed, retrying: {}", e.toString());
                scheduleConfigurationApply();
            }
        }
        reportUsage(fresh);
        enqueueAll();
    }

    /** Called when this instance stops leading: it stops writing at once. */
    void lostLeadership() {
        if (leading.getAndSet(false)) {
            LOG.warn("kubelb engine lost leadership: no further writes");
        }
    }

    boolean isLeading() {
        return leading.get();
    }

    /**
     * Re-registers every allocation the cluster records — on managed Services, and addresses already in a
     * request's {@code status.loadBalancer.ingress} — before anything new is allocated.
     *
     * <p>Labels and annotations are written by whoever may write the object, tenants included; a request's
     * status is not (tenants are not granted the status subresource). So a record counts only where the
     * engine itself keeps it (in the request's namespace, under the name it derives), and when two claims
     * collide the better-founded wins: first records the request's status confirms, then addresses in a
     * status without a record, last records alone (the engine stopped before it wrote the status).
     */
    private void rebuild(AddressAllocator target) {
        Map<LoadBalancerId, Allocation> recorded = new TreeMap<>();
        Map<LoadBalancerId, String> recordedSource = new TreeMap<>();
        for (Service s : client.services().inAnyNamespace()
                .withLabel(KubeLbLabels.MANAGED_BY, KubeLbLabels.MANAGER).list().getItems()) {
            try {
                Requests.recordedAllocation(s).ifPresent(a -> {
                    if (!a.id().tenant().equals(s.getMetadata().getNamespace())
                            || !ObjectNames.serviceName(a.id()).equals(s.getMetadata().getName())) {
                        LOG.warn("Ignoring the allocation record on {}: kubelb keeps the record of {} on {}/{}",
                                Applier.key(s), a.id(), a.id().tenant(), ObjectNames.serviceName(a.id()));
                        return;
                    }
                    recorded.put(a.id(), a);
                    recordedSource.put(a.id(), labels(s).getOrDefault(KubeLbLabels.SOURCE, SOURCE_SERVICE));
                });
            } catch (ConfigurationException e) {
                LOG.warn("Ignoring unreadable allocation record on {}: {}", Applier.key(s), e.getMessage());
            }
        }
        Map<Key, HasMetadata> sources = new TreeMap<>(Comparator.comparing(Key::toString));
        for (Service s : client.services().inAnyNamespace().list().getItems()) {
            if (isCandidate(s)) {
                sources.put(new Key(SOURCE_SERVICE, s.getMetadata().getNamespace(), s.getMetadata().getName()), s);
            }
        }
        if (loadBalancers != null) {
            for (KubeLbLoadBalancer lb : client.resources(KubeLbLoadBalancer.class).inAnyNamespace().list()
                    .getItems()) {
                sources.put(new Key(SOURCE_LOADBALANCER, lb.getMetadata().getNamespace(),
                        lb.getMetadata().getName()), lb);
            }
        }
        int restored = 0;
        // 1. records the request's status confirms
        for (Map.Entry<Key, HasMetadata> e : sources.entrySet()) {
            Allocation a = recordFor(e.getKey(), recorded, recordedSource);
            if (a != null && statusAddresses(e.getValue()).containsAll(a.addresses())
                    && restore(target, e.getKey(), e.getValue(), a, "Existing allocation")) {
                restored++;
            }
        }
        // 2. addresses already handed out and visible in a request's status, without a record of ours
        for (Map.Entry<Key, HasMetadata> e : sources.entrySet()) {
            Key key = e.getKey();
            List<IpAddress> ingress = statusAddresses(e.getValue());
            if (ingress.isEmpty() || target.lookup(key.id()).isPresent() || recordFor(key, recorded, recordedSource) != null) {
                continue;
            }
            String pool = engine.configuration().pools().stream().filter(p -> p.offers(ingress.get(0)))
                    .map(p -> p.name()).findFirst().orElse("");
            Optional<LoadBalancerRequest> r = translateQuietly(key, e.getValue());
            if (r.isPresent() && !pool.isEmpty() && restore(target, key, e.getValue(),
                    new Allocation(key.id(), pool, ingress, r.get().sharingKey()), "Address in status")) {
                restored++;
            }
        }
        // 3. records alone: the engine stopped after allocating, before the status was written
        for (Map.Entry<Key, HasMetadata> e : sources.entrySet()) {
            Allocation a = recordFor(e.getKey(), recorded, recordedSource);
            if (a != null && target.lookup(e.getKey().id()).isEmpty()
                    && restore(target, e.getKey(), e.getValue(), a, "Existing allocation")) {
                restored++;
            }
        }
        LOG.info("Restored {} allocation(s) from the cluster", restored);
    }

    private static Allocation recordFor(Key key, Map<LoadBalancerId, Allocation> recorded,
            Map<LoadBalancerId, String> recordedSource) {
        Allocation a = recorded.get(key.id());
        return a != null && key.source().equals(recordedSource.get(key.id())) ? a : null;
    }

    private static List<IpAddress> statusAddresses(HasMetadata source) {
        LoadBalancerStatus st = loadBalancerStatus(source);
        return st == null || st.getIngress() == null ? List.of() : st.getIngress().stream()
                .map(LoadBalancerIngress::getIp).filter(ip -> ip != null && IpAddress.isValid(ip)).map(IpAddress::parse)
                .toList();
    }

    /** @return whether the allocation was re-registered */
    private boolean restore(AddressAllocator target, Key key, HasMetadata source, Allocation a, String what) {
        Optional<LoadBalancerRequest> r = translateQuietly(key, source);
        if (r.isEmpty()) {
            return false;
        }
        try {
            AllocationResult res = target.reserve(r.get(), a);
            if (res instanceof AllocationResult.Failed f) {
                LOG.warn("{} of {} conflicts and is not restored: {}", what, key, f.value().message());
                return false;
            }
        } catch (ConfigurationException ex) {
            LOG.warn("{} of {} not restored: {}", what, key, ex.getMessage());
            return false;
        }
        requests.put(key.id(), r.get());
        holders.put(key.id(), key.source());
        return true;
    }

    private Optional<LoadBalancerRequest> translateQuietly(Key key, HasMetadata source) {
        try {
            return Optional.of(translate(key, source));
        } catch (KubeLbException e) {
            return Optional.empty();
        }
    }

    // ---------------------------------------------------------------- configuration

    /**
     * Applies the host-given appliance configuration objects (rendered with the current assignments)
     * and prunes configuration objects kubelb owns that are no longer rendered. Writes nothing when the
     * cluster already matches.
     */
    private synchronized void applyConfiguration() {
        AddressAllocator alloc = allocator.get();
        List<Assignment> assignments = new ArrayList<>();
        for (Allocation a : alloc.allocations()) {
            LoadBalancerRequest r = requests.get(a.id());
            if (r != null) {
                assignments.add(new Assignment(r, a));
            }
        }
        List<HasMetadata> rendered = planner.renderConfiguration(engine.configuration(), assignments);
        String fingerprint = rendered.stream().map(dev.kubelb.core.internal.Trees.SERIALIZATION::asJson)
                .collect(java.util.stream.Collectors.joining("\n"));
        if (fingerprint.equals(lastAppliedConfiguration)) {
            return; // nothing changed since it was last applied and pruned
        }
        Set<String> wanted = new HashSet<>();
        for (HasMetadata o : rendered) {
            wanted.add(Applier.key(o));
            applier.applyOne(o);
        }
        for (HasMetadata o : applier.owned()) {
            Map<String, String> l = labels(o);
            boolean perRequest = l.containsKey(KubeLbLabels.TENANT) && l.containsKey(KubeLbLabels.REQUEST);
            if (!perRequest && !wanted.contains(Applier.key(o))) {
                applier.delete(o);
            }
        }
        lastAppliedConfiguration = fingerprint;
    }

    private void scheduleConfigurationApply() {
        if (planner.managesConfiguration() && configApplyPending.compareAndSet(false, true)) {
            timer.schedule(() -> {
                configApplyPending.set(false);
                if (leading.get() && !closed.get()) {
                    try {
                        applyConfiguration();
                    } catch (RuntimeException e) {
                        LOG.warn("Applying the appliance configuration failed, retrying: {}", e.toString());
                        scheduleConfigurationApply();
                    }
                }
            }, 200, java.util.concurrent.TimeUnit.MILLISECONDS);
        }
    }

    private synchronized void reloadConfig() {
        if (closed.get()) {
            return;
        }
        try {
            ApplianceConfig next = session.importConfig(readConfiguration(client, session));
            session.validate(next).throwIfInvalid();
            if (next.equals(engine.configuration())) {
                return;
            }
            engine.replaceConfiguration(next);
            AddressAllocator a = allocator.get();
            if (a instanceof PoolAllocator pa) {
                PoolChange change = pa.reconfigure(next.pools());
                for (Allocation o : change.orphaned()) {
                    LOG.warn("Allocation of {} ({}) is outside its pool after a configuration change; kept, never"
                            + " reassigned", o.id(), o.addresses());
                }
                reportUsage(pa);
            }
            LOG.info("Appliance configuration changed; reconciling every request");
            enqueueAll();
        } catch (ConfigurationException e) {
            LOG.error("Appliance configuration in the cluster is invalid; keeping the previous one:\n{}",
                    e.getMessage());
        } catch (KubernetesClientException e) {
            LOG.warn("Could not read the appliance configuration ({}); retrying", e.getCode());
            timer.schedule(this::reloadConfig, 2, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    // ---------------------------------------------------------------- the work loop

    void enqueueAll() {
        if (services != null) {
            for (Service s : services.getIndexer().list()) {
                onService(s);
            }
        }
        if (loadBalancers != null) {
            for (KubeLbLoadBalancer lb : loadBalancers.getIndexer().list()) {
                onLoadBalancer(lb);
            }
        }
    }

    private void enqueueLoadBalancersIn(String namespace) {
        if (loadBalancers != null) {
            loadBalancers.getIndexer().list().stream()
                    .filter(lb -> namespace.equals(lb.getMetadata().getNamespace()))
                    .forEach(this::onLoadBalancer);
        }
    }

    private void enqueueAllOf(String source) {
        if (SOURCE_SERVICE.equals(source) && services != null) {
            services.getIndexer().list().stream().filter(this::isCandidate).forEach(this::onService);
        }
    }

    private void work() {
        while (!closed.get()) {
            Optional<Key> next;
            try {
                next = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (next.isEmpty()) {
                return;
            }
            Key key = next.get();
            busy.incrementAndGet();
            long t0 = System.nanoTime();
            try {
                if (leading.get()) {
                    String outcome = reconcile(key);
                    queue.forget(key);
                    listener.reconciled(key.id(), outcome, System.nanoTime() - t0);
                }
            } catch (RuntimeException e) {
                Duration d = queue.addRateLimited(key);
                if (e instanceof ProviderException p && p.httpCode().orElse(0) == 409) {
                    // a write based on a copy the cluster has moved past: ordinary for a controller, retried
                    LOG.debug("Reconciling {} met a conflict, retrying in {} ms: {}", key, d.toMillis(), e.getMessage());
                } else {
                    LOG.warn("Reconciling {} failed, retrying in {} ms: {}", key, d.toMillis(), e.toString());
                }
                listener.reconciled(key.id(), "error", System.nanoTime() - t0);
            } finally {
                queue.done(key);
                busy.decrementAndGet();
                lastActivity.set(System.nanoTime());
            }
        }
    }

    boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (queue.size() == 0 && busy.get() == 0
                    && System.nanoTime() - lastActivity.get() > Duration.ofMillis(200).toNanos()) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    // ---------------------------------------------------------------- reconcile one request

    String reconcile(Key key) {
        HasMetadata source = lookup(key);
        if (source == null || !isEligible(key, source)) {
            return cleanup(key, source) ? "deleted" : "ok";
        }
        if (source.getMetadata().getDeletionTimestamp() != null) {
            cleanup(key, source);
            return "deleted";
        }
        LoadBalancerRequest request;
        try {
            request = translate(key, source);
        } catch (ConfigurationException e) {
            fail(key, source, "InvalidRequest", e.getMessage());
            return "failed";
        }
        String holder = holders.putIfAbsent(key.id(), key.source());
        if (holder != null && !holder.equals(key.source())) {
            fail(key, source, "DuplicateRequest", "a " + holder + " named " + key.name() + " in " + key.namespace()
                    + " already holds this load balancer; a " + key.source() + " of the same name is not served");
            return "failed";
        }
        boolean servedBefore = hasFinalizer(source);
        source = ensureFinalizer(key, source);
        AddressAllocator alloc = allocator.get();
        Optional<Allocation> before;
        Optional<Allocation> allocation;
        AllocationFailure refused = null;
        // allocate, vet with the appliance's rules and register as one step, so that two requests racing for
        // one shared address are vetted against each other
        synchronized (allocationLock) {
            before = alloc.lookup(key.id());
            // an allocation left outside its pool by a configuration change is kept as it is (never moved
            // to another address behind the tenant's back, never given to anyone else) until released
            boolean orphan = before.isPresent() && alloc instanceof PoolAllocator pa
                    && pa.orphans().stream().anyMatch(o -> o.id().equals(key.id()));
            AllocationResult result = orphan ? new AllocationResult.Allocated(before.get()) : alloc.allocate(request);
            allocation = result.allocation();
            if (result instanceof AllocationResult.Failed f) {
                refused = f.value();
            } else if (allocation.isPresent() && !allocation.equals(before)) {
                // a new or changed allocation must be one the appliance accepts next to those already held;
                // when it is not, the newcomer is refused and the holders keep what they have
                List<AllocationFailure> vetted = session.vet(engine.configuration(), sharingGroup(request,
                        allocation.get()));
                if (!vetted.isEmpty()) {
                    AllocationFailure vf = vetted.stream().filter(v -> v.id().equals(key.id())).findFirst()
                            .orElseGet(() -> new AllocationFailure(key.id(), vetted.get(0).reason(),
                                    vetted.get(0).message()));
                    alloc.release(key.id());
                    before.ifPresent(b -> alloc.reserve(request, b));
                    refused = vf;
                }
            }
            if (refused == null) {
                requests.put(key.id(), request);
            }
        }
        if (refused != null) {
            // reported once per refusal: not again on each reconcile that finds it still refused
            if (fail(key, source, refused.reason().name(), refused.message())) {
                listener.allocationFailed(refused);
            }
            return "failed";
        }
        if (allocation.isPresent() && !allocation.equals(before)) {
            listener.allocated(allocation.get());
            reportUsage(alloc);
            event(source, "Normal", "Allocated", "Allocated " + allocation.get().addresses() + " from pool "
                    + allocation.get().pool());
            scheduleConfigurationApply();
        }
        List<HasMetadata> desired = planner.renderRequest(engine.configuration(), request, allocation);
        Service managed = null;
        Map<String, HasMetadata> previous = applied.get(key);
        Map<String, HasMetadata> now = new java.util.concurrent.ConcurrentSkipListMap<>();
        for (HasMetadata o : desired) {
            labelSource(o, key);
            String k = Applier.key(o);
            now.put(k, o);
            HasMetadata cached = cached(o);
            HasMetadata last = previous == null ? null : previous.get(k);
            if (cached == null && last != null && sameJson(last, o) && !deleted.contains(k)) {
                // created or updated by us a moment ago; the watch has not delivered it yet
            } else {
                try {
                    ApplyStrategy.Outcome outcome = cached == null && previous == null && !servedBefore
                            ? applier.create(o) // a new request: nothing to read first (a conflict falls back to a read)
                            : applier.applyOne(o, cached);
                    if (outcome != ApplyStrategy.Outcome.UNCHANGED) {
                        deleted.remove(k);
                    }
                } catch (OwnershipConflictException e) {
                    // someone else's object holds the name: reported on the request, retried with backoff
                    fail(key, source, "OwnedObjectConflict", e.getMessage());
                    throw e;
                }
            }
            if (o instanceof Service s) {
                managed = s;
            }
        }
        // prune what this request no longer needs: from memory, or (first time since start) from the cluster
        List<HasMetadata> toPrune = previous != null ? new ArrayList<>(previous.values())
                : servedBefore ? ownedBy(key.id()) : List.of();
        for (HasMetadata stale : toPrune) {
            if (!now.containsKey(Applier.key(stale))) {
                applier.delete(stale);
            }
        }
        applied.put(key, now);
        Service observed = managed == null ? null
                : services.getIndexer().getByKey(managed.getMetadata().getNamespace() + "/"
                        + managed.getMetadata().getName());
        if (observed != null) {
            ApplianceStatus st = engine.provider().capabilities().delegatedAllocation()
                    ? session.observe(observed, eventsFor(observed)) : session.observe(observed);
            reportStatus(key, source, st, allocation);
        }
        return "ok";
    }

    private HasMetadata cached(HasMetadata o) {
        String k = o.getMetadata().getNamespace() + "/" + o.getMetadata().getName();
        if (o instanceof Service) {
            return services.getIndexer().getByKey(k);
        }
        if (o instanceof EndpointSlice && slices != null) {
            return slices.getIndexer().getByKey(k);
        }
        return null;
    }

    private static boolean sameJson(HasMetadata a, HasMetadata b) {
        return dev.kubelb.core.internal.Trees.SERIALIZATION.asJson(a)
                .equals(dev.kubelb.core.internal.Trees.SERIALIZATION.asJson(b));
    }

    private List<Assignment> sharingGroup(LoadBalancerRequest request, Allocation allocation) {
        List<Assignment> group = new ArrayList<>();
        group.add(new Assignment(request, allocation));
        AddressAllocator alloc = allocator.get();
        for (Allocation other : alloc.allocations()) {
            if (other.id().equals(request.id())) {
                continue;
            }
            boolean shares = other.addresses().stream().anyMatch(allocation.addresses()::contains);
            LoadBalancerRequest r = requests.get(other.id());
            if (shares && r != null) {
                group.add(new Assignment(r, other));
            }
        }
        group.sort(Comparator.comparing(a -> a.request().id()));
        return group;
    }

    private void labelSource(HasMetadata o, Key key) {
        Map<String, String> l = new TreeMap<>(o.getMetadata().getLabels() == null ? Map.of() : o.getMetadata().getLabels());
        l.put(KubeLbLabels.SOURCE, key.source());
        o.getMetadata().setLabels(l);
    }

    private List<HasMetadata> ownedBy(LoadBalancerId id) {
        List<HasMetadata> out = new ArrayList<>();
        try {
            out.addAll(client.services().inNamespace(id.tenant()).withLabel(KubeLbLabels.MANAGED_BY, KubeLbLabels.MANAGER)
                    .withLabel(KubeLbLabels.REQUEST, id.name()).list().getItems());
            out.addAll(client.discovery().v1().endpointSlices().inNamespace(id.tenant())
                    .withLabel(KubeLbLabels.MANAGED_BY, KubeLbLabels.MANAGER)
                    .withLabel(KubeLbLabels.REQUEST, id.name()).list().getItems());
        } catch (KubernetesClientException e) {
            throw Applier.wrap("list objects of " + id, e);
        }
        out.removeIf(o -> !id.tenant().equals(labels(o).get(KubeLbLabels.TENANT)));
        return out;
    }

    /** Releases a request's addresses, deletes what it owns and removes the finalizer. */
    private boolean cleanup(Key key, HasMetadata source) {
        AddressAllocator alloc = allocator.get();
        String holder = holders.get(key.id());
        // only the holder of the name releases: a refused twin of another kind never frees the holder's address
        boolean holds = holder == null || holder.equals(key.source());
        boolean released = holds && alloc.release(key.id());
        if (holds) {
            requests.remove(key.id());
        }
        // what it owns: from memory when this process applied it (or cleaned up already), else from the cluster
        Map<String, HasMetadata> known = applied.get(key);
        List<HasMetadata> owned = known != null ? new ArrayList<>(known.values()) : ownedBy(key.id());
        owned.removeIf(o -> !key.source().equals(labels(o).getOrDefault(KubeLbLabels.SOURCE, SOURCE_SERVICE)));
        for (HasMetadata o : owned) {
            applier.delete(o);
        }
        if (source == null) {
            applied.remove(key);
            recent.forget(key.toString());
        } else {
            applied.put(key, new java.util.concurrent.ConcurrentSkipListMap<>()); // owns nothing now; forgotten with the request
        }
        if (released) {
            listener.released(key.id());
            reportUsage(alloc);
        }
        if (holds && holder != null && holders.remove(key.id(), holder)) {
            // a twin of the other kind may have been refused: it may be served now. Only now, once the
            // holder's objects are gone: queued earlier, the twin applied the objects of the same names and
            // the holder's cleanup then deleted them under it
            String twin = SOURCE_SERVICE.equals(holder) ? SOURCE_LOADBALANCER : SOURCE_SERVICE;
            queue.add(new Key(twin, key.namespace(), key.name()));
        }
        if (source != null && hasFinalizer(source)) {
            if (released) {
                event(source, "Normal", "Released", "Released the load balancer's addresses");
            }
            if (source.getMetadata().getDeletionTimestamp() == null) {
                // served no more but still there (out of scope now): it must not keep claiming the address
                source = clearStatus(key, source);
            }
            removeFinalizer(key, source);
        }
        return released || !owned.isEmpty();
    }

    /** @return whether this is news: the request did not already show this failure */
    private boolean fail(Key key, HasMetadata source, String reason, String message) {
        if (setCondition(key, source, "False", reason, message, null)) {
            event(source, "Warning", "AllocationFailed", reason + ": " + message);
            return true;
        }
        return false;
    }

    /**
     * Hands the listener a usage snapshot. Taken and delivered under one lock, so snapshots reach the
     * listener in the order they were taken and the last one delivered is never older than another.
     */
    private void reportUsage(AddressAllocator alloc) {
        synchronized (usageLock) {
            listener.usage(alloc.snapshot());
        }
    }

    private void reportStatus(Key key, HasMetadata source, ApplianceStatus st, Optional<Allocation> allocation) {
        switch (st.state()) {
            case READY -> {
                List<LoadBalancerIngress> ingress = st.ingress().stream().map(i -> {
                    LoadBalancerIngressBuilder b = new LoadBalancerIngressBuilder();
                    i.ip().ifPresent(b::withIp);
                    i.hostname().ifPresent(b::withHostname);
                    i.ipMode().ifPresent(b::withIpMode);
                    return b.build();
                }).toList();
                String msg = "Served at " + st.ingress().stream()
                        .map(i -> i.ip().orElseGet(() -> i.hostname().orElse(""))).toList()
                        + allocation.map(a -> a.pool().isEmpty() ? "" : " from pool " + a.pool()).orElse("");
                setCondition(key, source, "True", "Ready", msg, new LoadBalancerStatus(ingress));
            }
            case FAILED -> fail(key, source, st.reason().map(Enum::name).orElse("ApplianceFailed"), st.message());
            default -> {
                // pending: nothing to report yet; the appliance's answer arrives as a watch event
            }
        }
    }

    /**
     * Writes the Ready condition (and the ingress, when given) to the request's status, only when they
     * differ from what it already shows.
     *
     * @return whether the Ready condition changed
     */
    private boolean setCondition(Key key, HasMetadata source, String status, String reason, String message,
            LoadBalancerStatus ingress) {
        if (sameStatus(source, status, reason, message, ingress)) {
            return false;
        }
        HasMetadata cached = cachedSource(key);
        try {
            // written from the engine's newest copy (the cache, or its own last write) with that copy's
            // resourceVersion: no read first; a concurrent change fails with 409
            return writeStatus(key, cached, source, status, reason, message, ingress);
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return false;
            }
            if (e.getCode() != 409) {
                throw Applier.wrap("write status of " + key, e);
            }
        }
        // the copy was stale: read the object, and write only if it still differs
        HasMetadata fresh;
        try {
            fresh = SOURCE_SERVICE.equals(key.source())
                    ? client.services().inNamespace(key.namespace()).withName(key.name()).get()
                    : client.resources(KubeLbLoadBalancer.class).inNamespace(key.namespace()).withName(key.name()).get();
            if (fresh == null || sameStatus(fresh, status, reason, message, ingress)) {
                return false;
            }
            return writeStatus(key, cached, fresh, status, reason, message, ingress);
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return false;
            }
            throw Applier.wrap("write status of " + key, e);
        }
    }

    private static boolean sameStatus(HasMetadata source, String status, String reason, String message,
            LoadBalancerStatus ingress) {
        return sameCondition(readyCondition(source), status, reason, message)
                && (ingress == null || ingressEqual(loadBalancerStatus(source), ingress));
    }

    /** @return whether the condition changed (the ingress alone may have) */
    private boolean writeStatus(Key key, HasMetadata cached, HasMetadata base, String status, String reason,
            String message, LoadBalancerStatus ingress) {
        Condition old = readyCondition(base);
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        Condition cond = new ConditionBuilder().withType(KubeLbLabels.READY).withStatus(status).withReason(reason)
                .withMessage(message)
                .withLastTransitionTime(old != null && status.equals(old.getStatus()) ? old.getLastTransitionTime() : now)
                .withObservedGeneration(base.getMetadata().getGeneration())
                .build();
        putStatus(key, cached, base, cond, ingress);
        return !sameCondition(old, status, reason, message);
    }

    /**
     * Writes a request's status from a copy of {@code base}, with its resourceVersion (a concurrent change
     * fails with 409), and remembers the answer. With a condition, it replaces the Ready condition and sets
     * the ingress when one is given (for a KubeLB LoadBalancer with its service ports); without one, the
     * request is served no more: the Ready condition and the ingress are removed.
     *
     * @return the request as the server answered
     */
    private HasMetadata putStatus(Key key, HasMetadata cached, HasMetadata base, Condition ready,
            LoadBalancerStatus ingress) {
        // never modify a cached object: work on a copy
        HasMetadata copy = dev.kubelb.core.internal.Trees.SERIALIZATION.clone(base);
        HasMetadata written;
        if (copy instanceof Service s) {
            ServiceStatus ss = s.getStatus() == null ? new ServiceStatus() : s.getStatus();
            List<Condition> cs = new ArrayList<>(ss.getConditions() == null ? List.of() : ss.getConditions());
            cs.removeIf(c -> KubeLbLabels.READY.equals(c.getType()));
            if (ready != null) {
                cs.add(ready);
                if (ingress != null) {
                    ss.setLoadBalancer(ingress);
                }
            } else {
                ss.setLoadBalancer(new LoadBalancerStatus());
            }
            ss.setConditions(cs);
            s.setStatus(ss);
            written = client.services().resource(s).updateStatus();
        } else {
            KubeLbLoadBalancer lb = (KubeLbLoadBalancer) copy;
            written = lb;
            if (ingress != null || ready == null) {
                KubeLbLoadBalancer.Status st = lb.getStatus() == null ? new KubeLbLoadBalancer.Status() : lb.getStatus();
                st.loadBalancer = ready == null ? null : ingress;
                st.service = ready == null ? null : servicePorts(key, lb);
                lb.setStatus(st);
                written = client.resources(KubeLbLoadBalancer.class).resource(lb).updateStatus();
            }
            // the condition in an annotation (the CRD has no status.conditions), guarded by resourceVersion
            if (ready != null || ReadyAnnotation.read(lb) != null) {
                written = client.resources(KubeLbLoadBalancer.class).resource((KubeLbLoadBalancer) written)
                        .patch(MERGE_PATCH, ReadyAnnotation.mergePatch(written, ready));
            }
        }
        recent.wrote(key.toString(), cached, base.getMetadata().getResourceVersion(), written);
        return written == null ? base : written;
    }

    /**
     * Removes the engine's Ready condition and the ingress it copied back from a request it no longer serves.
     *
     * @return the request as it is afterwards
     */
    private HasMetadata clearStatus(Key key, HasMetadata source) {
        LoadBalancerStatus lbs = loadBalancerStatus(source);
        boolean ingress = lbs != null && lbs.getIngress() != null && !lbs.getIngress().isEmpty();
        if (readyCondition(source) == null && !ingress) {
            return source;
        }
        try {
            return putStatus(key, cachedSource(key), source, null, null);
        } catch (KubernetesClientException e) {
            throw Applier.wrap("clear the status of " + key, e);
        }
    }

    private static Condition readyCondition(HasMetadata source) {
        if (!(source instanceof Service s)) {
            return ReadyAnnotation.read(source); // a KubeLB LoadBalancer: its CRD has no status.conditions
        }
        List<Condition> conditions = s.getStatus() == null || s.getStatus().getConditions() == null ? List.of()
                : s.getStatus().getConditions();
        return conditions.stream().filter(c -> KubeLbLabels.READY.equals(c.getType())).findFirst().orElse(null);
    }


    private static LoadBalancerStatus loadBalancerStatus(HasMetadata source) {
        if (source instanceof Service s) {
            return s.getStatus() == null ? null : s.getStatus().getLoadBalancer();
        }
        KubeLbLoadBalancer lb = (KubeLbLoadBalancer) source;
        return lb.getStatus() == null ? null : lb.getStatus().loadBalancer;
    }

    private static boolean sameCondition(Condition old, String status, String reason, String message) {
        return old != null && status.equals(old.getStatus()) && reason.equals(old.getReason())
                && message.equals(old.getMessage());
    }

    private KubeLbLoadBalancer.ServiceStatus servicePorts(Key key, KubeLbLoadBalancer lb) {
        KubeLbLoadBalancer.ServiceStatus ss = new KubeLbLoadBalancer.ServiceStatus();
        KubeLbLoadBalancer.ServiceStatus before = lb.getStatus() == null ? null : lb.getStatus().service;
        List<KubeLbLoadBalancer.ServicePortStatus> previous = before == null ? List.of() : before.ports;
        if (before != null) {
            before.other().forEach(ss::other);
        }
        LoadBalancerRequest r = requests.get(key.id());
        if (r == null) {
            return ss;
        }
        for (dev.kubelb.api.PortSpec p : r.ports()) {
            KubeLbLoadBalancer.ServicePortStatus ps = new KubeLbLoadBalancer.ServicePortStatus();
            ps.name = p.name();
            ps.port = p.port();
            ps.protocol = p.protocol().name();
            ps.targetPort = new io.fabric8.kubernetes.api.model.IntOrString(p.port());
            // what KubeLB's CRD has and we do not model (nodePort, appProtocol, …) is kept from the port before
            previous.stream().filter(x -> p.name().equals(x.name) && Integer.valueOf(p.port()).equals(x.port))
                    .findFirst().ifPresent(x -> x.other().forEach((k, v) -> ps.other(k, v)));
            r.backends().stream().flatMap(b -> b.ports().stream())
                    .filter(bp -> bp.name().equals(p.name()) && bp.protocol() == p.protocol())
                    .findFirst().ifPresentOrElse(bp -> ps.upstreamTargetPort = bp.port(),
                            () -> ps.upstreamTargetPort = 0); // required by KubeLB's CRD; 0 as its manager writes
            ss.ports.add(ps);
        }
        return ss;
    }

    private static boolean ingressEqual(LoadBalancerStatus a, LoadBalancerStatus b) {
        List<LoadBalancerIngress> x = a == null || a.getIngress() == null ? List.of() : a.getIngress();
        List<LoadBalancerIngress> y = b.getIngress() == null ? List.of() : b.getIngress();
        if (x.size() != y.size()) {
            return false;
        }
        for (int i = 0; i < x.size(); i++) {
            if (!Objects.equals(x.get(i).getIp(), y.get(i).getIp())
                    || !Objects.equals(x.get(i).getHostname(), y.get(i).getHostname())
                    || !Objects.equals(x.get(i).getIpMode(), y.get(i).getIpMode())) {
                return false;
            }
        }
        return true;
    }

    private List<Event> eventsFor(Service svc) {
        try {
            return client.v1().events().inNamespace(svc.getMetadata().getNamespace())
                    .withField("involvedObject.name", svc.getMetadata().getName()).list().getItems().stream()
                    .filter(e -> e.getInvolvedObject() != null
                            && svc.getMetadata().getName().equals(e.getInvolvedObject().getName())
                            && "Service".equals(e.getInvolvedObject().getKind()))
                    .sorted(Comparator.comparing(e -> String.valueOf(e.getLastTimestamp())))
                    .toList();
        } catch (KubernetesClientException e) {
            LOG.debug("Could not read events of {}: {}", svc.getMetadata().getName(), e.getMessage());
            return List.of();
        }
    }

    private void event(HasMetadata involved, String type, String reason, String message) {
        String ns = involved.getMetadata().getNamespace();
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        Event e = new EventBuilder()
                .withNewMetadata().withNamespace(ns)
                .withName(involved.getMetadata().getName() + "." + Long.toHexString(System.nanoTime()))
                .endMetadata()
                .withNewInvolvedObject().withApiVersion(involved.getApiVersion()).withKind(involved.getKind())
                .withName(involved.getMetadata().getName()).withNamespace(ns).withUid(involved.getMetadata().getUid())
                .endInvolvedObject()
                .withType(type).withReason(reason).withMessage(message)
                .withNewSource().withComponent("kubelb").endSource()
                .withReportingComponent("kubelb")
                .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
                .build();
        try {
            client.v1().events().inNamespace(ns).resource(e).create();
        } catch (KubernetesClientException ex) {
            LOG.debug("Could not record event {} on {}: {}", reason, involved.getMetadata().getName(), ex.getMessage());
        }
    }

    /** @return the source as it is after the finalizer is in place */
    private HasMetadata ensureFinalizer(Key key, HasMetadata source) {
        if (hasFinalizer(source)) {
            return source;
        }
        boolean none = source.getMetadata().getFinalizers() == null || source.getMetadata().getFinalizers().isEmpty();
        String add = none ? "{\"op\":\"add\",\"path\":\"/metadata/finalizers\",\"value\":[\"" + KubeLbLabels.FINALIZER + "\"]}"
                : "{\"op\":\"add\",\"path\":\"/metadata/finalizers/-\",\"value\":\"" + KubeLbLabels.FINALIZER + "\"}";
        try {
            HasMetadata patched = patchGuarded(key, source, add, () -> null);
            return patched == null ? source : patched;
        } catch (KubernetesClientException e) {
            throw guardFailed("add finalizer to " + key, e);
        }
    }

    private void removeFinalizer(Key key, HasMetadata source) {
        // remove the finalizer at the index observed
        int at = source.getMetadata().getFinalizers().indexOf(KubeLbLabels.FINALIZER);
        String remove = "{\"op\":\"test\",\"path\":\"/metadata/finalizers/" + at + "\",\"value\":\""
                + KubeLbLabels.FINALIZER + "\"},{\"op\":\"remove\",\"path\":\"/metadata/finalizers/" + at + "\"}";
        try {
            patchGuarded(key, source, remove, () -> {
                // the last finalizer gone, the server deleted the object and answered without it: remember
                // the object as it was left, so a reconcile before the watch tells does not patch again
                HasMetadata left = dev.kubelb.core.internal.Trees.SERIALIZATION.clone(source);
                left.getMetadata().getFinalizers().remove(KubeLbLabels.FINALIZER);
                return left;
            });
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw guardFailed("remove finalizer from " + key, e);
            }
        }
    }

    /**
     * Sends a JSON patch (no read) guarded by a test of {@code source}'s resourceVersion, and remembers
     * the answer. It goes through {@code resource(source)}: fabric8 reads the object first when patching by
     * name only.
     *
     * @param ops the operations after the guard, comma-separated JSON objects
     * @param ifNoAnswer the object as the patch left it, for a server that answers without one
     * @return the object as it is after the patch
     */
    private HasMetadata patchGuarded(Key key, HasMetadata source, String ops,
            java.util.function.Supplier<HasMetadata> ifNoAnswer) {
        HasMetadata cached = cachedSource(key);
        String patch = "[{\"op\":\"test\",\"path\":\"/metadata/resourceVersion\",\"value\":\""
                + source.getMetadata().getResourceVersion() + "\"}," + ops + "]";
        HasMetadata patched = source instanceof Service svc
                ? client.services().resource(svc).patch(JSON_PATCH, patch)
                : client.resources(KubeLbLoadBalancer.class).resource((KubeLbLoadBalancer) source).patch(JSON_PATCH, patch);
        if (patched == null) {
            patched = ifNoAnswer.get();
        }
        recent.wrote(key.toString(), cached, source.getMetadata().getResourceVersion(), patched);
        return patched;
    }

    /**
     * A guarded JSON patch that failed its {@code test} (the API server answers 422) or its
     * resourceVersion precondition (409) was based on a stale copy: reported as a conflict (409).
     */
    private static ProviderException guardFailed(String what, KubernetesClientException e) {
        if (e.getCode() == 422 || e.getCode() == 409) {
            return new ProviderException("kubernetes", what + ": the copy it was based on is stale", 409, e);
        }
        return Applier.wrap(what, e);
    }

    private static boolean hasFinalizer(HasMetadata o) {
        return o.getMetadata().getFinalizers() != null && o.getMetadata().getFinalizers().contains(KubeLbLabels.FINALIZER);
    }

    // ---------------------------------------------------------------- sources

    /** The request source as the engine knows it: the cache, or its own newer write the cache lacks. */
    private HasMetadata lookup(Key key) {
        HasMetadata o = recent.current(key.toString(), cachedSource(key));
        if (o instanceof Service s) {
            return isCandidate(s) || hasFinalizer(s) ? s : null;
        }
        return o;
    }

    /** The informer's copy of a request source, never to be modified. */
    private HasMetadata cachedSource(Key key) {
        String k = key.namespace() + "/" + key.name();
        if (SOURCE_SERVICE.equals(key.source())) {
            return services.getIndexer().getByKey(k);
        }
        return loadBalancers == null ? null : loadBalancers.getIndexer().getByKey(k);
    }

    private boolean isCandidate(Service s) {
        Map<String, String> labels = labels(s);
        if (KubeLbLabels.MANAGER.equals(labels.get(KubeLbLabels.MANAGED_BY))) {
            return false;
        }
        return s.getSpec() != null && "LoadBalancer".equals(s.getSpec().getType())
                && loadBalancerClass.map(c -> c.equals(s.getSpec().getLoadBalancerClass())).orElse(true)
                && tenantSelector.matches(tenantLabels(s.getMetadata().getNamespace()));
    }

    private boolean isEligible(Key key, HasMetadata source) {
        if (source instanceof Service s) {
            return isCandidate(s);
        }
        KubeLbLoadBalancer lb = (KubeLbLoadBalancer) source;
        String type = lb.getSpec() == null ? null : lb.getSpec().type;
        return "LoadBalancer".equals(type) && tenantSelector.matches(tenantLabels(key.namespace()));
    }

    LoadBalancerRequest translate(Key key, HasMetadata source) {
        Map<String, String> tenantLabels = tenantLabels(key.namespace());
        if (source instanceof Service s) {
            Map<String, dev.kubelb.api.Backend.Node> byAddress = tenantNodes();
            return Requests.fromService(s, tenantLabels, List.copyOf(byAddress.keySet()), byAddress);
        }
        // the tenant's own Addresses only (the namespace is the request's), from the watch when there is one
        return Requests.fromLoadBalancer((KubeLbLoadBalancer) source, tenantLabels,
                name -> Optional.ofNullable(addresses != null
                        ? addresses.getIndexer().getByKey(key.namespace() + "/" + name)
                        : client.resources(KubeLbAddresses.class).inNamespace(key.namespace()).withName(name).get()));
    }

    private Map<String, String> tenantLabels(String namespace) {
        Namespace ns = namespaces == null ? null : namespaces.getIndexer().getByKey(namespace);
        return ns == null || ns.getMetadata().getLabels() == null ? Map.of() : ns.getMetadata().getLabels();
    }

    /** @return the InternalIP of every tenant node that serves NodePorts, with its node (name and zone) */
    private Map<String, dev.kubelb.api.Backend.Node> tenantNodes() {
        if (nodes == null) {
            return Map.of();
        }
        Map<String, dev.kubelb.api.Backend.Node> out = new TreeMap<>();
        for (Node n : nodes.getIndexer().list()) {
            if (labels(n).containsKey(EXCLUDE_NODE) || n.getStatus() == null || n.getStatus().getAddresses() == null) {
                continue;
            }
            dev.kubelb.api.Backend.Node node = new dev.kubelb.api.Backend.Node(n.getMetadata().getName(),
                    Optional.ofNullable(labels(n).get("topology.kubernetes.io/zone")));
            for (NodeAddress a : n.getStatus().getAddresses()) {
                if ("InternalIP".equals(a.getType()) && IpAddress.isValid(a.getAddress())) {
                    out.put(a.getAddress(), node);
                }
            }
        }
        return out;
    }

    static Map<String, String> labels(HasMetadata o) {
        return o.getMetadata().getLabels() == null ? Map.of() : o.getMetadata().getLabels();
    }

    Optional<AddressAllocator> allocator() {
        return Optional.ofNullable(allocator.get());
    }

    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        leading.set(false);
        queue.shutdown();
        // let reconciles in flight finish their writes (bounded) before the watches go
        pool.shutdown();
        try {
            if (!pool.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("Reconciles still running 5 s after close: interrupting them");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (SharedIndexInformer<?> i : informers) {
            try {
                i.close();
            } catch (RuntimeException e) {
                LOG.debug("Closing informer: {}", e.toString());
            }
        }
        pool.shutdownNow();
        timer.shutdownNow();
    }

}
