package dev.kubelb.provider.metallb;

import dev.kubelb.api.Allocation;
import dev.kubelb.api.ConfigurationException;
import dev.kubelb.api.FailureReason;
import dev.kubelb.api.IpAddress;
import dev.kubelb.api.IpFamily;
import dev.kubelb.api.LoadBalancerRequest;
import dev.kubelb.api.PortSpec;
import dev.kubelb.api.Problem;
import dev.kubelb.spi.ApplianceStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * MetalLB's Service conventions: the annotations that pin an address, a pool and a sharing key, how a
 * tenant's Service asks for them, and how MetalLB answers (ingress, the
 * {@code metallb.io/ip-allocated-from-pool} annotation, {@code AllocationFailed} Events).
 */
public final class MetalLbServices {
    /** Requested addresses, a comma list. */
    public static final String LOAD_BALANCER_IPS = "metallb.io/loadBalancerIPs";
    /** The pool to allocate from. */
    public static final String ADDRESS_POOL = "metallb.io/address-pool";
    /** The sharing key. */
    public static final String ALLOW_SHARED_IP = "metallb.io/allow-shared-ip";
    /** Written by MetalLB: the pool an address came from. */
    public static final String IP_ALLOCATED_FROM_POOL = "metallb.io/ip-allocated-from-pool";
    /** The older annotation prefix, still read. */
    public static final String DEPRECATED_PREFIX = "metallb.universe.tf/";

    private MetalLbServices() {
    }

    /**
     * What a tenant's Service asks MetalLB for through its annotations ({@code metallb.io/*}, or the older
     * {@code metallb.universe.tf/*} when the new key is absent) and {@code spec.loadBalancerIP}.
     *
     * @param addresses requested addresses (at most one per family)
     * @param pool the requested pool
     * @param sharingKey the sharing key
     */
    public record Hints(List<IpAddress> addresses, Optional<String> pool, Optional<String> sharingKey) {
        /** Copies the list. */
        public Hints {
            addresses = List.copyOf(addresses);
            java.util.Objects.requireNonNull(pool, "pool");
            java.util.Objects.requireNonNull(sharingKey, "sharingKey");
        }

        /**
         * @param builder a request being built from the tenant's Service
         * @return the builder, with the requested addresses, pool and sharing key set when present
         */
        public LoadBalancerRequest.Builder applyTo(LoadBalancerRequest.Builder builder) {
            builder.requestedAddresses(addresses);
            pool.ifPresent(builder::pool);
            sharingKey.ifPresent(builder::sharingKey);
            return builder;
        }
    }

