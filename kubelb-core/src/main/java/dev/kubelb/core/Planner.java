package dev.kubelb.core;

import dev.kubelb.api.AdvertisementPreview;
import dev.kubelb.api.Allocation;
import dev.kubelb.api.AllocationFailure;
import dev.kubelb.api.AllocationResult;
import dev.kubelb.api.ApplianceConfig;
import dev.kubelb.api.ClusterNode;
import dev.kubelb.api.IpAddress;
import dev.kubelb.api.LoadBalancerId;
import dev.kubelb.api.LoadBalancerRequest;
import dev.kubelb.api.Problem;
import dev.kubelb.api.ValidationReport;
import dev.kubelb.core.internal.AllocationPass;
import dev.kubelb.spi.AddressAllocator;
import dev.kubelb.spi.Assignment;
import dev.kubelb.spi.ProviderSession;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Service;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The pure planner: (provider session, appliance configuration, requests, existing allocations) →
 * {@link Plan}. It performs no I/O; the same input gives a byte-identical plan.
 */
public final class Planner {
    private final ProviderSession session;
    private final BackendWiring wiring;
    private final Function<String, AnnotationPolicy> policies;
    private final Function<String, Optional<String>> serviceClasses;
    private final Function<ApplianceConfig, AddressAllocator> allocators;
    private final boolean managesConfiguration;

    private Planner(Builder b) {
        this.session = b.session;
        this.wiring = b.wiring;
        this.policies = b.policies;
        this.serviceClasses = b.serviceClasses;
        this.allocators = b.allocators;
        this.managesConfiguration = b.managesConfiguration;
    }

    /**
     * @param session the provider session
     * @return a builder
     */
    public static Builder builder(ProviderSession session) {
        return new Builder(session);
    }

    /**
     * Plans from scratch: validates the configuration (throwing on errors), registers the addresses the
     * requests already hold, then serves every request in input order through the one allocate → vet
     * path the engine uses ({@link AllocationPass}): a held address is checked again like a new one (its
     * pool, the pool's scope and service selectors, the request's pins, families and sharing, the
     * appliance's own rules) and kept only when it still satisfies the request; otherwise the request is
     * served afresh or fails. Finally every object is rendered.
     *
     * <p>Order: held addresses are registered in request input order, a request whose claim is exactly
     * its own pin after those holding one otherwise (a Service's status), so that a request that holds
     * an address keeps it against one that only asks for it, whatever their names; then requests are
     * served in input order.
     *
     * @param config the appliance configuration
     * @param requests the requests, served in this order
     * @param existing allocations the requests already hold (a Service's status, the engine's record),
     *     or pin (their requested addresses)
     * @return the plan
     * @throws dev.kubelb.api.ConfigurationException when the configuration is invalid
     */
    public Plan plan(ApplianceConfig config, List<LoadBalancerRequest> requests, List<Allocation> existing) {
        return plan(config, requests, existing, Optional.empty());
    }

    /**
     * Like {@link #plan(ApplianceConfig, List, List)}, knowing the nodes the appliance's speakers run on: the plan's
     * advertisement preview then says which nodes announce each route and which withhold it, and why
     * ({@link dev.kubelb.spi.RouteAdvertiser#advertisements(ApplianceConfig, List, List)}).
     *
     * @param config the appliance configuration
     * @param requests the requests, served in this order
     * @param existing allocations the requests already hold or pin
     * @param nodes the speakers' nodes
     * @return the plan
     * @throws dev.kubelb.api.ConfigurationException when the configuration is invalid
     */
    public Plan plan(ApplianceConfig config, List<LoadBalancerRequest> requests, List<Allocation> existing,
            List<ClusterNode> nodes) {
        return plan(config, requests, existing, Optional.of(List.copyOf(nodes)));
    }

