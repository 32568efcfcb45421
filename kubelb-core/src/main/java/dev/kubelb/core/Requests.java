package dev.kubelb.core;

import dev.kubelb.api.Allocation;
import dev.kubelb.api.Backend;
import dev.kubelb.api.ConfigurationException;
import dev.kubelb.api.ExposureOptions;
import dev.kubelb.api.HealthCheck;
import dev.kubelb.api.IpAddress;
import dev.kubelb.api.IpFamily;
import dev.kubelb.api.IpFamilyPolicy;
import dev.kubelb.api.LoadBalancerId;
import dev.kubelb.api.LoadBalancerRequest;
import dev.kubelb.api.PortSpec;
import dev.kubelb.api.Problem;
import dev.kubelb.api.Protocol;
import dev.kubelb.api.TrafficPolicy;
import dev.kubelb.api.Visibility;
import dev.kubelb.core.crd.KubeLbAddresses;
import dev.kubelb.core.crd.KubeLbLoadBalancer;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Translates request sources — a tenant {@code Service} of type {@code LoadBalancer} or a KubeLB
 * {@code LoadBalancer} — into neutral {@link LoadBalancerRequest}s, and reads allocations back from
 * managed objects. Errors name the object and field.
 */
public final class Requests {
    /** Requested addresses, MetalLB. */
    public static final String METALLB_IPS = "metallb.io/loadBalancerIPs";
    /** Requested addresses, MetalLB's older prefix. */
    public static final String METALLB_IPS_OLD = "metallb.universe.tf/loadBalancerIPs";
    /** Requested pool, MetalLB. */
    public static final String METALLB_POOL = "metallb.io/address-pool";
    /** Requested pool, MetalLB's older prefix. */
    public static final String METALLB_POOL_OLD = "metallb.universe.tf/address-pool";
    /** Sharing key, MetalLB. */
    public static final String METALLB_SHARING = "metallb.io/allow-shared-ip";
    /** Sharing key, MetalLB's older prefix. */
    public static final String METALLB_SHARING_OLD = "metallb.universe.tf/allow-shared-ip";
    /** Requested addresses, Cilium. */
    public static final String CILIUM_IPS = "lbipam.cilium.io/ips";
    /** Requested addresses, Cilium's older key. */
    public static final String CILIUM_IPS_OLD = "io.cilium/lb-ipam-ips";
    /** Sharing key, Cilium. */
    public static final String CILIUM_SHARING = "lbipam.cilium.io/sharing-key";
    /** Sharing key, Cilium's older key. */
    public static final String CILIUM_SHARING_OLD = "io.cilium/lb-ipam-sharing-key";
    /** Cross-namespace sharing, Cilium. */
    public static final String CILIUM_CROSS_NS = "lbipam.cilium.io/sharing-cross-namespace";
    /** Cross-namespace sharing, Cilium's older key. */
    public static final String CILIUM_CROSS_NS_OLD = "io.cilium/lb-ipam-sharing-cross-namespace";
    /** Neutral exposure option: {@code internal} or {@code public}. */
    public static final String VISIBILITY = "kubelb.dev/visibility";
    /** Neutral exposure option: subnet or network. */
    public static final String SUBNET = "kubelb.dev/subnet";
    /** Neutral exposure option: {@code "true"} to send PROXY protocol. */
    public static final String PROXY_PROTOCOL = "kubelb.dev/proxy-protocol";
    /** Neutral exposure option prefix for health checks: {@code kubelb.dev/health-check-protocol|port|path|interval|healthy-threshold|unhealthy-threshold}. */
    public static final String HEALTH_CHECK = "kubelb.dev/health-check-";

    private Requests() {
    }

    /**
     * @param svc a tenant Service of type LoadBalancer
     * @param tenantLabels the labels of its namespace
     * @param nodeAddresses addresses of the tenant nodes that serve its NodePorts (may be empty)
     * @return the request
     * @throws ConfigurationException naming {@code Service/ns/name} and the field
     */
    public static LoadBalancerRequest fromService(Service svc, Map<String, String> tenantLabels,
            List<String> nodeAddresses) {
        return fromService(svc, tenantLabels, nodeAddresses, Map.of());
    }

