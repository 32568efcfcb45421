package dev.kubelb.provider.cilium;

import dev.kubelb.api.AllocationFailure;
import dev.kubelb.api.AllocationResult;
import dev.kubelb.api.ApplianceConfig;
import dev.kubelb.api.IpAddress;
import dev.kubelb.api.LoadBalancerId;
import dev.kubelb.api.LoadBalancerRequest;
import dev.kubelb.core.PoolAllocator;
import dev.kubelb.core.Requests;
import dev.kubelb.core.internal.AllocationPass;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Drives kubelb through a sequence of events the way the engine meets them, for Cilium's LB-IPAM tests that
 * drive its operator through updates ({@code operator/pkg/lbipam/lbipam_test.go}): one {@link PoolAllocator}
 * lives through the sequence; a pool added, changed or deleted re-imports the Cilium objects, reconfigures the
 * allocator and serves every Service again through a new {@link AllocationPass} (as the engine's configuration
 * sync does); a Service added or changed is read by {@link Requests#fromService} and served by the pass; a Service
 * deleted, or no longer of type LoadBalancer, is released (the engine cleans up a request leaving its scope).
 */
final class LbIpamSequence {
    private final CiliumSession session;
    private final Map<String, String> pools = new LinkedHashMap<>();
    private final Map<LoadBalancerId, LoadBalancerRequest> services = new LinkedHashMap<>();
    private final Map<LoadBalancerId, AllocationResult> results = new LinkedHashMap<>();
    private final PoolAllocator allocator = PoolAllocator.builder().build();
    private ApplianceConfig config;
    private AllocationPass pass;

    LbIpamSequence(CiliumSession session) {
        this.session = session;
        reconfigure();
    }

    LbIpamSequence() {
        this(Fixtures.session());
    }

    /** Adds or replaces a CiliumLoadBalancerIPPool (YAML of one object). */
    LbIpamSequence upsertPool(String yaml) {
        HasMetadata p = Fixtures.parse(yaml).get(0);
        pools.put(p.getMetadata().getName(), yaml);
        reconfigure();
        return this;
    }

    LbIpamSequence deletePool(String name) {
        pools.remove(name);
        reconfigure();
        return this;
    }

    /** Adds or replaces a Service. */
    LbIpamSequence upsertSvc(LbIpamConformanceTest.Svc svc) {
        Service s = Fixtures.SERIALIZATION.convertValue(Fixtures.parse(svc.yaml()).get(0), Service.class);
        LoadBalancerId id = new LoadBalancerId(s.getMetadata().getNamespace(), s.getMetadata().getName());
        if (!"LoadBalancer".equals(s.getSpec().getType())) {
            return deleteSvc(id.tenant() + "/" + id.name());
        }
        LoadBalancerRequest r = Requests.fromService(s, Map.of(), List.of());
        services.put(id, r);
        results.put(id, pass.allocate(r));
        return this;
    }

    LbIpamSequence deleteSvc(String nsName) {
        LoadBalancerId id = id(nsName);
        pass.release(id);
        services.remove(id);
        results.remove(id);
        return this;
    }

    private void reconfigure() {
        List<HasMetadata> objects = new ArrayList<>();
        pools.values().forEach(y -> objects.addAll(Fixtures.parse(y)));
        config = session.importConfig(objects);
        allocator.reconfigure(config.pools());
        pass = new AllocationPass(session, config, allocator);
        services.values().forEach(pass::known);
        for (LoadBalancerRequest r : List.copyOf(services.values())) {
            results.put(r.id(), pass.allocate(r));
        }
    }

    private static LoadBalancerId id(String nsName) {
        String[] p = nsName.split("/");
        return new LoadBalancerId(p[0], p[1]);
    }

    /** @return the addresses the Service holds now, empty when it holds none */
    List<String> addresses(String nsName) {
        return allocator.lookup(id(nsName)).map(a -> a.addresses().stream().map(IpAddress::toString).toList())
                .orElse(List.of());
    }

    /** @return the one address the Service holds (fails the test when it has not exactly one) */
    String address(String nsName) {
        List<String> a = addresses(nsName);
        if (a.size() != 1) {
            throw new AssertionError(nsName + " holds " + a + " (last result: " + results.get(id(nsName)) + ")");
        }
        return a.get(0);
    }

    /** @return why the Service's last allocation failed, if it did */
    Optional<AllocationFailure> failure(String nsName) {
        return Optional.ofNullable(results.get(id(nsName))).filter(r -> r instanceof AllocationResult.Failed)
                .map(r -> ((AllocationResult.Failed) r).value());
    }

    /** @return whether any Service holds the address */
    boolean allocated(String ip) {
        IpAddress a = IpAddress.parse(ip);
        return allocator.allocations().stream().anyMatch(x -> x.addresses().contains(a));
    }

    ApplianceConfig config() {
        return config;
    }
}