    private Plan plan(ApplianceConfig config, List<LoadBalancerRequest> requests, List<Allocation> existing,
            Optional<List<ClusterNode>> nodes) {
        ValidationReport report = session.validate(config).throwIfInvalid();
        List<Problem> warnings = new ArrayList<>(report.warnings());
        AddressAllocator allocator = allocators.apply(config);
        AllocationPass pass = new AllocationPass(session, config, allocator);
        Map<LoadBalancerId, LoadBalancerRequest> byId = new LinkedHashMap<>();
        for (LoadBalancerRequest r : requests) {
            if (byId.putIfAbsent(r.id(), r) != null) {
                throw new dev.kubelb.api.ConfigurationException(List.of(Problem.of(r.id().toString(), "",
                        "duplicate request")));
            }
        }
        Map<LoadBalancerId, AllocationFailure> failures = new TreeMap<>();
        List<LoadBalancerId> pending = new ArrayList<>();
        for (Allocation a : existing.stream().sorted(Comparator.comparing(Allocation::id)).toList()) {
            if (!byId.containsKey(a.id())) {
                warnings.add(Problem.of(a.id().toString(), "", "holds " + a.addresses()
                        + " but has no request; the addresses will be released"));
            }
        }
        for (Map.Entry<LoadBalancerRequest, Allocation> e : AllocationPass.holdOrder(requests, existing)) {
            // a conflicting claim is not registered: its request is served afresh below (a pin then fails
            // naming the holder, as MetalLB's allocator does)
            pass.hold(e.getKey(), e.getValue());
        }
        for (LoadBalancerRequest r : requests) {
            AllocationResult res = pass.allocate(r);
            if (res instanceof AllocationResult.Failed f) {
                failures.put(r.id(), f.value());
            } else if (res instanceof AllocationResult.Pending) {
                pending.add(r.id());
            }
        }
        List<Assignment> assignments = assignments(requests, allocator);
        List<HasMetadata> objects = new ArrayList<>();
        if (managesConfiguration) {
            objects.addAll(renderConfiguration(config, assignments));
        }
        for (LoadBalancerRequest r : requests.stream().sorted(Comparator.comparing(LoadBalancerRequest::id)).toList()) {
            if (failures.containsKey(r.id())) {
                continue;
            }
            Optional<Allocation> a = allocator.lookup(r.id());
            if (a.isEmpty() && !pending.contains(r.id())) {
                continue;
            }
            objects.addAll(renderRequest(config, r, a));
        }
        AdvertisementPreview preview = nodes.isPresent()
                ? session.advertiser().advertisements(config, assignments, nodes.get())
                : session.advertiser().advertisements(config, assignments);
        warnings.addAll(preview.warnings());
        return new Plan(session.providerName(), requests.stream().map(LoadBalancerRequest::id).toList(),
                allocator.allocations(), pending, List.copyOf(failures.values()), warnings, objects, preview,
                managesConfiguration);
    }

    /**
     * Renders the appliance configuration objects, labelled as owned by kubelb.
     *
     * @param config the configuration
     * @param assignments the current assignments
     * @return the objects, in the provider's order
     */
    public List<HasMetadata> renderConfiguration(ApplianceConfig config, List<Assignment> assignments) {
        List<HasMetadata> out = new ArrayList<>();
        for (HasMetadata o : session.renderConfig(config, assignments)) {
            Map<String, String> l = new TreeMap<>(o.getMetadata().getLabels() == null ? Map.of()
                    : o.getMetadata().getLabels());
            l.put(KubeLbLabels.MANAGED_BY, KubeLbLabels.MANAGER);
            o.getMetadata().setLabels(l);
            out.add(o);
        }
        return out;
    }

    /** @return whether plans include the appliance configuration objects */
    public boolean managesConfiguration() {
        return managesConfiguration;
    }