    /**
     * @param svc a tenant Service of type LoadBalancer
     * @param tenantLabels the labels of its namespace
     * @param nodeAddresses addresses of the tenant nodes that serve its NodePorts (may be empty)
     * @param nodes the node of each address, where known
     * @return the request
     * @throws ConfigurationException naming {@code Service/ns/name} and the field
     */
    public static LoadBalancerRequest fromService(Service svc, Map<String, String> tenantLabels,
            List<String> nodeAddresses, Map<String, Backend.Node> nodes) {
        return fromService(svc, tenantLabels, nodeAddresses, nodes, null);
    }

    /**
     * @param svc a Service of type LoadBalancer in the cluster served
     * @param tenantLabels the labels of its namespace
     * @param backends its back ends as they are (e.g. its own pods, from its EndpointSlices)
     * @return the request
     * @throws ConfigurationException naming {@code Service/ns/name} and the field
     */
    public static LoadBalancerRequest fromServiceWithBackends(Service svc, Map<String, String> tenantLabels,
            List<Backend> backends) {
        return fromService(svc, tenantLabels, List.of(), Map.of(), Objects.requireNonNull(backends, "backends"));
    }

    private static LoadBalancerRequest fromService(Service svc, Map<String, String> tenantLabels,
            List<String> nodeAddresses, Map<String, Backend.Node> nodes, List<Backend> given) {
        String ns = svc.getMetadata().getNamespace();
        String name = svc.getMetadata().getName();
        String object = "Service/" + ns + "/" + name;
        List<Problem> problems = new ArrayList<>();
        ServiceSpec spec = svc.getSpec() == null ? new ServiceSpec() : svc.getSpec();
        Map<String, String> ann = orEmpty(svc.getMetadata().getAnnotations());
        LoadBalancerRequest.Builder b;
        try {
            b = LoadBalancerRequest.builder(LoadBalancerId.of(ns, name));
        } catch (ConfigurationException e) {
            throw e.locate(object, "metadata.");
        }
        List<PortSpec> backendPorts = new ArrayList<>();
        List<ServicePort> ports = spec.getPorts() == null ? List.of() : spec.getPorts();
        for (int i = 0; i < ports.size(); i++) {
            ServicePort p = ports.get(i);
            try {
                String pname = p.getName() == null ? "" : p.getName();
                Protocol proto = Protocol.parse(p.getProtocol());
                b.port(PortSpec.of(pname, proto, p.getPort() == null ? 0 : p.getPort()));
                if (p.getNodePort() != null && p.getNodePort() > 0) {
                    backendPorts.add(PortSpec.of(pname, proto, p.getNodePort()));
                }
            } catch (ConfigurationException e) {
                problems.addAll(e.locate(object, "spec.ports[" + i + "].").problems());
            }
        }
        if (given != null) {
            b.backends(given);
        } else if (!nodeAddresses.isEmpty() && !backendPorts.isEmpty()) {
            b.backend(new Backend("nodes", nodeAddresses, backendPorts, nodes));
        }
        try {
            b.ipFamilyPolicy(IpFamilyPolicy.fromKubernetesName(spec.getIpFamilyPolicy()));
            if (spec.getIpFamilies() != null && !spec.getIpFamilies().isEmpty()) {
                b.ipFamilies(spec.getIpFamilies().stream().map(IpFamily::fromKubernetesName).toArray(IpFamily[]::new));
            }
        } catch (ConfigurationException e) {
            problems.addAll(e.locate(object, "spec.").problems());
        }
        try {
            b.requestedAddresses(requestedAddresses(ann, spec.getLoadBalancerIP()));
        } catch (ConfigurationException e) {
            problems.addAll(e.locate(object, "").problems());
        }
        b.pool(first(ann, METALLB_POOL, METALLB_POOL_OLD));
        b.sharingKey(first(ann, METALLB_SHARING, METALLB_SHARING_OLD, CILIUM_SHARING, CILIUM_SHARING_OLD));
        String cross = first(ann, CILIUM_CROSS_NS, CILIUM_CROSS_NS_OLD);
        if (cross != null && !cross.isEmpty()) {
            b.sharingTenants(cross.split(","));
        }
        try {
            b.trafficPolicy(TrafficPolicy.fromKubernetesName(spec.getExternalTrafficPolicy()));
        } catch (ConfigurationException e) {
            problems.addAll(e.locate(object, "spec.").problems());
        }
        b.podSelector(orEmpty(spec.getSelector()));
        b.labels(orEmpty(svc.getMetadata().getLabels()));
        b.annotations(ann);
        b.tenantLabels(tenantLabels);
        b.loadBalancerClass(spec.getLoadBalancerClass());
        b.sessionAffinity("ClientIP".equals(spec.getSessionAffinity()));
        try {
            b.exposure(exposure(ann, spec.getLoadBalancerSourceRanges()));
        } catch (ConfigurationException e) {
            problems.addAll(e.locate(object, "").problems());
        }
        return build(b, object, problems);
    }

