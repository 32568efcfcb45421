package dev.kubelb.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * An L4 load-balancer request: a tenant's {@code Service} of type {@code LoadBalancer}, or a KubeLB
 * {@code LoadBalancer} resource, in neutral form.
 *
 * @param id the request's identity (tenant + name)
 * @param ports front-end ports the load balancer exposes; at least one, unique by protocol+port and by
 *     name
 * @param backends back ends traffic is forwarded to (tenant node addresses × NodePorts)
 * @param ipFamilyPolicy how many families are wanted
 * @param ipFamilies families in order of preference; empty = IPv4 first
 * @param requestedAddresses specific addresses asked for (at most one per family)
 * @param pool a pool asked for by name
 * @param sharingKey the key under which the address may be shared
 * @param sharingTenants other tenants this request agrees to share with ({@code *} = any), in addition
 *     to what pools allow
 * @param trafficPolicy the external traffic policy
 * @param podSelector the pods behind the request (compared for sharing with {@code Local} policy)
 * @param labels the request's labels (matched by pool and advertisement service selectors; copied onto the owned
 *     Service the appliance reads, except keys reserved to Kubernetes and to kubelb)
 * @param annotations the request's annotations (propagated by policy)
 * @param tenantLabels the tenant namespace's labels (matched by pool tenant selectors)
 * @param loadBalancerClass the requested load balancer class
 * @param sessionAffinity whether clients stick to one back end by source IP
 * @param exposure options for appliances that build the load balancer themselves (clouds)
 */
