package dev.kubelb.provider.ccm;

import dev.kubelb.api.Allocation;
import dev.kubelb.api.AllocationFailure;
import dev.kubelb.api.AllocationResult;
import dev.kubelb.api.FailureReason;
import dev.kubelb.api.IpAddress;
import dev.kubelb.api.IpFamily;
import dev.kubelb.api.LoadBalancerId;
import dev.kubelb.api.LoadBalancerRequest;
import dev.kubelb.api.Problem;
import dev.kubelb.api.UsageSnapshot;
import dev.kubelb.spi.AddressAllocator;
import dev.kubelb.spi.ApplianceStatus;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delegating allocator of a cloud: the address of a load balancer is whatever the cloud controller
 * writes to {@code status.loadBalancer.ingress}. Until then {@link #allocate} answers
 * {@link AllocationResult.Pending}.
 *
 * <p><b>How observations reach it.</b> The allocator does no I/O. The cloud's answer is fed in with
 * {@link #record(LoadBalancerId, ApplianceStatus)}; {@link CcmSession#observe} does so by itself for
 * every Service it rendered (it finds the request in the {@value CcmSession#REQUEST_ANNOTATION}
 * annotation), so an engine that observes the Services it applies needs no extra call. Hosts may also call
 * {@link #record} directly.
 *
 * <p><b>Addresses.</b> An allocation holds the first IP of each family the cloud reports, under the pool
 * name {@code ccm/<cloud>}. A cloud that answers with host names only (AWS) has no IP to hold:
 * {@link #allocate} stays pending and says so, and the host name is available from {@link #observed}
 * (and from {@link CcmSession#observe}). A requested static address the cloud cannot take is refused
 * ({@link FailureReason#ADDRESS_NOT_IN_POOL}); a family the cloud does not serve is
 * {@link FailureReason#FAMILY_UNAVAILABLE}.
 *
 * <p>Thread-safe: every method synchronizes on the allocator.
 */
public final class CcmAllocator implements AddressAllocator {
    private static final Logger LOG = LoggerFactory.getLogger(CcmAllocator.class);

    private final CloudProfile profile;
    private final Map<LoadBalancerId, ApplianceStatus> observed = new TreeMap<>();
    private final Map<LoadBalancerId, LoadBalancerRequest> requests = new TreeMap<>();

    /**
     * @param profile the cloud
     */
    public CcmAllocator(CloudProfile profile) {
        this.profile = Objects.requireNonNull(profile, "profile");
    }

    /** @return the pool name allocations carry: {@code ccm/<cloud>} */
    public String poolName() {
        return "ccm/" + profile.name();
    }

    /**
     * Records what the cloud answered for a request (from {@link CcmSession#observe}).
     *
     * @param id the request
     * @param status the cloud's answer
     * @return what {@link #allocate} now answers for the request, if the request is known; for a request
     *     not yet allocated, the result it will get
     */
    public synchronized AllocationResult record(LoadBalancerId id, ApplianceStatus status) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
        observed.put(id, status);
        return resultFor(id);
    }

    /**
     * @param id a request
     * @return the last answer recorded for it
     */
    public synchronized Optional<ApplianceStatus> observed(LoadBalancerId id) {
        return Optional.ofNullable(observed.get(id));
    }

    @Override
    public synchronized AllocationResult allocate(LoadBalancerRequest request) {
        Objects.requireNonNull(request, "request");
        Optional<AllocationFailure> refused = refusal(request);
        if (refused.isPresent()) {
            return new AllocationResult.Failed(refused.get());
        }
        requests.put(request.id(), request);
        return resultFor(request.id());
    }

    private AllocationResult resultFor(LoadBalancerId id) {
        ApplianceStatus s = observed.get(id);
        if (s == null) {
            return new AllocationResult.Pending(id, "waiting for the " + profile.name()
                    + " cloud controller to provision the load balancer");
        }
        Optional<Allocation> a = allocationOf(id, s);
        if (a.isPresent()) {
            LoadBalancerRequest r = requests.get(id);
            if (r != null) {
                for (IpAddress wanted : r.requestedAddresses()) {
                    if (!a.get().addresses().contains(wanted)) {
                        LOG.warn("{}: requested {} but the {} cloud controller reports {}", id, wanted, profile.name(),
                                a.get().addresses());
                    }
                }
            }
            return new AllocationResult.Allocated(a.get());
        }
        if (s.state() == ApplianceStatus.State.FAILED) {
            return new AllocationResult.Pending(id, "the " + profile.name() + " cloud controller reports a failure"
                    + " and retries: " + s.message());
        }
        List<String> hostnames = new ArrayList<>();
        s.ingress().forEach(i -> i.hostname().ifPresent(hostnames::add));
        if (!hostnames.isEmpty()) {
            return new AllocationResult.Pending(id, "the " + profile.name() + " cloud controller reports host name "
                    + String.join(", ", hostnames) + " and no IP address; the host name is the load balancer's"
                    + " address (see the observed status)");
        }
        return new AllocationResult.Pending(id, s.message().isEmpty() ? "waiting for the " + profile.name()
                + " cloud controller" : s.message());
    }

    private Optional<Allocation> allocationOf(LoadBalancerId id, ApplianceStatus s) {
        Map<IpFamily, IpAddress> byFamily = new EnumMap<>(IpFamily.class);
        for (ApplianceStatus.Ingress i : s.ingress()) {
            if (i.ip().isPresent() && IpAddress.isValid(i.ip().get())) {
                IpAddress a = IpAddress.parse(i.ip().get());
                byFamily.putIfAbsent(a.family(), a);
            }
        }
        if (byFamily.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Allocation(id, poolName(), List.copyOf(byFamily.values()), Optional.empty()));
    }

    private Optional<AllocationFailure> refusal(LoadBalancerRequest request) {
        List<Problem> problems = ExposureMapper.map(profile, request).problems();
        for (Problem p : problems) {
            if (p.field().startsWith("requestedAddresses")) {
                return Optional.of(new AllocationFailure(request.id(), FailureReason.ADDRESS_NOT_IN_POOL,
                        p.message()));
            }
        }
        for (Problem p : problems) {
            if (p.field().equals("ipFamilies") || p.field().equals("ipFamilyPolicy")) {
                return Optional.of(new AllocationFailure(request.id(), FailureReason.FAMILY_UNAVAILABLE,
                        p.message()));
            }
        }
        return Optional.empty();
    }

    /**
     * Re-registers an allocation read back from the cluster (addresses in the Service's status).
     *
     * @param request the request
     * @param existing the allocation found
     * @return the allocation, or {@link FailureReason#ADDRESS_IN_USE} when another request holds one of
     *     its addresses
     */
    @Override
    public synchronized AllocationResult reserve(LoadBalancerRequest request, Allocation existing) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(existing, "existing");
        for (Map.Entry<LoadBalancerId, ApplianceStatus> e : observed.entrySet()) {
            if (e.getKey().equals(request.id())) {
                continue;
            }
            Optional<Allocation> other = allocationOf(e.getKey(), e.getValue());
            for (IpAddress a : existing.addresses()) {
                if (other.isPresent() && other.get().addresses().contains(a)) {
                    return new AllocationResult.Failed(new AllocationFailure(request.id(), FailureReason.ADDRESS_IN_USE,
                            a + " is already reported for " + e.getKey()));
                }
            }
        }
        requests.put(request.id(), request);
        if (!observed.containsKey(request.id())) {
            List<ApplianceStatus.Ingress> ingress = new ArrayList<>();
            existing.addresses().forEach(a -> ingress.add(ApplianceStatus.Ingress.ofIp(a.toString())));
            observed.put(request.id(), ApplianceStatus.ready(ingress));
        }
        return resultFor(request.id());
    }

    @Override
    public synchronized boolean release(LoadBalancerId id) {
        boolean had = requests.remove(id) != null;
        return observed.remove(id) != null || had;
    }

    @Override
    public synchronized Optional<Allocation> lookup(LoadBalancerId id) {
        ApplianceStatus s = observed.get(id);
        return s == null ? Optional.empty() : allocationOf(id, s);
    }

    @Override
    public synchronized List<Allocation> allocations() {
        List<Allocation> out = new ArrayList<>();
        observed.forEach((id, s) -> allocationOf(id, s).ifPresent(out::add));
        return out;
    }

    /**
     * @return no pools (the cloud's address space is not known), and the addresses held per tenant
     */
    @Override
    public synchronized UsageSnapshot snapshot() {
        Map<String, Long> byTenant = new TreeMap<>();
        for (Allocation a : allocations()) {
            byTenant.merge(a.id().tenant(), (long) a.addresses().size(), Long::sum);
        }
        return new UsageSnapshot(List.of(), byTenant);
    }
}
