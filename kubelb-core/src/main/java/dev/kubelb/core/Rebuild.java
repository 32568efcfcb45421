package dev.kubelb.core;

import dev.kubelb.api.Allocation;
import dev.kubelb.api.ConfigurationException;
import dev.kubelb.api.IpAddress;
import dev.kubelb.api.LoadBalancerId;
import dev.kubelb.api.LoadBalancerRequest;
import dev.kubelb.core.crd.KubeLbLoadBalancer;
import dev.kubelb.spi.AddressAllocator;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-registers every allocation the cluster records — on managed Services, and addresses already in a
 * request's {@code status.loadBalancer.ingress} — before anything new is allocated.
 *
 * <p>Labels and annotations are written by whoever may write the object, tenants included; a request's
 * status is not (tenants are not granted the status subresource). So a record counts only where the
 * engine itself keeps it (in the request's namespace, under the name it derives), and when two claims
 * collide the better-founded wins: first records the request's status confirms, then addresses in a
 * status without a record, last records alone (the engine stopped before it wrote the status).
 */
final class Rebuild {
    private static final Logger LOG = LoggerFactory.getLogger(Rebuild.class);

    private final EngineState state;
    private final RequestSources sources;
    private final boolean loadBalancers;
    private final dev.kubelb.core.internal.AllocationPass pass;
    private final Map<LoadBalancerId, Allocation> recorded = new TreeMap<>();
    private final Map<LoadBalancerId, SourceKind> recordedSource = new TreeMap<>();

    private Rebuild(EngineState state, RequestSources sources, boolean loadBalancers,
            dev.kubelb.core.internal.AllocationPass pass) {
        this.pass = pass;
        this.state = state;
        this.sources = sources;
        this.loadBalancers = loadBalancers;
    }

    /**
     * Reads the cluster (lists, not caches: the rebuild runs before the term's first write) and registers
     * what it records into {@code target}, and the requests and holders into the engine's state.
     *
     * @return how many allocations were restored
     */
    static int into(AddressAllocator target, dev.kubelb.core.internal.AllocationPass pass, EngineState state,
            RequestSources sources, boolean loadBalancers) {
        return new Rebuild(state, sources, loadBalancers, pass).run(target);
    }

    private int run(AddressAllocator target) {
        long t0 = System.nanoTime();
        for (Service s : state.client.services().inAnyNamespace()
                .withLabel(KubeLbLabels.MANAGED_BY, KubeLbLabels.MANAGER).list().getItems()) {
            readRecord(s);
        }
        Map<RequestKey, HasMetadata> all = new TreeMap<>(Comparator.comparing(RequestKey::toString));
        for (Service s : loadBalancerServices()) {
            if (sources.isCandidate(s)) {
                all.put(new RequestKey(SourceKind.SERVICE, s.getMetadata().getNamespace(), s.getMetadata().getName()), s);
            }
        }
        if (loadBalancers) {
            for (KubeLbLoadBalancer lb : loadBalancers()) {
                all.put(new RequestKey(SourceKind.LOAD_BALANCER, lb.getMetadata().getNamespace(),
                        lb.getMetadata().getName()), lb);
            }
        }
        int restored = 0;
        // 1. records the request's status confirms
        for (Map.Entry<RequestKey, HasMetadata> e : all.entrySet()) {
            Allocation a = recordFor(e.getKey());
            if (a != null && StatusReader.addresses(e.getValue()).containsAll(a.addresses())
                    && restore(target, e.getKey(), e.getValue(), a, "Existing allocation")) {
                restored++;
            }
        }
        // 2. addresses already handed out and visible in a request's status, without a record of ours
        for (Map.Entry<RequestKey, HasMetadata> e : all.entrySet()) {
            RequestKey key = e.getKey();
            List<IpAddress> ingress = StatusReader.addresses(e.getValue());
            if (ingress.isEmpty() || target.lookup(key.id()).isPresent() || recordFor(key) != null) {
                continue;
            }
            String pool = state.engine.configuration().pools().stream().filter(p -> p.offers(ingress.get(0)))
                    .map(p -> p.name()).findFirst().orElse("");
            Optional<LoadBalancerRequest> r = sources.translateQuietly(key, e.getValue());
            if (r.isPresent() && !pool.isEmpty() && restore(target, key, e.getValue(),
                    new Allocation(key.id(), pool, ingress, r.get().sharingKey()), "Address in status")) {
                restored++;
            }
        }
        // 3. records alone: the engine stopped after allocating, before the status was written
        for (Map.Entry<RequestKey, HasMetadata> e : all.entrySet()) {
            Allocation a = recordFor(e.getKey());
            if (a != null && target.lookup(e.getKey().id()).isEmpty()
                    && restore(target, e.getKey(), e.getValue(), a, "Existing allocation")) {
                restored++;
            }
        }
        LOG.info("Restored {} allocation(s) from the cluster in {} ms", restored, (System.nanoTime() - t0) / 1_000_000);
        return restored;
    }

    /**
     * @return the cluster's Services of type LoadBalancer, the only ones that can be requests: listed by field
     *     selector ({@code spec.type}, selectable since Kubernetes 1.2x: {@code pkg/registry/core/service
     *     SelectableFields}), so that a cluster's many other Services are not read; every Service when that
     *     answer is empty (a server without the selector, such as fabric8's mock, answers nothing to it)
     */
    private List<Service> loadBalancerServices() {
        List<Service> lbs = state.client.services().inAnyNamespace().withField("spec.type", "LoadBalancer").list()
                .getItems();
        return !lbs.isEmpty() ? lbs : state.client.services().inAnyNamespace().list().getItems();
    }

    /** @return the KubeLB LoadBalancers; none while their CRD is not installed */
    private List<KubeLbLoadBalancer> loadBalancers() {
        try {
            return state.client.resources(KubeLbLoadBalancer.class).inAnyNamespace().list().getItems();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                LOG.info("KubeLB's LoadBalancer CRD is not installed (yet): no LoadBalancer to restore");
                return List.of();
            }
            throw e;
        }
    }

    private void readRecord(Service s) {
        try {
            Requests.recordedAllocation(s).ifPresent(a -> {
                if (!a.id().tenant().equals(s.getMetadata().getNamespace())
                        || !ObjectNames.serviceName(a.id()).equals(s.getMetadata().getName())) {
                    LOG.warn("Ignoring the allocation record on {}: kubelb keeps the record of {} on {}/{}",
                            Applier.key(s), a.id(), a.id().tenant(), ObjectNames.serviceName(a.id()));
                    return;
                }
                recorded.put(a.id(), a);
                recordedSource.put(a.id(), SourceKind.of(EngineState.labels(s)));
            });
        } catch (ConfigurationException e) {
            LOG.warn("Ignoring unreadable allocation record on {}: {}", Applier.key(s), e.getMessage());
        }
    }

    private Allocation recordFor(RequestKey key) {
        Allocation a = recorded.get(key.id());
        return a != null && key.source() == recordedSource.get(key.id()) ? a : null;
    }

    /** @return whether the allocation was re-registered */
    private boolean restore(AddressAllocator target, RequestKey key, HasMetadata source, Allocation a, String what) {
        Optional<LoadBalancerRequest> r = sources.translateQuietly(key, source);
        if (r.isEmpty()) {
            return false;
        }
        try {
            // registered through the allocation path: checked again on the request's first reconcile
            Optional<dev.kubelb.api.AllocationFailure> f = pass.hold(r.get(), a);
            if (f.isPresent()) {
                LOG.warn("{} of {} conflicts and is not restored: {}", what, key, f.get().message());
                return false;
            }
        } catch (ConfigurationException ex) {
            LOG.warn("{} of {} not restored: {}", what, key, ex.getMessage());
            return false;
        }
        state.requests.put(key.id(), r.get());
        state.holders.put(key.id(), key.source());
        return true;
    }
}