    /**
     * Renders one request's objects: its managed Service (named by {@link ObjectNames}, in the tenant's
     * namespace, labelled as owned, carrying the allocation record) and its back-end wiring.
     *
     * @param config the configuration
     * @param request the request
     * @param allocation its allocation, or empty when the appliance allocates
     * @return the Service first, then the wiring objects
     */
    public List<HasMetadata> renderRequest(ApplianceConfig config, LoadBalancerRequest request,
            Optional<Allocation> allocation) {
        Service svc = session.renderService(request, allocation, config);
        ObjectMeta meta = svc.getMetadata() == null ? new ObjectMeta() : svc.getMetadata();
        svc.setMetadata(meta);
        meta.setName(ObjectNames.serviceName(request.id()));
        meta.setNamespace(request.id().tenant());
        // the tenant's labels (the appliance selects by them, as the allocator did), the provider's, then ours
        Map<String, String> labels = new TreeMap<>(TenantLabels.copied(request.labels()));
        labels.putAll(meta.getLabels() == null ? Map.of() : meta.getLabels());
        labels.putAll(ownerLabels(request));
        meta.setLabels(labels);
        Map<String, String> annotations = new TreeMap<>(policies.apply(request.id().tenant())
                .apply(request.annotations()));
        if (meta.getAnnotations() != null) {
            annotations.putAll(meta.getAnnotations());
        }
        allocation.ifPresent(a -> {
            annotations.put(KubeLbLabels.ADDRESSES,
                    a.addresses().stream().map(IpAddress::toString).collect(Collectors.joining(",")));
            if (!a.pool().isEmpty()) {
                annotations.put(KubeLbLabels.POOL, a.pool());
            }
            a.sharingKey().ifPresent(k -> annotations.put(KubeLbLabels.SHARING_KEY, k));
        });
        meta.setAnnotations(annotations);
        // the tenant's class for its management-cluster Service, as KubeLB's manager sets it (Tenant, else Config)
        serviceClasses.apply(request.id().tenant()).ifPresent(c -> svc.getSpec().setLoadBalancerClass(c));
        List<HasMetadata> out = new ArrayList<>();
        out.add(svc);
        for (HasMetadata o : wiring.render(request, svc)) {
            Map<String, String> l = new TreeMap<>(o.getMetadata().getLabels() == null ? Map.of()
                    : o.getMetadata().getLabels());
            l.putAll(ownerLabels(request));
            o.getMetadata().setLabels(l);
            if (o.getMetadata().getNamespace() == null) {
                o.getMetadata().setNamespace(request.id().tenant());
            }
            out.add(o);
        }
        return out;
    }

    /**
     * @param request a request
     * @return the labels every object owned for it carries
     */
    public static Map<String, String> ownerLabels(LoadBalancerRequest request) {
        Map<String, String> l = new TreeMap<>();
        l.put(KubeLbLabels.MANAGED_BY, KubeLbLabels.MANAGER);
        l.put(KubeLbLabels.TENANT, request.id().tenant());
        l.put(KubeLbLabels.REQUEST, request.id().name());
        return l;
    }

    private static List<Assignment> assignments(List<LoadBalancerRequest> requests, AddressAllocator allocator) {
        List<Assignment> out = new ArrayList<>();
        for (LoadBalancerRequest r : requests.stream().sorted(Comparator.comparing(LoadBalancerRequest::id)).toList()) {
            allocator.lookup(r.id()).ifPresent(a -> out.add(new Assignment(r, a)));
        }
        return out;
    }

    /** Builds a {@link Planner}. */
    public static final class Builder {
        private final ProviderSession session;
        private BackendWiring wiring = BackendWiring.endpointSlices();
        private Function<String, AnnotationPolicy> policies = t -> AnnotationPolicy.NONE;
        private Function<String, Optional<String>> serviceClasses = t -> Optional.empty();
        private Function<ApplianceConfig, AddressAllocator> allocators;
        private boolean managesConfiguration = true;

        private Builder(ProviderSession session) {
            this.session = Objects.requireNonNull(session, "session");
            this.allocators = c -> session.delegatedAllocator(c)
                    .orElseGet(() -> PoolAllocator.builder().pools(c.pools()).build());
        }

        /** @param v back-end wiring @return this */
        public Builder wiring(BackendWiring v) {
            this.wiring = Objects.requireNonNull(v, "wiring");
            return this;
        }

        /** @param v annotation policy per tenant @return this */
        public Builder annotationPolicies(Function<String, AnnotationPolicy> v) {
            this.policies = Objects.requireNonNull(v, "policies");
            return this;
        }

        /**
         * @param v per tenant, the {@code loadBalancerClass} its managed Services carry instead of the one the
         *     provider renders (KubeLB's {@code Tenant}/{@code Config} {@code loadBalancer.class}), or empty
         * @return this
         */
        public Builder serviceClasses(Function<String, Optional<String>> v) {
            this.serviceClasses = Objects.requireNonNull(v, "serviceClasses");
            return this;
        }

        /** @param v allocator factory (default: the appliance's delegated allocator, else the pool allocator) @return this */
        public Builder allocators(Function<ApplianceConfig, AddressAllocator> v) {
            this.allocators = Objects.requireNonNull(v, "allocators");
            return this;
        }

        /** @param v whether the appliance configuration objects are rendered into the plan @return this */
        public Builder managesConfiguration(boolean v) {
            this.managesConfiguration = v;
            return this;
        }

        /** @return the planner */
        public Planner build() {
            return new Planner(this);
        }
    }
}