    /**
     * @param lb a KubeLB LoadBalancer
     * @param tenantLabels the labels of its (tenant) namespace
     * @param addresses looks up an {@code Addresses} object by name in the same namespace
     * @return the request
     * @throws ConfigurationException naming {@code LoadBalancer/ns/name} and the field
     */
    public static LoadBalancerRequest fromLoadBalancer(KubeLbLoadBalancer lb, Map<String, String> tenantLabels,
            Function<String, Optional<KubeLbAddresses>> addresses) {
        String ns = lb.getMetadata().getNamespace();
        String name = lb.getMetadata().getName();
        String object = "LoadBalancer/" + ns + "/" + name;
        List<Problem> problems = new ArrayList<>();
        KubeLbLoadBalancer.Spec spec = lb.getSpec() == null ? new KubeLbLoadBalancer.Spec() : lb.getSpec();
        LoadBalancerRequest.Builder b;
        try {
            b = LoadBalancerRequest.builder(LoadBalancerId.of(ns, name));
        } catch (ConfigurationException e) {
            throw e.locate(object, "metadata.");
        }
        for (int i = 0; i < spec.ports.size(); i++) {
            try {
                b.port(port(spec.ports.get(i)));
            } catch (ConfigurationException e) {
                problems.addAll(e.locate(object, "spec.ports[" + i + "].").problems());
            }
        }
        for (int i = 0; i < spec.endpoints.size(); i++) {
            KubeLbLoadBalancer.Endpoints ep = spec.endpoints.get(i);
            String field = "spec.endpoints[" + i + "].";
            List<String> addrs = new ArrayList<>();
            for (KubeLbLoadBalancer.EndpointAddress a : ep.addresses) {
                addrs.add(a.ip != null && !a.ip.isEmpty() ? a.ip : a.hostname);
            }
            if (ep.addressesReference != null && ep.addressesReference.name != null) {
                Optional<KubeLbAddresses> ref = addresses.apply(ep.addressesReference.name);
                if (ref.isEmpty() || ref.get().getSpec() == null) {
                    problems.add(Problem.of(object, field + "addressesReference.name",
                            "Addresses '" + ep.addressesReference.name + "' not found in namespace " + ns));
                } else {
                    for (KubeLbLoadBalancer.EndpointAddress a : ref.get().getSpec().addresses) {
                        addrs.add(a.ip != null && !a.ip.isEmpty() ? a.ip : a.hostname);
                    }
                }
            }
            List<PortSpec> eports = new ArrayList<>();
            for (int j = 0; j < ep.ports.size(); j++) {
                try {
                    KubeLbLoadBalancer.Port raw = ep.ports.get(j);
                    PortSpec bp = port(raw);
                    if ((raw.name == null || raw.name.isEmpty()) && spec.ports.size() == ep.ports.size()) {
                        // an unnamed back-end port serves the front-end port at the same position
                        PortSpec front = port(spec.ports.get(j));
                        if (front.protocol() == bp.protocol()) {
                            bp = PortSpec.of(front.name(), bp.protocol(), bp.port());
                        }
                    }
                    eports.add(bp);
                } catch (ConfigurationException e) {
                    problems.addAll(e.locate(object, field + "ports[" + j + "].").problems());
                }
            }
            try {
                b.backend(new Backend(ep.name == null ? "" : ep.name,
                        addrs.stream().filter(a -> a != null && !a.isEmpty()).toList(), eports));
            } catch (ConfigurationException e) {
                problems.addAll(e.locate(object, field).problems());
            }
        }
        try {
            b.trafficPolicy(TrafficPolicy.fromKubernetesName(spec.externalTrafficPolicy));
        } catch (ConfigurationException e) {
            problems.addAll(e.locate(object, "spec.").problems());
        }
        Map<String, String> ann = orEmpty(lb.getMetadata().getAnnotations());
        try {
            b.requestedAddresses(requestedAddresses(ann, null));
        } catch (ConfigurationException e) {
            problems.addAll(e.locate(object, "").problems());
        }
        b.pool(first(ann, METALLB_POOL, METALLB_POOL_OLD));
        b.sharingKey(first(ann, METALLB_SHARING, METALLB_SHARING_OLD, CILIUM_SHARING, CILIUM_SHARING_OLD));
        b.labels(orEmpty(lb.getMetadata().getLabels()));
        b.annotations(ann);
        b.tenantLabels(tenantLabels);
        b.sessionAffinity(spec.persistence != null && "SourceIP".equals(spec.persistence.type));
        try {
            b.exposure(exposure(ann, null));
        } catch (ConfigurationException e) {
            problems.addAll(e.locate(object, "").problems());
        }
        return build(b, object, problems);
    }

