package dev.kubelb.core.internal.alloc;

import dev.kubelb.api.LoadBalancerRequest;
import dev.kubelb.api.PortSpec;
import dev.kubelb.api.TrafficPolicy;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the sharing rules compare, kept only for requests holding addresses under a sharing key. The
 * collections are the request's own immutable ones (not copied).
 *
 * @param key the sharing key
 * @param ports the front-end ports
 * @param trafficPolicy the external traffic policy
 * @param podSelector the pod selector
 * @param tenants tenants the request agrees to share with ({@code *} = any)
 */
record SharingInfo(String key, List<PortSpec> ports, TrafficPolicy trafficPolicy, Map<String, String> podSelector,
        Set<String> tenants) {

    static SharingInfo of(LoadBalancerRequest r) {
        return r.sharingKey().map(k -> of(k, r)).orElse(null);
    }

    static SharingInfo of(String key, LoadBalancerRequest r) {
        return new SharingInfo(key, r.ports(), r.trafficPolicy(), r.podSelector(), r.sharingTenants());
    }

    boolean acceptsTenant(String tenant) {
        return tenants.contains("*") || tenants.contains(tenant);
    }
}
