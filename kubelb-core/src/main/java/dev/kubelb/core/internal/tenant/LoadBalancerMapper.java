package dev.kubelb.core.internal.tenant;

import dev.kubelb.core.crd.KubeLbLoadBalancer;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Maps a tenant Service to the KubeLB {@code LoadBalancer} the CCM writes for it, as upstream's
 * {@code MapLoadBalancer} does with {@code useAddressesReference} ({@code internal/kubelb/loadbalancer.go} at
 * kubermatic/kubelb@80d164b, called from {@code internal/controllers/ccm/service_controller.go}):
 * <ul>
 *   <li>name: the Service's UID; namespace: the tenant's ({@code tenant-<name>});</li>
 *   <li>labels {@code kubelb.k8c.io/origin-ns}, {@code origin-name}, {@code tenant};</li>
 *   <li>annotations: the Service's, without {@code kubectl.kubernetes.io/last-applied-configuration} (the
 *       manager filters them through the tenant's policy) and without {@code kubelb.dev/} keys, which are the
 *       manager's own on this object (our engine keeps its Ready state there) and are left as they are;</li>
 *   <li>ports: one per Service port, named by the lowercased port name or {@code <port>-<protocol>};</li>
 *   <li>one endpoint set: {@code addressesReference} to the shared {@code Addresses} object {@code default},
 *       with the NodePorts under the same names;</li>
 *   <li>{@code type}, {@code externalTrafficPolicy}, and {@code persistence: SourceIP} for
 *       {@code sessionAffinity: ClientIP}.</li>
 * </ul>
 */
public final class LoadBalancerMapper {
    /** Label: the tenant Service's namespace. */
    public static final String ORIGIN_NAMESPACE = "kubelb.k8c.io/origin-ns";
    /** Label: the tenant Service's name. */
    public static final String ORIGIN_NAME = "kubelb.k8c.io/origin-name";
    /** Label: the tenant namespace. */
    public static final String TENANT = "kubelb.k8c.io/tenant";
    /** The shared Addresses object ({@code DefaultAddressName} in upstream's {@code common_types.go}). */
    public static final String ADDRESSES_NAME = "default";
    private static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

    private LoadBalancerMapper() {
    }

    /**
     * @param svc the tenant Service
     * @param tenantNamespace the tenant's namespace in the management cluster
     * @return the LoadBalancer to write (a fresh object)
     */
    public static KubeLbLoadBalancer map(Service svc, String tenantNamespace) {
        KubeLbLoadBalancer.Spec spec = new KubeLbLoadBalancer.Spec();
        KubeLbLoadBalancer.Endpoints ep = new KubeLbLoadBalancer.Endpoints();
        ep.addressesReference = new KubeLbLoadBalancer.Reference();
        ep.addressesReference.name = ADDRESSES_NAME;
        List<ServicePort> ports = svc.getSpec().getPorts() == null ? List.of() : svc.getSpec().getPorts();
        for (ServicePort p : ports) {
            String protocol = p.getProtocol() == null ? "TCP" : p.getProtocol();
            int port = p.getPort() == null ? 0 : p.getPort();
            String name = p.getName() == null || p.getName().isEmpty()
                    ? port + "-" + protocol.toLowerCase(Locale.ROOT) : p.getName().toLowerCase(Locale.ROOT);
            spec.ports.add(new KubeLbLoadBalancer.Port(name, port, protocol));
            ep.ports.add(new KubeLbLoadBalancer.Port(name, p.getNodePort() == null ? 0 : p.getNodePort(), protocol));
        }
        spec.endpoints.add(ep);
        spec.type = svc.getSpec().getType();
        spec.externalTrafficPolicy = svc.getSpec().getExternalTrafficPolicy();
        if ("ClientIP".equals(svc.getSpec().getSessionAffinity())) {
            spec.persistence = new KubeLbLoadBalancer.Persistence();
            spec.persistence.type = "SourceIP";
        }
        KubeLbLoadBalancer lb = new KubeLbLoadBalancer();
        ObjectMeta meta = new ObjectMeta();
        meta.setName(svc.getMetadata().getUid());
        meta.setNamespace(tenantNamespace);
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(ORIGIN_NAMESPACE, svc.getMetadata().getNamespace());
        labels.put(ORIGIN_NAME, svc.getMetadata().getName());
        labels.put(TENANT, tenantNamespace);
        meta.setLabels(labels);
        Map<String, String> annotations = svc.getMetadata().getAnnotations() == null ? new LinkedHashMap<>()
                : new LinkedHashMap<>(svc.getMetadata().getAnnotations());
        annotations.remove(LAST_APPLIED);
        annotations.keySet().removeIf(LoadBalancerMapper::managersKey);
        meta.setAnnotations(annotations.isEmpty() ? null : annotations);
        lb.setMetadata(meta);
        lb.setSpec(spec);
        return lb;
    }