public record LoadBalancerRequest(LoadBalancerId id, List<PortSpec> ports, List<Backend> backends,
        IpFamilyPolicy ipFamilyPolicy, List<IpFamily> ipFamilies, List<IpAddress> requestedAddresses,
        Optional<String> pool, Optional<String> sharingKey, Set<String> sharingTenants, TrafficPolicy trafficPolicy,
        Map<String, String> podSelector, Map<String, String> labels, Map<String, String> annotations,
        Map<String, String> tenantLabels, Optional<String> loadBalancerClass, boolean sessionAffinity,
        ExposureOptions exposure) {

    /** Validates ports, families and requested addresses. */
    public LoadBalancerRequest {
        Objects.requireNonNull(id, "id");
        ports = Checks.list(ports, "ports");
        backends = Checks.list(backends, "backends");
        Objects.requireNonNull(ipFamilyPolicy, "ipFamilyPolicy");
        ipFamilies = Checks.list(ipFamilies, "ipFamilies");
        requestedAddresses = Checks.list(requestedAddresses, "requestedAddresses");
        pool = Checks.opt(pool, "pool");
        sharingKey = Checks.opt(sharingKey, "sharingKey");
        sharingTenants = java.util.Collections.unmodifiableSet(new TreeSet<>(Objects.requireNonNull(sharingTenants,
                "sharingTenants")));
        Objects.requireNonNull(trafficPolicy, "trafficPolicy");
        podSelector = Checks.map(podSelector, "podSelector");
        labels = Checks.map(labels, "labels");
        annotations = Checks.map(annotations, "annotations");
        tenantLabels = Checks.map(tenantLabels, "tenantLabels");
        loadBalancerClass = Checks.opt(loadBalancerClass, "loadBalancerClass");
        Objects.requireNonNull(exposure, "exposure");
        if (ports.isEmpty()) {
            throw ConfigurationException.field("ports", "a load balancer needs at least one port");
        }
        for (int i = 0; i < ports.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (ports.get(i).collidesWith(ports.get(j))) {
                    throw ConfigurationException.field("ports[" + i + "]", "duplicate port " + ports.get(i).port()
                            + "/" + ports.get(i).protocol());
                }
                if (!ports.get(i).name().isEmpty() && ports.get(i).name().equals(ports.get(j).name())) {
                    throw ConfigurationException.field("ports[" + i + "].name", "duplicate port name '"
                            + ports.get(i).name() + "'");
                }
            }
        }
        if (ipFamilies.size() > 2 || new LinkedHashSet<>(ipFamilies).size() != ipFamilies.size()) {
            throw ConfigurationException.field("ipFamilies", "at most one entry per family, got " + ipFamilies);
        }
        if (ipFamilyPolicy == IpFamilyPolicy.SINGLE_STACK && ipFamilies.size() > 1) {
            throw ConfigurationException.field("ipFamilies", "SingleStack takes one family, got " + ipFamilies);
        }
        if (requestedAddresses.size() > 2 || (requestedAddresses.size() == 2
                && requestedAddresses.get(0).family() == requestedAddresses.get(1).family())) {
            throw ConfigurationException.field("requestedAddresses", "at most one address per family, got "
                    + requestedAddresses);
        }
        if (requestedAddresses.size() == 2 && ipFamilyPolicy == IpFamilyPolicy.SINGLE_STACK) {
            throw ConfigurationException.field("requestedAddresses",
                    "two addresses requested but ipFamilyPolicy is SingleStack");
        }
        if (!ipFamilies.isEmpty()) {
            for (IpAddress a : requestedAddresses) {
                if (!ipFamilies.contains(a.family())) {
                    throw ConfigurationException.field("requestedAddresses", a + " is " + a.family().kubernetesName()
                            + " but ipFamilies is " + ipFamilies);
                }
            }
        }
        sharingKey.ifPresent(k -> {
            if (k.isBlank()) {
                throw ConfigurationException.field("sharingKey", "must not be blank");
            }
        });
    }

    /**
     * @return the families wanted, in order: {@link #ipFamilies()} if given, else the requested
     *     addresses' families, else IPv4 (then IPv6 for dual-stack policies)
     */
    public List<IpFamily> effectiveFamilies() {
        List<IpFamily> out = new ArrayList<>(ipFamilies);
        if (out.isEmpty()) {
            requestedAddresses.forEach(a -> {
                if (!out.contains(a.family())) {
                    out.add(a.family());
                }
            });
        }
        if (out.isEmpty()) {
            out.add(IpFamily.IPV4);
        }
        if (ipFamilyPolicy != IpFamilyPolicy.SINGLE_STACK && out.size() == 1) {
            out.add(out.get(0) == IpFamily.IPV4 ? IpFamily.IPV6 : IpFamily.IPV4);
        }
        if (ipFamilyPolicy == IpFamilyPolicy.SINGLE_STACK && out.size() > 1) {
            return List.of(out.get(0));
        }
        return List.copyOf(out);
    }

    /**
     * @param tenant a tenant
     * @param name a name
     * @return a builder with Kubernetes' defaults (SingleStack, Cluster policy)
     */
    public static Builder builder(String tenant, String name) {
        return new Builder(LoadBalancerId.of(tenant, name));
    }

    /**
     * @param id the id
     * @return a builder with Kubernetes' defaults
     */
    public static Builder builder(LoadBalancerId id) {
        return new Builder(id);
    }

    /**
     * @return a builder holding this request's values
     */
    public Builder toBuilder() {
        Builder b = new Builder(id);
        b.ports.addAll(ports);
        b.backends.addAll(backends);
        b.ipFamilyPolicy = ipFamilyPolicy;
        b.ipFamilies.addAll(ipFamilies);
        b.requestedAddresses.addAll(requestedAddresses);
        b.pool = pool.orElse(null);
        b.sharingKey = sharingKey.orElse(null);
        b.sharingTenants.addAll(sharingTenants);
        b.trafficPolicy = trafficPolicy;
        b.podSelector.putAll(podSelector);
        b.labels.putAll(labels);
        b.annotations.putAll(annotations);
        b.tenantLabels.putAll(tenantLabels);
        b.loadBalancerClass = loadBalancerClass.orElse(null);
        b.sessionAffinity = sessionAffinity;
        b.exposure = exposure;
        return b;
    }

    /** Builds a {@link LoadBalancerRequest}. */
    public static final class Builder {
        private final LoadBalancerId id;
        private final List<PortSpec> ports = new ArrayList<>();
        private final List<Backend> backends = new ArrayList<>();
        private IpFamilyPolicy ipFamilyPolicy = IpFamilyPolicy.SINGLE_STACK;
        private final List<IpFamily> ipFamilies = new ArrayList<>();
        private final List<IpAddress> requestedAddresses = new ArrayList<>();
        private String pool;
        private String sharingKey;
        private final Set<String> sharingTenants = new LinkedHashSet<>();
        private TrafficPolicy trafficPolicy = TrafficPolicy.CLUSTER;
        private final Map<String, String> podSelector = new LinkedHashMap<>();
        private final Map<String, String> labels = new LinkedHashMap<>();
        private final Map<String, String> annotations = new LinkedHashMap<>();
        private final Map<String, String> tenantLabels = new LinkedHashMap<>();
        private String loadBalancerClass;
        private boolean sessionAffinity;
        private ExposureOptions exposure = ExposureOptions.DEFAULT;

        private Builder(LoadBalancerId id) {
            this.id = Objects.requireNonNull(id, "id");
        }

        /** @param v a front-end port @return this */
        public Builder port(PortSpec v) {
            ports.add(Objects.requireNonNull(v, "port"));
            return this;
        }

        /** @param v front-end ports @return this */
        public Builder ports(List<PortSpec> v) {
            ports.addAll(v);
            return this;
        }

        /** @param v a back-end set @return this */
        public Builder backend(Backend v) {
            backends.add(Objects.requireNonNull(v, "backend"));
            return this;
        }

        /** @param v back-end sets @return this */
        public Builder backends(List<Backend> v) {
            backends.addAll(v);
            return this;
        }

        /** @param v the family policy @return this */
        public Builder ipFamilyPolicy(IpFamilyPolicy v) {
            ipFamilyPolicy = Objects.requireNonNull(v, "ipFamilyPolicy");
            return this;
        }

        /** @param v families in preference order @return this */
        public Builder ipFamilies(IpFamily... v) {
            ipFamilies.clear();
            ipFamilies.addAll(List.of(v));
            return this;
        }

        /** @param v address literals @return this */
        public Builder requestedAddresses(String... v) {
            for (String s : v) {
                IpAddress a = IpAddress.tryParse(s);
                if (a == null) {
                    throw ConfigurationException.field("requestedAddresses[" + requestedAddresses.size() + "]",
                            "'" + s + "' is not a valid IP address");
                }
                requestedAddresses.add(a);
            }
            return this;
        }

        /** @param v addresses @return this */
        public Builder requestedAddresses(List<IpAddress> v) {
            requestedAddresses.addAll(v);
            return this;
        }

        /** @param v a pool name, or null @return this */
        public Builder pool(String v) {
            pool = v;
            return this;
        }

        /** @param v a sharing key, or null @return this */
        public Builder sharingKey(String v) {
            sharingKey = v;
            return this;
        }

        /** @param v tenants this request may share with ({@code *} = any) @return this */
        public Builder sharingTenants(String... v) {
            sharingTenants.addAll(List.of(v));
            return this;
        }

        /** @param v the traffic policy @return this */
        public Builder trafficPolicy(TrafficPolicy v) {
            trafficPolicy = Objects.requireNonNull(v, "trafficPolicy");
            return this;
        }

        /** @param v the pod selector @return this */
        public Builder podSelector(Map<String, String> v) {
            podSelector.putAll(v);
            return this;
        }

        /** @param k key @param v value @return this */
        public Builder label(String k, String v) {
            labels.put(k, v);
            return this;
        }

        /** @param v labels @return this */
        public Builder labels(Map<String, String> v) {
            labels.putAll(v);
            return this;
        }

        /** @param k key @param v value @return this */
        public Builder annotation(String k, String v) {
            annotations.put(k, v);
            return this;
        }

        /** @param v annotations @return this */
        public Builder annotations(Map<String, String> v) {
            annotations.putAll(v);
            return this;
        }

        /** @param v the tenant namespace's labels @return this */
        public Builder tenantLabels(Map<String, String> v) {
            tenantLabels.putAll(v);
            return this;
        }

        /** @param v the class, or null @return this */
        public Builder loadBalancerClass(String v) {
            loadBalancerClass = v;
            return this;
        }

        /** @param v source-IP session affinity @return this */
        public Builder sessionAffinity(boolean v) {
            sessionAffinity = v;
            return this;
        }

        /** @param v cloud exposure options @return this */
        public Builder exposure(ExposureOptions v) {
            exposure = Objects.requireNonNull(v, "exposure");
            return this;
        }

        /** @return the request */
        public LoadBalancerRequest build() {
            return new LoadBalancerRequest(id, ports, backends, ipFamilyPolicy, ipFamilies, requestedAddresses,
                    Optional.ofNullable(pool), Optional.ofNullable(sharingKey), sharingTenants, trafficPolicy,
                    podSelector, labels, annotations, tenantLabels, Optional.ofNullable(loadBalancerClass),
                    sessionAffinity, exposure);
        }
    }
}