    /**
     * Reads a tenant Service's MetalLB requests.
     *
     * @param service a tenant's Service
     * @return the requested addresses, pool and sharing key
     * @throws ConfigurationException naming the field, when both {@code metallb.io/loadBalancerIPs} and
     *     {@code spec.loadBalancerIP} are set, or an address is malformed, or two share a family
     */
    public static Hints readHints(Service service) {
        Map<String, String> ann = service.getMetadata() == null || service.getMetadata().getAnnotations() == null
                ? Map.of() : service.getMetadata().getAnnotations();
        String object = "Service/" + (service.getMetadata() == null ? ""
                : (service.getMetadata().getNamespace() == null ? "" : service.getMetadata().getNamespace() + "/")
                        + service.getMetadata().getName());
        String ipsKey = ann.containsKey(LOAD_BALANCER_IPS) ? LOAD_BALANCER_IPS
                : DEPRECATED_PREFIX + "loadBalancerIPs";
        String ips = ann.get(ipsKey);
        String specIp = service.getSpec() == null ? null : service.getSpec().getLoadBalancerIP();
        List<Problem> problems = new ArrayList<>();
        List<IpAddress> addresses = new ArrayList<>();
        String annField = "metadata.annotations[" + ipsKey + "]";
        if (ips != null && !ips.isEmpty() && specIp != null && !specIp.isEmpty()) {
            problems.add(Problem.of(object, "spec.loadBalancerIP", "service can not have both " + ipsKey
                    + " and spec.loadBalancerIP"));
        } else if (ips != null && !ips.isEmpty()) {
            for (String part : ips.split(",", -1)) {
                String t = part.trim();
                if (!IpAddress.isValid(t)) {
                    problems.add(Problem.of(object, annField, "'" + t + "' is not a valid IP address"));
                } else {
                    addresses.add(IpAddress.parse(t));
                }
            }
        } else if (specIp != null && !specIp.isEmpty()) {
            if (!IpAddress.isValid(specIp)) {
                problems.add(Problem.of(object, "spec.loadBalancerIP", "'" + specIp + "' is not a valid IP address"));
            } else {
                addresses.add(IpAddress.parse(specIp));
            }
        }
        if (addresses.size() > 2 || (addresses.size() == 2 && addresses.get(0).family() == addresses.get(1).family())) {
            problems.add(Problem.of(object, annField, "at most one address per family, got " + addresses));
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
        return new Hints(addresses, value(ann, "address-pool"), value(ann, "allow-shared-ip"));
    }

    private static Optional<String> value(Map<String, String> ann, String key) {
        String v = ann.containsKey("metallb.io/" + key) ? ann.get("metallb.io/" + key) : ann.get(DEPRECATED_PREFIX + key);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
    }

    /**
     * Renders the management-cluster Service for MetalLB: type {@code LoadBalancer}, no selector, the
     * request's ports, families and policies, and the annotations pinning the allocation.
     *
     * @param request the request
     * @param allocation kubelb's allocation, if any
     * @param loadBalancerClass the class MetalLB was started with ({@code --lb-class}), if any
     * @return the Service (metadata carries only annotations)
     */
    public static Service render(LoadBalancerRequest request, Optional<Allocation> allocation,
            Optional<String> loadBalancerClass) {
        return render(request, allocation, loadBalancerClass, "metallb.io/");
    }

    /**
     * Renders with the annotation prefix of a MetalLB version ({@code metallb.universe.tf/} before 0.14.9).
     *
     * @param request the request
     * @param allocation kubelb's allocation, if any
     * @param loadBalancerClass the class MetalLB was started with, if any
     * @param prefix {@code metallb.io/} or {@code metallb.universe.tf/}
     * @return the Service
     */
    static Service render(LoadBalancerRequest request, Optional<Allocation> allocation,
            Optional<String> loadBalancerClass, String prefix) {
        Map<String, String> annotations = new LinkedHashMap<>();
        List<IpAddress> addresses = allocation.map(Allocation::addresses).orElse(request.requestedAddresses());
        Optional<String> pool = allocation.map(Allocation::pool).filter(p -> !p.isEmpty()).or(request::pool);
        Optional<String> sharing = allocation.flatMap(Allocation::sharingKey).or(request::sharingKey);
        pool.ifPresent(p -> annotations.put(prefix + "address-pool", p));
        sharing.ifPresent(k -> annotations.put(prefix + "allow-shared-ip", k));
        if (!addresses.isEmpty()) {
            annotations.put(prefix + "loadBalancerIPs", addresses.stream().map(IpAddress::toString)
                    .collect(Collectors.joining(",")));
        }
        ServiceSpec spec = new ServiceSpec();
        spec.setType("LoadBalancer");
        // MetalLB's speakers announce the address and kube-proxy forwards it to the EndpointSlice's back
        // ends: no NodePort is ever used, and each would take one of the cluster's ~2,768
        spec.setAllocateLoadBalancerNodePorts(false);
        List<ServicePort> ports = new ArrayList<>();
        for (PortSpec p : request.ports()) {
            ServicePort sp = new ServicePort();
            sp.setName(p.name());
            sp.setProtocol(p.protocol().name());
            sp.setPort(p.port());
            sp.setTargetPort(new IntOrString(p.port()));
            ports.add(sp);
        }
        spec.setPorts(ports);
        spec.setIpFamilyPolicy(request.ipFamilyPolicy().kubernetesName());
        spec.setIpFamilies(families(request, allocation).stream().map(IpFamily::kubernetesName).toList());
        spec.setExternalTrafficPolicy(request.trafficPolicy().kubernetesName());
        if (request.sessionAffinity()) {
            spec.setSessionAffinity("ClientIP");
        }
        loadBalancerClass.ifPresent(spec::setLoadBalancerClass);
        Service svc = new Service();
        svc.setApiVersion("v1");
        svc.setKind("Service");
        ObjectMeta meta = new ObjectMeta();
        meta.setAnnotations(annotations);
        svc.setMetadata(meta);
        svc.setSpec(spec);
        return svc;
    }

    private static List<IpFamily> families(LoadBalancerRequest request, Optional<Allocation> allocation) {
        if (allocation.isEmpty()) {
            return request.effectiveFamilies();
        }
        List<IpFamily> allocated = allocation.get().addresses().stream().map(IpAddress::family).toList();
        List<IpFamily> out = new ArrayList<>();
        for (IpFamily f : request.ipFamilies()) {
            if (allocated.contains(f)) {
                out.add(f);
            }
        }
        for (IpFamily f : allocated) {
            if (!out.contains(f)) {
                out.add(f);
            }
        }
        return out;
    }

    /**
     * @param service the Service as observed
     * @return READY with the ingress points and MetalLB's pool when it has assigned an address, else
     *     PENDING
     */
    public static ApplianceStatus observe(Service service) {
        List<ApplianceStatus.Ingress> out = ApplianceStatus.Ingress.of(service);
        if (out.isEmpty()) {
            return ApplianceStatus.pending("waiting for MetalLB to assign an address");
        }
        Map<String, String> ann = service.getMetadata() == null || service.getMetadata().getAnnotations() == null
                ? Map.of() : service.getMetadata().getAnnotations();
        Optional<String> pool = Optional.ofNullable(ann.get(IP_ALLOCATED_FROM_POOL))
                .or(() -> Optional.ofNullable(ann.get(DEPRECATED_PREFIX + "ip-allocated-from-pool")));
        return new ApplianceStatus(ApplianceStatus.State.READY, out, Optional.empty(), "", pool);
    }

    /**
     * @param service the Service as observed
     * @param events its Events, oldest first
     * @return READY when an address is assigned; FAILED when MetalLB's latest word is an
     *     {@code AllocationFailed} or {@code LoadBalancerFailed} Event (with the reason translated where
     *     possible); else PENDING
     */
    public static ApplianceStatus observe(Service service, List<Event> events) {
        ApplianceStatus status = observe(service);
        if (status.state() == ApplianceStatus.State.READY) {
            return status;
        }
        Event last = null;
        for (Event e : events) {
            String reason = e.getReason() == null ? "" : e.getReason();
            if (reason.equals("AllocationFailed") || reason.equals("LoadBalancerFailed")
                    || reason.equals("IPAllocated") || reason.equals("ClearAssignment")) {
                last = e;
            }
        }
        if (last == null || !(last.getReason().equals("AllocationFailed") || last.getReason().equals("LoadBalancerFailed"))) {
            return status;
        }
        String message = last.getMessage() == null ? last.getReason() : last.getMessage();
        return new ApplianceStatus(ApplianceStatus.State.FAILED, List.of(), failureReason(message), message,
                Optional.empty());
    }

    /**
     * @param message a MetalLB allocation error
     * @return the neutral reason, when the message is one MetalLB's allocator writes
     */
    public static Optional<FailureReason> failureReason(String message) {
        if (message.contains("is not allowed in config") || message.contains("is not compatible with requested address pool")) {
            return Optional.of(FailureReason.ADDRESS_NOT_IN_POOL);
        }
        if (message.contains("not compatible for ip assignment")) {
            return Optional.of(FailureReason.POOL_NOT_ALLOWED);
        }
        if (message.contains("unknown pool")) {
            return Optional.of(FailureReason.NO_POOL);
        }
        if (message.contains("can't change sharing key") || message.contains("address also in use")) {
            return Optional.of(FailureReason.ADDRESS_IN_USE);
        }
        if (message.contains("is already in use on") || message.contains("does not allow sharing")
                || message.contains("does not match existing sharing key")) {
            return Optional.of(FailureReason.INCOMPATIBLE_SHARING);
        }
        if (message.contains("does not match the ipFamily") || message.contains("no suitable pool for")
                || message.contains("IPFamily")) {
            return Optional.of(FailureReason.FAMILY_UNAVAILABLE);
        }
        if (message.contains("no available IPs")) {
            return Optional.of(FailureReason.POOL_EXHAUSTED);
        }
        return Optional.empty();
    }
}
