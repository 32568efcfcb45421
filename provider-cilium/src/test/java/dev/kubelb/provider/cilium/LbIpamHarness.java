package dev.kubelb.provider.cilium;

import dev.kubelb.api.AddressPool;
import dev.kubelb.api.Allocation;
import dev.kubelb.api.AllocationFailure;
import dev.kubelb.api.ApplianceConfig;
import dev.kubelb.api.IpAddress;
import dev.kubelb.api.LoadBalancerId;
import dev.kubelb.api.LoadBalancerRequest;
import dev.kubelb.core.Plan;
import dev.kubelb.core.Planner;
import dev.kubelb.core.Requests;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a YAML scenario (Cilium objects and tenant Services, as a user hands them to {@code kubelb plan}) the
 * way the CLI and the engine do: the provider session imports the Cilium objects, {@link Requests#fromService}
 * reads each Service, the addresses a Service holds in {@code status.loadBalancer.ingress} (or pins) are
 * existing allocations, and the {@link Planner} allocates, vets with Cilium's rules and renders.
 */
final class LbIpamHarness {
    private final CiliumSession session;
    private ApplianceConfig config;
    private Plan plan;

    private LbIpamHarness(CiliumSession session) {
        this.session = session;
    }

    /**
     * @param yaml Cilium objects and Services, {@code ---} separated
     * @return the harness after planning
     */
    static LbIpamHarness plan(String yaml) {
        return plan(Fixtures.session(), yaml);
    }

    static LbIpamHarness plan(CiliumSession session, String yaml) {
        LbIpamHarness h = new LbIpamHarness(session);
        List<HasMetadata> appliance = new ArrayList<>();
        List<Service> services = new ArrayList<>();
        for (HasMetadata o : Fixtures.parse(yaml)) {
            if ("Service".equals(o.getKind())) {
                Service s = Fixtures.SERIALIZATION.convertValue(o, Service.class);
                if (s.getMetadata().getNamespace() == null) {
                    s.getMetadata().setNamespace("default");
                }
                services.add(s);
            } else {
                appliance.add(o);
            }
        }
        h.config = session.importConfig(appliance);
        List<LoadBalancerRequest> requests = new ArrayList<>();
        List<Allocation> existing = new ArrayList<>();
        for (Service s : services) {
            LoadBalancerRequest r = Requests.fromService(s, Map.of(), List.of());
            requests.add(r);
            List<IpAddress> held = Requests.ingressAddresses(s);
            List<IpAddress> pinned = held.isEmpty() ? r.requestedAddresses() : held;
            if (!pinned.isEmpty()) {
                h.config.pools().stream().filter(p -> pinned.stream().allMatch(p::offers)).map(AddressPool::name)
                        .findFirst().ifPresent(pool -> existing.add(new Allocation(r.id(), pool, pinned,
                                r.sharingKey())));
            }
        }
        h.plan = Planner.builder(session).build().plan(h.config, requests, existing);
        return h;
    }

    ApplianceConfig config() {
        return config;
    }

    Plan result() {
        return plan;
    }

    private static LoadBalancerId id(String nsName) {
        String[] p = nsName.split("/");
        return new LoadBalancerId(p[0], p[1]);
    }

    /**
     * @param nsName {@code namespace/name}
     * @return the addresses the Service gets, empty when it fails
     */
    List<String> addresses(String nsName) {
        return plan.allocations().stream().filter(a -> a.id().equals(id(nsName))).findFirst()
                .map(a -> a.addresses().stream().map(IpAddress::toString).toList()).orElse(List.of());
    }

    /** @return the one address of the Service (fails the test when it has not exactly one) */
    String address(String nsName) {
        List<String> a = addresses(nsName);
        if (a.size() != 1) {
            throw new AssertionError(nsName + " has " + a + " (failures: " + plan.failures() + ")");
        }
        return a.get(0);
    }

    Optional<AllocationFailure> failure(String nsName) {
        return plan.failures().stream().filter(f -> f.id().equals(id(nsName))).findFirst();
    }

    /** The rendered configuration objects, as YAML. */
    String configYaml() {
        return Fixtures.yaml(plan.objects().stream().filter(o -> !"Service".equals(o.getKind())
                && !"EndpointSlice".equals(o.getKind())).toList());
    }
}