    /**
     * KubeLB's port naming: the lowercased name, or {@code <port>-<protocol>} when empty.
     *
     * @param p a KubeLB port
     * @return the neutral port
     */
    static PortSpec port(KubeLbLoadBalancer.Port p) {
        Protocol proto = Protocol.parse(p.protocol);
        int number = p.port == null ? 0 : p.port;
        String name = p.name == null || p.name.isEmpty()
                ? number + "-" + proto.name().toLowerCase(Locale.ROOT)
                : p.name.toLowerCase(Locale.ROOT);
        return PortSpec.of(name, proto, number);
    }

    private static LoadBalancerRequest build(LoadBalancerRequest.Builder b, String object, List<Problem> problems) {
        if (problems.isEmpty()) {
            try {
                return b.build();
            } catch (ConfigurationException e) {
                problems.addAll(e.locate(object, "spec.").problems());
            }
        }
        throw new ConfigurationException(problems);
    }

    /**
     * Reads the requested addresses: MetalLB's annotation (or its older key), Cilium's (comma lists),
     * and {@code spec.loadBalancerIP}. MetalLB's annotation together with the field is an error.
     *
     * @param annotations the source's annotations
     * @param loadBalancerIp {@code spec.loadBalancerIP}, may be null
     * @return the addresses, deduplicated, in order
     */
    public static List<IpAddress> requestedAddresses(Map<String, String> annotations, String loadBalancerIp) {
        String metallb = first(annotations, METALLB_IPS, METALLB_IPS_OLD);
        String cilium = first(annotations, CILIUM_IPS, CILIUM_IPS_OLD);
        boolean field = loadBalancerIp != null && !loadBalancerIp.isEmpty();
        if (metallb != null && field) {
            throw new ConfigurationException(List.of(Problem.of("", "spec.loadBalancerIP",
                    "both spec.loadBalancerIP and the " + METALLB_IPS + " annotation are set; use only the annotation")));
        }
        Set<IpAddress> out = new LinkedHashSet<>();
        String key = annotations.containsKey(METALLB_IPS) ? METALLB_IPS : METALLB_IPS_OLD;
        parseList(metallb, "metadata.annotations[" + key + "]", out);
        String ckey = annotations.containsKey(CILIUM_IPS) ? CILIUM_IPS : CILIUM_IPS_OLD;
        parseList(cilium, "metadata.annotations[" + ckey + "]", out);
        if (field) {
            parseList(loadBalancerIp, "spec.loadBalancerIP", out);
        }
        for (IpFamily f : IpFamily.values()) {
            List<IpAddress> same = out.stream().filter(a -> a.family() == f).toList();
            if (same.size() > 1) {
                // Cilium gives a Service every address it asks for (lbipam.go, TestRequestIPs); kubelb's allocation
                // model holds one address per family (provider-cilium/README.md, differences)
                List<String> fields = new ArrayList<>();
                if (metallb != null) {
                    fields.add("metadata.annotations[" + key + "]");
                }
                if (cilium != null) {
                    fields.add("metadata.annotations[" + ckey + "]");
                }
                if (field) {
                    fields.add("spec.loadBalancerIP");
                }
                throw new ConfigurationException(List.of(Problem.of("", fields.get(0), String.join(" with ", fields)
                        + " ask for " + same.size() + " " + f.kubernetesName() + " addresses " + same + "; kubelb gives a "
                        + "Service at most one address per family: keep one")));
            }
        }
        return List.copyOf(out);
    }

