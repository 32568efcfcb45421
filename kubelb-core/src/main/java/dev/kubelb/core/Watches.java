package dev.kubelb.core;

import static dev.kubelb.core.ChangeHandlers.handler;

import dev.kubelb.core.crd.KubeLbAddresses;
import dev.kubelb.core.crd.KubeLbLoadBalancer;
import dev.kubelb.spi.ResourceKind;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The event sources: one informer per watched kind, what each change enqueues, and the caches the other
 * parts read instead of the API server.
 */
final class Watches {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Watches.class);

    private final EngineState state;
    private final ControlLoop loop;
    private final List<Watched> watched = new ArrayList<>();
    private SharedIndexInformer<Service> services;
    private SharedIndexInformer<KubeLbLoadBalancer> loadBalancers;
    private SharedIndexInformer<KubeLbAddresses> addresses;
    private SharedIndexInformer<Namespace> namespaces;
    private SharedIndexInformer<Node> nodes;
    private SharedIndexInformer<EndpointSlice> slices;
    private PodSlices pods;
    private final ApplianceEvents events = new ApplianceEvents();
    private final ApplianceHeld held;
    private Predicate<Service> candidate = s -> true;

    /** @param held the addresses the appliance gave Services not this engine's (told of every Service change) */
    Watches(EngineState state, ControlLoop loop, ApplianceHeld held) {
        this.state = state;
        this.loop = loop;
        this.held = held;
    }

    /**
     * Starts the informers.
     *
     * @param candidate which Services ask for a load balancer (a Node change enqueues only those)
     * @param kept which Services the cache keeps (requests, owned, served, holding an appliance's address)
     * @param configKinds the appliance's configuration kinds to watch, with what a change of one triggers
     */
    void start(Predicate<Service> candidate, Predicate<Service> kept, boolean podBackends, boolean watchLoadBalancers,
            List<ResourceKind> configKinds, Runnable onConfigChange) {
        this.candidate = candidate;
        KubernetesClient client = state.client;
        // every informer is assigned before any runs: a handler may read any cache from its first event
        // a Namespace matters by its labels (the tenant scope), a Node by what back ends are made of: other
        // updates (status heartbeats, conditions, annotations) enqueue nothing and cost no API call
        namespaces = watch("Namespaces", client.namespaces().runnableInformer(0),
                handler(o -> enqueueAll(), (a, b) -> !EngineState.labels(a).equals(EngineState.labels(b))), true);
        nodes = watch("Nodes", client.nodes().runnableInformer(0),
                handler(o -> enqueueServices(), (a, b) -> !RequestSources.backendView(a).equals(RequestSources.backendView(b))), true);
        // a cluster's Services are mostly no request: they pass through the informer and are forgotten
        // (no copy, no index entry), so that memory follows the load balancers, not the cluster's size
        services = watch("Services", client.services().inAnyNamespace().<Service>runnableInformer(0)
                .removeNamespaceIndex().itemStore(new dev.kubelb.core.internal.SelectiveStore<>(kept)),
                handler(this::onService, this::forgetApplied), true);
        services.addEventHandler(held); // addresses the appliance gave Services not this engine's
        slices = watch("EndpointSlices", client.discovery().v1().endpointSlices().inAnyNamespace()
                .withLabel(KubeLbLabels.MANAGED_BY, KubeLbLabels.MANAGER).runnableInformer(0),
                handler(this::enqueueOwner, this::forgetApplied), true);
        if (podBackends) {
            pods = new PodSlices(state, key -> services.getIndexer().getByKey(key));
            // every slice that names a Service, not the engine's own: only those of kept Services are kept
            watch(PodSlices.WATCH, client.discovery().v1().endpointSlices().inAnyNamespace()
                    .withLabel(KubeLbLabels.SERVICE_NAME).withoutLabel(KubeLbLabels.MANAGED_BY, KubeLbLabels.MANAGER)
                    .<EndpointSlice>runnableInformer(0).removeNamespaceIndex().itemStore(pods.store()), handler(e -> {
                Service s = pods.requestOf(e);
                if (s != null) {
                    onService(s);
                }
            }), true);
        }
        // what appliances say of the owned Services (only those Events are kept); a new one re-examines the
        // request at once (MetalLB's refusal changes nothing else on the Service)
        watch(ApplianceEvents.WATCH, client.v1().events().inAnyNamespace().withField("involvedObject.kind", "Service")
                .<io.fabric8.kubernetes.api.model.Event>runnableInformer(0).removeNamespaceIndex()
                .itemStore(events.store()),
                handler(e -> ApplianceEvents.owner(e, services.getIndexer()::getByKey).ifPresent(this::enqueueOwner)), false);
        if (watchLoadBalancers) {
            loadBalancers = watch("KubeLB LoadBalancers",
                    client.resources(KubeLbLoadBalancer.class).inAnyNamespace().runnableInformer(0),
                    handler(this::onLoadBalancer), false);
            // a LoadBalancer's endpoints may name the tenant's Addresses: its back ends follow them
            addresses = watch("KubeLB Addresses",
                    client.resources(KubeLbAddresses.class).inAnyNamespace().runnableInformer(0),
                    handler(a -> enqueueLoadBalancersIn(a.getMetadata().getNamespace())), false);
        }
        for (ResourceKind k : configKinds) {
            watch(k.kind(), client.genericKubernetesResources(ConfigurationSync.context(k)).inAnyNamespace()
                    .runnableInformer(0), handler(o -> onConfigChange.run()), false);
        }
        for (Watched w : watched) {
            if (w.required()) {
                w.informer().run(); // blocks until the first list is in the cache
                if (w.name().equals(PodSlices.WATCH)) {
                    pods.synced(services.getIndexer().listKeys().stream());
                }
            } else {
                // the kind's CRD may be installed later: the informer keeps listing (with fabric8's backoff)
                // until it is, and its first list enqueues what it finds
                w.informer().start();
            }
        }
    }

    /** A watched kind: its informer, whether the engine cannot start without it, and its name for reports. */
    record Watched(String name, SharedIndexInformer<?> informer, boolean required) {
    }

    private <T> SharedIndexInformer<T> watch(String name, SharedIndexInformer<T> informer,
            ResourceEventHandler<? super T> handler, boolean required) {
        informer.addEventHandler(handler);
        // fabric8 stops an informer whose first list fails, and one that meets an object it cannot read: a
        // watch that silently stops serves stale caches forever. Every failure is retried (with fabric8's
        // backoff), loudly; only a required kind's first list failing ends the start, as an error.
        informer.exceptionHandler((started, t) -> {
            if (!started && required) {
                return false;
            }
            LOG.warn("Watch of {} failed, retrying: {}", name, t.toString());
            return true;
        });
        watched.add(new Watched(name, informer, required));
        return informer;
    }

    /** @return every watched kind with its state, as {@link Health#watches()} reports it */
    Map<String, String> states() {
        Map<String, String> out = new java.util.TreeMap<>();
        for (Watched w : watched) {
            SharedIndexInformer<?> i = w.informer();
            String st = !i.isRunning() ? "stopped" : !i.hasSynced() ? (w.required() ? "syncing" : "waiting")
                    : i.isWatching() ? "watching" : "reconnecting";
            out.put(w.name(), st);
        }
        return out;
    }

    /** @return whether the cache of a kind of request source holds the cluster's objects yet */
    boolean synced(SourceKind kind) {
        SharedIndexInformer<?> i = kind == SourceKind.SERVICE ? services : loadBalancers;
        return i != null && i.hasSynced();
    }

    /** @return what appliances said of an owned Service, oldest first (from the watch: no API call) */
    List<io.fabric8.kubernetes.api.model.Event> applianceEvents(String namespace, String name) {
        return events.on(namespace, name);
    }

    /** A Service request's own EndpointSlices (its pods). */
    List<EndpointSlice> podSlices(String namespace, String name) {
        return pods.of(namespace, name);
    }

    private void onService(Service s) {
        if (EngineState.owned(s)) {
            enqueueOwner(s);
            return;
        }
        String key = s.getMetadata().getNamespace() + "/" + s.getMetadata().getName();
        if (pods != null && services.getIndexer().getByKey(key) == null) {
            pods.left(key); // not kept (any more): its slices go with it
        }
        // a Service that is no request, and never was one this engine served (no finalizer of ours), costs
        // nothing: not even a reconcile
        if (!candidate.test(s) && !Finalizers.has(s)
                && !state.holders.containsKey(dev.kubelb.api.LoadBalancerId.of(s.getMetadata().getNamespace(),
                        s.getMetadata().getName()))) {
            return;
        }
        loop.add(new RequestKey(SourceKind.SERVICE, s.getMetadata().getNamespace(), s.getMetadata().getName()));
    }

    private void onLoadBalancer(KubeLbLoadBalancer lb) {
        loop.add(new RequestKey(SourceKind.LOAD_BALANCER, lb.getMetadata().getNamespace(), lb.getMetadata().getName()));
    }

    /** An owned object was deleted (by anyone): it must be applied again, not assumed present. */
    private void forgetApplied(HasMetadata o) {
        String k = Applier.key(o);
        state.deleted.add(k);
        state.applied.values().forEach(m -> m.remove(k));
    }

    private void enqueueOwner(HasMetadata o) {
        if (cached(o) != null) {
            state.deleted.remove(Applier.key(o)); // delivered and there again: the cache is the truth from here
        }
        Map<String, String> labels = EngineState.labels(o);
        String tenant = labels.get(KubeLbLabels.TENANT);
        String request = labels.get(KubeLbLabels.REQUEST);
        if (tenant != null && request != null) {
            loop.add(new RequestKey(SourceKind.of(labels), tenant, request));
        }
    }

    /** Enqueues every request source the caches hold. */
    void enqueueAll() {
        if (services != null) {
            services.getIndexer().list().forEach(this::onService);
        }
        if (loadBalancers != null) {
            loadBalancers.getIndexer().list().forEach(this::onLoadBalancer);
        }
    }

    private void enqueueLoadBalancersIn(String namespace) {
        if (loadBalancers != null) {
            loadBalancers.getIndexer().list().stream()
                    .filter(lb -> namespace.equals(lb.getMetadata().getNamespace()))
                    .forEach(this::onLoadBalancer);
        }
    }

    private void enqueueServices() {
        if (services != null) {
            services.getIndexer().list().stream().filter(candidate).forEach(this::onService);
        }
    }

    boolean watchesLoadBalancers() {
        return loadBalancers != null;
    }

    /** @return the Services the cache keeps (requests, owned ones, those holding an appliance's address) */
    List<Service> services() {
        return services.getIndexer().list();
    }

    /** The informer's copy of a request source, never to be modified. */
    HasMetadata source(RequestKey key) {
        if (key.source() == SourceKind.SERVICE) {
            return services.getIndexer().getByKey(key.cacheKey());
        }
        return loadBalancers == null ? null : loadBalancers.getIndexer().getByKey(key.cacheKey());
    }

    /** The informer's copy of an owned object (Service or EndpointSlice), or null. */
    HasMetadata cached(HasMetadata o) {
        String k = o.getMetadata().getNamespace() + "/" + o.getMetadata().getName();
        if (o instanceof Service) {
            return services.getIndexer().getByKey(k);
        }
        if (o instanceof EndpointSlice && slices != null) {
            return slices.getIndexer().getByKey(k);
        }
        return null;
    }

    Service service(String namespace, String name) {
        return services.getIndexer().getByKey(namespace + "/" + name);
    }

    Map<String, String> namespaceLabels(String namespace) {
        Namespace ns = namespaces == null ? null : namespaces.getIndexer().getByKey(namespace);
        return ns == null ? Map.of() : EngineState.labels(ns);
    }

    List<Node> nodes() {
        return nodes == null ? List.of() : nodes.getIndexer().list();
    }

    /** A tenant's Addresses object, from the watch when there is one. */
    Optional<KubeLbAddresses> addresses(String namespace, String name) {
        return Optional.ofNullable(addresses != null ? addresses.getIndexer().getByKey(namespace + "/" + name)
                : state.client.resources(KubeLbAddresses.class).inNamespace(namespace).withName(name).get());
    }

    void close() {
        for (Watched w : watched) {
            try {
                w.informer().close();
            } catch (RuntimeException e) {
                LOG.debug("Closing informer: {}", e.toString());
            }
        }
    }
}
