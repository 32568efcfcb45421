package dev.kubelb.core;

import dev.kubelb.api.Backend;
import dev.kubelb.api.IpAddress;
import dev.kubelb.api.KubeLbException;
import dev.kubelb.api.LabelSelector;
import dev.kubelb.api.LoadBalancerRequest;
import dev.kubelb.core.crd.KubeLbLoadBalancer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.Service;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a request is, per kind of source: which objects are requests (class, tenant scope), how one is found
 * (cache, or the engine's own newer write) and read afresh, and how it translates into the neutral model.
 */
final class RequestSources {
    static final String EXCLUDE_NODE = "node.kubernetes.io/exclude-from-external-load-balancers";

    private final EngineState state;
    private final Watches watches;
    private final String loadBalancerClass;
    private final boolean serveClassless;
    private final LabelSelector tenantSelector;
    private final java.util.Set<String> excludedNamespaces;
    private final java.util.function.Predicate<String> tenantServed;
    private final ServiceBackends serviceBackends;

    RequestSources(EngineState state, Watches watches, String loadBalancerClass, boolean serveClassless,
            LabelSelector tenantSelector, java.util.Set<String> excludedNamespaces,
            java.util.function.Predicate<String> tenantServed, ServiceBackends serviceBackends) {
        this.serviceBackends = serviceBackends;
        this.state = state;
        this.watches = watches;
        this.loadBalancerClass = loadBalancerClass;
        this.serveClassless = serveClassless;
        this.tenantSelector = tenantSelector;
        this.excludedNamespaces = excludedNamespaces;
        this.tenantServed = tenantServed;
    }

    /**
     * @return whether a namespace may hold requests: never the cluster's own namespaces or the appliance's
     *     (a Service there is the appliance's business, and serving it too would fight the appliance)
     */
    boolean inScope(String namespace) {
        return !excludedNamespaces.contains(namespace) && tenantSelector.matches(watches.namespaceLabels(namespace))
                && tenantServed.test(namespace);
    }

    Watches watches() {
        return watches;
    }

    /** The request source as the engine knows it: the cache, or its own newer write the cache lacks. */
    HasMetadata lookup(RequestKey key) {
        HasMetadata o = state.recent.current(key.toString(), watches.source(key));
        if (o instanceof Service s) {
            return isCandidate(s) || Finalizers.has(s) ? s : null;
        }
        return o;
    }

    /** The request source read from the API server, or null when it is gone. */
    HasMetadata read(RequestKey key) {
        return key.source() == SourceKind.SERVICE
                ? state.client.services().inNamespace(key.namespace()).withName(key.name()).get()
                : state.client.resources(KubeLbLoadBalancer.class).inNamespace(key.namespace()).withName(key.name()).get();
    }

    /** @return whether a Service asks this engine for a load balancer */
    boolean isCandidate(Service s) {
        return !EngineState.owned(s) && asks(s) && inScope(s.getMetadata().getNamespace());
    }

    /** @return whether a Service asks for a load balancer of this engine's by its own fields (type, class) */
    private boolean asks(Service s) {
        return s.getSpec() != null && "LoadBalancer".equals(s.getSpec().getType())
                && servesClass(s.getSpec().getLoadBalancerClass());
    }

    /**
     * @return whether the engine keeps a copy of a Service: one that asks by its own fields (whatever its
     *     namespace's labels, which may change without the Service changing), one it owns, or one it served
     *     (its finalizer, or an address held) and must clean up after
     */
    boolean keeps(Service s) {
        return EngineState.owned(s) || Finalizers.has(s) || asks(s) || state.holders.containsKey(
                dev.kubelb.api.LoadBalancerId.of(s.getMetadata().getNamespace(), s.getMetadata().getName()));
    }

    /** @return whether Services of this class (null: class-less) are this engine's */
    private boolean servesClass(String cls) {
        return cls == null ? serveClassless : cls.equals(loadBalancerClass);
    }

    /** @return whether the source is a request this engine serves now */
    boolean isEligible(RequestKey key, HasMetadata source) {
        if (source instanceof Service s) {
            return isCandidate(s);
        }
        KubeLbLoadBalancer lb = (KubeLbLoadBalancer) source;
        String type = lb.getSpec() == null ? null : lb.getSpec().type;
        return "LoadBalancer".equals(type) && inScope(key.namespace());
    }

    LoadBalancerRequest translate(RequestKey key, HasMetadata source) {
        Map<String, String> tenantLabels = watches.namespaceLabels(key.namespace());
        if (source instanceof Service s) {
            if (serviceBackends == ServiceBackends.ENDPOINTS) {
                return Requests.fromServiceWithBackends(s, tenantLabels, PodBackends.of(watches.podSlices(key.namespace(), key.name())));
            }
            Map<String, Backend.Node> byAddress = tenantNodes();
            return Requests.fromService(s, tenantLabels, List.copyOf(byAddress.keySet()), byAddress);
        }
        // the tenant's own Addresses only (the namespace is the request's)
        return Requests.fromLoadBalancer((KubeLbLoadBalancer) source, tenantLabels,
                name -> watches.addresses(key.namespace(), name));
    }

    Optional<LoadBalancerRequest> translateQuietly(RequestKey key, HasMetadata source) {
        try {
            return Optional.of(translate(key, source));
        } catch (KubeLbException e) {
            return Optional.empty();
        }
    }

    /** What of a Node makes back ends: its name, addresses, zone and exclusion label. */
    static List<Object> backendView(Node n) {
        Map<String, String> l = EngineState.labels(n);
        return java.util.Arrays.asList(n.getMetadata().getName(),
                n.getStatus() == null ? null : n.getStatus().getAddresses(),
                l.get("topology.kubernetes.io/zone"), l.containsKey(EXCLUDE_NODE));
    }

    /** @return the InternalIP of every tenant node that serves NodePorts, with its node (name and zone) */
    private Map<String, Backend.Node> tenantNodes() {
        Map<String, Backend.Node> out = new TreeMap<>();
        for (Node n : watches.nodes()) {
            Map<String, String> labels = EngineState.labels(n);
            if (labels.containsKey(EXCLUDE_NODE) || n.getStatus() == null || n.getStatus().getAddresses() == null) {
                continue;
            }
            Backend.Node node = new Backend.Node(n.getMetadata().getName(),
                    Optional.ofNullable(labels.get("topology.kubernetes.io/zone")));
            for (NodeAddress a : n.getStatus().getAddresses()) {
                if ("InternalIP".equals(a.getType()) && IpAddress.isValid(a.getAddress())) {
                    out.put(a.getAddress(), node);
                }
            }
        }
        return out;
    }
}