    /**
     * Whether the object in the cluster already says what the desired one says (upstream's
     * {@code LoadBalancerIsDesiredState}, plus port names and our labels): fields the server defaults are not
     * compared unless we set them.
     *
     * @param actual the LoadBalancer in the cluster
     * @param desired what {@link #map} gives
     * @return whether no write is needed
     */
    public static boolean inDesiredState(KubeLbLoadBalancer actual, KubeLbLoadBalancer desired) {
        KubeLbLoadBalancer.Spec a = actual.getSpec() == null ? new KubeLbLoadBalancer.Spec() : actual.getSpec();
        KubeLbLoadBalancer.Spec d = desired.getSpec();
        Map<String, String> labels = actual.getMetadata().getLabels() == null ? Map.of() : actual.getMetadata().getLabels();
        return Objects.equals(a.type, d.type) && Objects.equals(a.externalTrafficPolicy, d.externalTrafficPolicy)
                && Objects.equals(persistence(a), persistence(d)) && ports(a.ports).equals(ports(d.ports))
                && endpoints(a).equals(endpoints(d))
                && tenantAnnotations(actual).equals(orEmpty(desired.getMetadata().getAnnotations()))
                && labels.entrySet().containsAll(desired.getMetadata().getLabels().entrySet());
    }

    /**
     * @param key an annotation key
     * @return whether the manager keeps it on the LoadBalancer (our engine's {@code kubelb.dev/} keys, e.g. its
     *     {@code kubelb.dev/ready} state): never compared, never removed, never taken from the tenant
     */
    public static boolean managersKey(String key) {
        return key.startsWith("kubelb.dev/");
    }

    /**
     * @param actual the LoadBalancer in the cluster
     * @param desired what {@link #map} gives
     * @return the annotations to write: the desired ones plus the manager's that the cluster has
     */
    public static Map<String, String> merged(KubeLbLoadBalancer actual, KubeLbLoadBalancer desired) {
        Map<String, String> out = new LinkedHashMap<>(orEmpty(desired.getMetadata().getAnnotations()));
        orEmpty(actual.getMetadata().getAnnotations()).forEach((k, v) -> {
            if (managersKey(k)) {
                out.put(k, v);
            }
        });
        return out.isEmpty() ? null : out;
    }

    private static Map<String, String> tenantAnnotations(KubeLbLoadBalancer lb) {
        Map<String, String> out = new LinkedHashMap<>(orEmpty(lb.getMetadata().getAnnotations()));
        out.keySet().removeIf(LoadBalancerMapper::managersKey);
        return out;
    }

    private static String persistence(KubeLbLoadBalancer.Spec s) {
        return s.persistence == null ? null : s.persistence.type;
    }

    private static List<String> ports(List<KubeLbLoadBalancer.Port> ports) {
        List<String> out = new ArrayList<>();
        for (KubeLbLoadBalancer.Port p : ports) {
            out.add(p.name + "/" + p.port + "/" + p.protocol);
        }
        return out;
    }

    private static List<String> endpoints(KubeLbLoadBalancer.Spec s) {
        List<String> out = new ArrayList<>();
        for (KubeLbLoadBalancer.Endpoints e : s.endpoints) {
            StringBuilder b = new StringBuilder(e.addressesReference == null ? "-" : e.addressesReference.name);
            for (KubeLbLoadBalancer.EndpointAddress x : e.addresses) {
                b.append(' ').append(x.ip).append('|').append(x.hostname);
            }
            out.add(b + " " + ports(e.ports));
        }
        return out;
    }

    private static Map<String, String> orEmpty(Map<String, String> m) {
        return m == null ? Map.of() : m;
    }
}
