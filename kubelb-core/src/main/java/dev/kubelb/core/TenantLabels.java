package dev.kubelb.core;

import java.util.Map;
import java.util.TreeMap;

/**
 * The tenant's labels an owned Service carries, so that the appliance selects it as the allocator did: MetalLB
 * checks a pinned address's pool against the labels of the Service it reads ({@code serviceAllocation
 * .serviceSelectors}, {@code internal/allocator/allocator.go isPoolCompatibleWithService}) and its speakers pick
 * advertisements by them ({@code serviceSelectors}); Cilium's pools and BGP advertisements select Services by
 * label too. Left out are the keys that steer Kubernetes itself or the engine, which a tenant must not set on an
 * object the engine owns: the reserved {@code kubernetes.io/} and {@code k8s.io/} prefixes and their subdomains
 * (such as {@code service.kubernetes.io/service-proxy-name}, which would make kube-proxy ignore the Service),
 * except the recommended {@code app.kubernetes.io/} labels; kubelb's own {@code kubelb.dev/} prefix; and the
 * selector keys appliances derive from the Service itself ({@code io.kubernetes.service.namespace},
 * {@code io.kubernetes.service.name}, {@code io.cilium.*}). The engine's own labels are set after these.
 */
final class TenantLabels {
    private TenantLabels() {
    }

    /**
     * @param labels a request's labels
     * @return those an owned object may carry, sorted by key
     */
    static Map<String, String> copied(Map<String, String> labels) {
        Map<String, String> out = new TreeMap<>();
        labels.forEach((k, v) -> {
            if (copies(k)) {
                out.put(k, v);
            }
        });
        return out;
    }

    /** @return whether a label key is copied from the tenant onto an owned object */
    static boolean copies(String key) {
        if (key.startsWith("io.kubernetes.") || key.startsWith("io.cilium.")) {
            return false;
        }
        int slash = key.indexOf('/');
        if (slash < 0) {
            return true;
        }
        String prefix = key.substring(0, slash);
        if (prefix.equals("app.kubernetes.io")) {
            return true;
        }
        return !(reserved(prefix, "kubernetes.io") || reserved(prefix, "k8s.io") || reserved(prefix, "kubelb.dev"));
    }

    private static boolean reserved(String prefix, String domain) {
        return prefix.equals(domain) || prefix.endsWith("." + domain);
    }
}
