package dev.kubelb.core;

import dev.kubelb.api.Allocation;
import dev.kubelb.api.ApplianceConfig;
import dev.kubelb.api.ConfigurationException;
import dev.kubelb.api.KubeLbException;
import dev.kubelb.api.LabelSelector;
import dev.kubelb.api.LoadBalancerRequest;
import dev.kubelb.api.Problem;
import dev.kubelb.api.UsageSnapshot;
import dev.kubelb.spi.AddressAllocator;
import dev.kubelb.spi.ClusterInfo;
import dev.kubelb.spi.LoadBalancerProvider;
import dev.kubelb.spi.ProviderContext;
import dev.kubelb.spi.ProviderSession;
import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscovery;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kubelb-java engine, built with {@link #builder()}: plans offline, applies plans, and (once
 * {@link #start() started} against a cluster) keeps every L4 load-balancer request served.
 *
 * <pre>{@code
 * try (KubeLb lb = KubeLb.builder()
 *         .client(client)                       // fabric8 client of the management cluster
 *         .provider("metallb")                  // or let the cluster decide
 * .loadBalancerClass("kubelb.dev/l4")   // the default: never race MetalLB, Cilium or a cloud CCM
 *         .leaderElection("kubelb-system", "kubelb", podName)
 *         .build()) {
 *     lb.start();
 *     ...
 * }
 * }</pre>
 */
public final class KubeLb implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KubeLb.class);

    /** Settings the reconciler reads. */
    record Settings(KubeLbListener listener, String loadBalancerClass, boolean serveClassless, LabelSelector tenantSelector,
            boolean watchLoadBalancers, boolean configFromCluster, int workers, Duration retryBase,
            Duration retryMax, Set<String> excludedNamespaces, java.util.function.Predicate<String> tenantServed,
            ServiceBackends serviceBackends, String applianceNamespace) {
    }

    /** The {@code loadBalancerClass} served unless the host names another. */
    public static final String DEFAULT_CLASS = "kubelb.dev/l4";

    /** Namespaces of the cluster's own components: never served, whatever asks there. */
    static final Set<String> SYSTEM_NAMESPACES = Set.of("kube-system", "kube-public", "kube-node-lease");

    private final KubernetesClient client;
    private final LoadBalancerProvider provider;
    private final ProviderSession session;
    private final AtomicReference<ApplianceConfig> config;
    private final Planner planner;
    private final Applier applier;
    private final Settings settings;
    private final Builder builder;
    private Reconciler reconciler;
    private volatile dev.kubelb.core.internal.LeaseCampaign election;

    private KubeLb(Builder b, LoadBalancerProvider provider, ProviderSession session, ApplianceConfig config) {
        this.builder = b;
        this.client = b.client;
        this.provider = provider;
        this.session = session;
        this.config = new AtomicReference<>(config);
        boolean fromCluster = b.configuration == null && b.configurationObjects == null && b.client != null;
        Set<String> excluded = new java.util.TreeSet<>(SYSTEM_NAMESPACES);
        String applianceNamespace = b.applianceNamespace != null ? b.applianceNamespace : provider.defaultNamespace();
        excluded.add(applianceNamespace);
        this.settings = new Settings(b.listener, b.loadBalancerClass, b.serveClassless, b.tenantSelector,
                b.watchLoadBalancers, fromCluster, b.workers, b.retryBase, b.retryMax, Set.copyOf(excluded),
                b.tenantSettings == null ? ns -> true : ns -> b.tenantSettings.settingsFor(ns).served(),
                b.serviceBackends, applianceNamespace);
        this.planner = Planner.builder(session).wiring(b.wiring).annotationPolicies(this::policyFor)
                .serviceClasses(t -> b.tenantSettings == null ? Optional.empty()
                        : b.tenantSettings.settingsFor(t).loadBalancerClass())
                .allocators(this::newAllocator).managesConfiguration(!fromCluster).build();
        this.applier = client == null ? null : new Applier(client, b.strategy, fromCluster ? List.of() : session.configKinds());
    }

    /**
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    private AnnotationPolicy policyFor(String tenant) {
        if (builder.tenantSettings != null) {
            return builder.tenantSettings.settingsFor(tenant).annotationPolicy();
        }
        AnnotationPolicy t = builder.tenantPolicies.get(tenant);
        return t == null ? builder.annotationPolicy : builder.annotationPolicy.overriddenBy(t);
    }

    private AddressAllocator newAllocator(ApplianceConfig c) {
        return session.delegatedAllocator(c).orElseGet(() -> {
            PoolAllocator.Builder pb = PoolAllocator.builder().pools(c.pools());
            builder.quotas.forEach(pb::tenantQuota);
            if (builder.defaultQuota > 0) {
                pb.defaultTenantQuota(builder.defaultQuota);
            }
            return pb.build();
        });
    }

    /**
     * Objects read back from the cluster carry the label kubelb adds to what it owns; it is not part of
     * the appliance configuration (it would otherwise appear among, say, a pool's labels).
     *
     * @param objects configuration objects read from the cluster
     * @return copies without the {@code app.kubernetes.io/managed-by: kubelb} label
     */
    static List<HasMetadata> withoutOwnerLabel(List<? extends HasMetadata> objects) {
        List<HasMetadata> out = new ArrayList<>();
        for (HasMetadata o : objects) {
            java.util.Map<String, String> labels = o.getMetadata().getLabels();
            if (labels != null && KubeLbLabels.MANAGER.equals(labels.get(KubeLbLabels.MANAGED_BY))) {
                HasMetadata copy = dev.kubelb.core.internal.Trees.SERIALIZATION.clone(o);
                copy.getMetadata().getLabels().remove(KubeLbLabels.MANAGED_BY);
                if (copy.getMetadata().getLabels().isEmpty()) {
                    copy.getMetadata().setLabels(null);
                }
                out.add(copy);
            } else {
                out.add(o);
            }
        }
        return out;
    }

    /** @return the chosen provider */
    public LoadBalancerProvider provider() {
        return provider;
    }

    /** @return the provider session */
    public ProviderSession session() {
        return session;
    }

    /** @return the appliance configuration in force */
    public ApplianceConfig configuration() {
        return config.get();
    }

    void replaceConfiguration(ApplianceConfig next) {
        config.set(next);
    }

    /**
     * Plans offline: a pure function of the configuration, the requests (served in order) and the
     * allocations that already exist (reserved first).
     *
     * @param requests the requests
     * @param existing existing allocations
     * @return the plan
     */
    public Plan plan(List<LoadBalancerRequest> requests, List<Allocation> existing) {
        return planner.plan(config.get(), requests, existing);
    }

    /**
     * Like {@link #plan(List, List)}, knowing the nodes the appliance's speakers run on: the advertisement
     * preview then says which nodes announce each route, and which withhold it and why.
     *
     * @param requests the requests
     * @param existing existing allocations
     * @param nodes the speakers' nodes
     * @return the plan
     */
    public Plan plan(List<LoadBalancerRequest> requests, List<Allocation> existing,
            List<dev.kubelb.api.ClusterNode> nodes) {
        return planner.plan(config.get(), requests, existing, nodes);
    }

    /**
     * @param requests the requests
     * @return the plan, with no existing allocations
     */
    public Plan plan(List<LoadBalancerRequest> requests) {
        return plan(requests, List.of());
    }

    /** @return the planner this engine uses */
    public Planner planner() {
        return planner;
    }

    /**
     * @param plan a plan
     * @return what was written
     */
    public ApplyReport apply(Plan plan) {
        return requireApplier().apply(plan);
    }

    /**
     * @param plan a plan
     * @return what {@link #apply} would write
     */
    public ApplyReport diff(Plan plan) {
        return requireApplier().diff(plan);
    }

    private Applier requireApplier() {
        if (applier == null) {
            throw new ConfigurationException(List.of(Problem.of("", "client", "no Kubernetes client configured")));
        }
        return applier;
    }

    /**
     * Starts reconciling: informers, workers and (when configured) leader election. Only the leader
     * writes; a new leader rebuilds its allocations from the cluster before allocating anything.
     *
     * @return this
     */
    public synchronized KubeLb start() {
        requireApplier();
        if (reconciler != null) {
            return this;
        }
        reconciler = new Reconciler(this, client, planner, applier, this::newAllocator, settings);
        if (builder.tenantSettings != null) {
            builder.tenantSettings.onChange(this::resync); // a Tenant or Config changed: every request passes again
        }
        reconciler.start();
        if (builder.leaseName == null) {
            reconciler.becameLeader();
        } else {
            campaign(reconciler);
        }
        return this;
    }

    /** Runs for the lease for as long as this engine is open (a lost lease is campaigned for again). */
    private void campaign(Reconciler r) {
        election = dev.kubelb.core.internal.LeaseCampaign.start(client, new dev.kubelb.core.internal.LeaseCampaign.Lease(
                builder.leaseNamespace, builder.leaseName, builder.identity, builder.leaseDuration,
                builder.renewDeadline, builder.retryPeriod), r::becameLeader, r::lostLeadership);
    }

    /** Reconciles every request again (a resync); with nothing changed it writes nothing. */
    public void resync() {
        if (reconciler != null) {
            reconciler.enqueueAll();
        }
    }

    /**
     * @param timeout how long to wait
     * @return whether the engine became idle (no queued or running work) within the timeout
     * @throws InterruptedException when interrupted
     */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        return reconciler == null || reconciler.awaitIdle(timeout);
    }

    /** @return whether this instance is the leader and writes */
    public boolean isLeader() {
        return reconciler != null && reconciler.isLeading();
    }

    /**
     * @return the engine's health: started, leading, each watch's state and the configuration's; a host
     *     serves {@link Health#live()} and {@link Health#ready()} as its probes
     */
    public Health health() {
        Reconciler r = reconciler;
        return r == null ? new Health(false, false, java.util.Map.of(), Optional.empty()) : r.health();
    }

    /** @return the running engine's allocator (empty before {@link #start()} or while not leading) */
    public Optional<AddressAllocator> allocator() {
        return reconciler == null ? Optional.empty() : reconciler.allocator();
    }

    /** @return utilisation of the running engine's allocator, if running */
    public Optional<UsageSnapshot> snapshot() {
        return allocator().map(AddressAllocator::snapshot);
    }

    @Override
    public synchronized void close() {
        if (reconciler != null) {
            // work in flight finishes while this replica still holds the lease; then the lease is released
            reconciler.drain(Duration.ofSeconds(5));
        }
        if (election != null) {
            election.close(); // releases the lease
        }
        if (reconciler != null) {
            reconciler.close();
        }
        session.close();
    }

    /** Builds a {@link KubeLb}. */
    public static final class Builder {
        private KubernetesClient client;
        private ProviderRegistry registry;
        private String providerName;
        private final Map<String, String> providerOptions = new LinkedHashMap<>();
        private String applianceNamespace;
        private ApplianceConfig configuration;
        private List<HasMetadata> configurationObjects;
        private String loadBalancerClass = DEFAULT_CLASS;
        private boolean serveClassless;
        private ServiceBackends serviceBackends = ServiceBackends.ENDPOINTS;
        private LabelSelector tenantSelector = LabelSelector.ALL;
        private AnnotationPolicy annotationPolicy = AnnotationPolicy.NONE;
        private final Map<String, AnnotationPolicy> tenantPolicies = new HashMap<>();
        private TenantSettingsSource tenantSettings;
        private ApplyStrategy strategy = ApplyStrategy.serverSideApply();
        private BackendWiring wiring = BackendWiring.endpointSlices();
        private KubeLbListener listener = new KubeLbListener() { };
        private int workers = 2;
        private boolean watchLoadBalancers = true;
        private final Map<String, Integer> quotas = new LinkedHashMap<>();
        private int defaultQuota;
        private String leaseNamespace;
        private String leaseName;
        private String identity;
        private Duration leaseDuration = Duration.ofSeconds(15);
        private Duration renewDeadline = Duration.ofSeconds(10);
        private Duration retryPeriod = Duration.ofSeconds(2);
        private Duration retryBase = Duration.ofMillis(100);
        private Duration retryMax = Duration.ofSeconds(60);
        private ClusterInfo clusterInfo;

        private Builder() {
        }

        /** @param v the management cluster's client; without one the engine only plans @return this */
        public Builder client(KubernetesClient v) {
            this.client = Objects.requireNonNull(v, "client");
            return this;
        }

        /** @param v where providers come from (default: ServiceLoader) @return this */
        public Builder providers(ProviderRegistry v) {
            this.registry = Objects.requireNonNull(v, "providers");
            return this;
        }

        /** @param v the provider's name; otherwise chosen by priority among those supporting the cluster @return this */
        public Builder provider(String v) {
            this.providerName = Objects.requireNonNull(v, "provider");
            return this;
        }

        /** @param key option key @param value option value @return this */
        public Builder providerOption(String key, String value) {
            providerOptions.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** @param v what the cluster offers, when known without asking it (offline planning) @return this */
        public Builder clusterInfo(ClusterInfo v) {
            this.clusterInfo = Objects.requireNonNull(v, "clusterInfo");
            return this;
        }

        /** @param v the appliance's namespace (default: the provider's own, e.g. metallb-system) @return this */
        public Builder applianceNamespace(String v) {
            this.applianceNamespace = Objects.requireNonNull(v, "applianceNamespace");
            return this;
        }

        /**
         * @param v the appliance configuration; the engine then owns (applies and prunes) its objects.
         *     Without it, it is read from the cluster and watched.
         * @return this
         */
        public Builder configuration(ApplianceConfig v) {
            this.configuration = Objects.requireNonNull(v, "configuration");
            return this;
        }

        /** @param v the appliance's own configuration objects (e.g. parsed MetalLB YAML) @return this */
        public Builder configurationObjects(List<? extends HasMetadata> v) {
            this.configurationObjects = List.copyOf(v);
            return this;
        }

        /**
         * The {@code spec.loadBalancerClass} of the Services this engine serves (default {@link #DEFAULT_CLASS}).
         * Services of any other class are never served: they belong to another controller.
         *
         * @param v the class
         * @return this
         */
        public Builder loadBalancerClass(String v) {
            this.loadBalancerClass = Objects.requireNonNull(v, "loadBalancerClass");
            return this;
        }

        /**
         * Serves class-less Services too (off by default): MetalLB, Cilium and cloud controllers serve
         * class-less Services themselves, so only opt in where no such appliance does, or both would serve
         * one Service. Never in the system namespaces or the appliance's own.
         *
         * @param v whether to serve class-less Services
         * @return this
         */
        public Builder serveClassless(boolean v) {
            this.serveClassless = v;
            return this;
        }

        /**
         * Where a Service request's back ends come from (default {@link ServiceBackends#ENDPOINTS}: its own
         * EndpointSlices, so that the owned Service and the tenant's reach the same pods).
         *
         * @param v the source of Service requests' back ends
         * @return this
         */
        public Builder serviceBackends(ServiceBackends v) {
            this.serviceBackends = Objects.requireNonNull(v, "serviceBackends");
            return this;
        }

        /** @param v which namespaces are tenants (by their labels; default: all) @return this */
        public Builder tenantSelector(LabelSelector v) {
            this.tenantSelector = Objects.requireNonNull(v, "tenantSelector");
            return this;
        }

        /** @param v the default annotation propagation policy @return this */
        public Builder annotationPolicy(AnnotationPolicy v) {
            this.annotationPolicy = Objects.requireNonNull(v, "annotationPolicy");
            return this;
        }

        /** @param tenant a tenant @param v its policy (overrides wholesale when it sets a propagate field) @return this */
        public Builder tenantAnnotationPolicy(String tenant, AnnotationPolicy v) {
            tenantPolicies.put(Objects.requireNonNull(tenant, "tenant"), Objects.requireNonNull(v, "policy"));
            return this;
        }

        /**
         * @param v per-tenant settings from elsewhere, e.g. {@link KubeLbTenants} (KubeLB's Tenant and Config): they
         *     replace {@link #annotationPolicy}/{@link #tenantAnnotationPolicy}, and only namespaces whose settings
         *     are {@link TenantSettings#served() served} (a registered Tenant, L4 not disabled) hold requests
         * @return this
         */
        public Builder tenantSettings(TenantSettingsSource v) {
            this.tenantSettings = Objects.requireNonNull(v, "tenantSettings");
            return this;
        }

        /** @param v how objects are written (default: server-side apply) @return this */
        public Builder applyStrategy(ApplyStrategy v) {
            this.strategy = Objects.requireNonNull(v, "applyStrategy");
            return this;
        }

        /** @param v how Services reach back ends (default: EndpointSlices) @return this */
        public Builder backendWiring(BackendWiring v) {
            this.wiring = Objects.requireNonNull(v, "backendWiring");
            return this;
        }

        /** @param v metrics/audit hooks @return this */
        public Builder listener(KubeLbListener v) {
            this.listener = Objects.requireNonNull(v, "listener");
            return this;
        }

        /** @param v worker threads (1..64, default 2) @return this */
        public Builder workers(int v) {
            if (v < 1 || v > 64) {
                throw new ConfigurationException(List.of(Problem.of("", "workers", "must be between 1 and 64")));
            }
            this.workers = v;
            return this;
        }

        /** @param v whether KubeLB LoadBalancer resources are served (default true) @return this */
        public Builder watchLoadBalancers(boolean v) {
            this.watchLoadBalancers = v;
            return this;
        }

        /** @param tenant a tenant @param max its address quota @return this */
        public Builder tenantQuota(String tenant, int max) {
            quotas.put(Objects.requireNonNull(tenant, "tenant"), max);
            return this;
        }

        /** @param max the quota of tenants without their own @return this */
        public Builder defaultTenantQuota(int max) {
            this.defaultQuota = max;
            return this;
        }

        /**
         * Enables leader election through a {@code coordination.k8s.io} Lease.
         *
         * @param namespace the Lease's namespace
         * @param name the Lease's name
         * @param identity this instance's identity (e.g. the pod name); null or blank: the pod's or host's
         *     name with a random suffix, unique per replica
         * @return this
         */
        public Builder leaderElection(String namespace, String name, String identity) {
            this.leaseNamespace = Objects.requireNonNull(namespace, "namespace");
            this.leaseName = Objects.requireNonNull(name, "name");
            this.identity = dev.kubelb.core.internal.LeaseCampaign.identityOrDefault(identity);
            return this;
        }

        /** @param lease lease duration @param renew renew deadline @param retry retry period @return this */
        public Builder leaderElectionTimings(Duration lease, Duration renew, Duration retry) {
            this.leaseDuration = Objects.requireNonNull(lease, "lease");
            this.renewDeadline = Objects.requireNonNull(renew, "renew");
            this.retryPeriod = Objects.requireNonNull(retry, "retry");
            return this;
        }

        /** @param base first retry delay @param max longest retry delay @return this */
        public Builder retryBackoff(Duration base, Duration max) {
            this.retryBase = Objects.requireNonNull(base, "base");
            this.retryMax = Objects.requireNonNull(max, "max");
            return this;
        }

        /**
         * Chooses the provider, opens its session, reads and validates the configuration.
         *
         * @return the engine
         * @throws ConfigurationException for an unknown/ambiguous provider or an invalid configuration
         */
        public KubeLb build() {
            ProviderRegistry reg = registry != null ? registry : ProviderRegistry.load();
            ClusterInfo info = clusterInfo != null ? clusterInfo : discover();
            LoadBalancerProvider p = reg.select(Optional.ofNullable(providerName), info);
            String ns = applianceNamespace != null ? applianceNamespace : p.defaultNamespace();
            ProviderSession s = p.open(new ProviderContext(Optional.ofNullable(client), ns, info, providerOptions));
            try {
                ApplianceConfig cfg;
                if (configuration != null) {
                    cfg = configuration;
                } else if (configurationObjects != null) {
                    cfg = s.importConfig(configurationObjects);
                } else if (client != null) {
                    cfg = s.importConfig(ConfigurationSync.read(client, s));
                } else {
                    cfg = ApplianceConfig.EMPTY;
                }
                s.validate(cfg).throwIfInvalid();
                return new KubeLb(this, p, s, cfg);
            } catch (KubeLbException | KubernetesClientException e) {
                s.close();
                if (e instanceof KubernetesClientException kce) {
                    throw Applier.wrap("read the appliance configuration", kce);
                }
                throw e;
            }
        }

        private ClusterInfo discover() {
            Set<String> versions = new LinkedHashSet<>();
            Set<String> kinds = new LinkedHashSet<>();
            if (configurationObjects != null) {
                for (HasMetadata o : configurationObjects) {
                    versions.add(o.getApiVersion());
                    kinds.add(o.getApiVersion() + "/" + o.getKind());
                }
            }
            if (client != null && configurationObjects == null) {
                try {
                    for (APIGroup g : client.getApiGroups().getGroups()) {
                        for (GroupVersionForDiscovery v : g.getVersions()) {
                            versions.add(v.getGroupVersion());
                        }
                    }
                } catch (KubernetesClientException | NullPointerException e) {
                    LOG.debug("API discovery unavailable: {}", e.toString());
                }
            }
            return new ClusterInfo(versions, kinds, Map.of());
        }
    }
}