    private static void parseList(String value, String field, Set<IpAddress> out) {
        if (value == null || value.isBlank()) {
            return;
        }
        for (String s : value.split(",")) {
            try {
                out.add(IpAddress.parse(s.trim()));
            } catch (ConfigurationException e) {
                throw new ConfigurationException("", field, e.problems().get(0).message());
            }
        }
    }

    private static ExposureOptions exposure(Map<String, String> ann, List<String> sourceRanges) {
        Optional<Visibility> vis = Optional.ofNullable(ann.get(VISIBILITY)).map(v -> switch (v) {
            case "internal" -> Visibility.INTERNAL;
            case "public" -> Visibility.PUBLIC;
            default -> throw new ConfigurationException(List.of(Problem.of("",
                    "metadata.annotations[" + VISIBILITY + "]", "'" + v + "' is not internal or public")));
        });
        HealthCheck hc = new HealthCheck(Optional.ofNullable(ann.get(HEALTH_CHECK + "protocol")),
                intAnn(ann, HEALTH_CHECK + "port"), Optional.ofNullable(ann.get(HEALTH_CHECK + "path")),
                intAnn(ann, HEALTH_CHECK + "interval"), intAnn(ann, HEALTH_CHECK + "healthy-threshold"),
                intAnn(ann, HEALTH_CHECK + "unhealthy-threshold"));
        return new ExposureOptions(vis, Optional.ofNullable(ann.get(SUBNET)), hc,
                "true".equals(ann.get(PROXY_PROTOCOL)), sourceRanges == null ? List.of() : sourceRanges);
    }

    private static Optional<Integer> intAnn(Map<String, String> ann, String key) {
        String v = ann.get(key);
        if (v == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Integer.parseInt(v.trim()));
        } catch (NumberFormatException e) {
            throw new ConfigurationException(List.of(Problem.of("", "metadata.annotations[" + key + "]",
                    "'" + v + "' is not a number")));
        }
    }

    /**
     * Reads the allocation the engine recorded on a managed Service.
     *
     * @param managed a Service the engine owns
     * @return the recorded allocation, if the Service carries one
     */
    public static Optional<Allocation> recordedAllocation(Service managed) {
        Map<String, String> labels = orEmpty(managed.getMetadata().getLabels());
        Map<String, String> ann = orEmpty(managed.getMetadata().getAnnotations());
        String tenant = labels.get(KubeLbLabels.TENANT);
        String request = labels.get(KubeLbLabels.REQUEST);
        String addrs = ann.get(KubeLbLabels.ADDRESSES);
        if (tenant == null || request == null || addrs == null || addrs.isBlank()) {
            return Optional.empty();
        }
        List<IpAddress> list = new ArrayList<>();
        for (String s : addrs.split(",")) {
            list.add(IpAddress.parse(s.trim()));
        }
        return Optional.of(new Allocation(LoadBalancerId.of(tenant, request), ann.getOrDefault(KubeLbLabels.POOL, ""),
                list, Optional.ofNullable(ann.get(KubeLbLabels.SHARING_KEY))));
    }

    /**
     * @param svc a Service
     * @return the IP addresses in its {@code status.loadBalancer.ingress} (host names skipped)
     */
    public static List<IpAddress> ingressAddresses(Service svc) {
        return dev.kubelb.spi.ApplianceStatus.Ingress.of(svc).stream().flatMap(i -> i.ip().stream())
                .filter(IpAddress::isValid).map(IpAddress::parse).toList();
    }

    private static String first(Map<String, String> ann, String... keys) {
        for (String k : keys) {
            String v = ann.get(k);
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    private static <K, V> Map<K, V> orEmpty(Map<K, V> m) {
        return m == null ? Map.of() : m;
    }
}
