package dev.kubelb.provider.metallb;

import dev.kubelb.api.AddressPool;
import dev.kubelb.api.AllocationFailure;
import dev.kubelb.api.ApplianceConfig;
import dev.kubelb.api.FailureReason;
import dev.kubelb.api.IpAddress;
import dev.kubelb.api.IpFamily;
import dev.kubelb.api.LoadBalancerRequest;
import dev.kubelb.api.PoolScope;
import dev.kubelb.spi.Assignment;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * MetalLB's own checks on an allocation (what its controller would refuse, controller/service.go and
 * internal/allocator/allocator.go {@code Assign}): the addresses must be ones the pool hands out (inside
 * it, and not {@code .0}/{@code .255} with {@code avoidBuggyIPs}), a pool scoped to namespaces must admit
 * the tenant's namespace, and requested addresses must be of the Service's families.
 */
final class MetalLbVet {
    private MetalLbVet() {
    }

    static List<AllocationFailure> vet(ApplianceConfig config, List<Assignment> assignments) {
        List<AllocationFailure> out = new ArrayList<>();
        for (Assignment a : assignments) {
            LoadBalancerRequest r = a.request();
            Optional<AllocationFailure> family = pinFamilies(r);
            if (family.isPresent()) {
                out.add(family.get());
                continue;
            }
            Optional<AddressPool> pool = config.pool(a.allocation().pool());
            if (pool.isEmpty()) {
                out.add(new AllocationFailure(r.id(), FailureReason.NO_POOL, "MetalLB would refuse "
                        + a.allocation().addresses() + ": IPAddressPool/" + a.allocation().pool()
                        + " is not in its configuration"));
                continue;
            }
            Optional<IpAddress> outside = a.allocation().addresses().stream().filter(x -> !pool.get().offers(x))
                    .findFirst();
            if (outside.isPresent()) {
                out.add(new AllocationFailure(r.id(), FailureReason.ADDRESS_NOT_IN_POOL, "MetalLB would refuse "
                        + outside.get() + ": IPAddressPool/" + pool.get().name() + " does not hand it out"));
                continue;
            }
            Optional<PoolScope> scope = pool.get().scope();
            if (scope.isPresent() && !(scope.get().tenants().isEmpty() && scope.get().tenantSelectors().isEmpty())
                    && !scope.get().tenants().contains(r.id().tenant())
                    && scope.get().tenantSelectors().stream().noneMatch(sel -> sel.matches(r.tenantLabels()))) {
                out.add(new AllocationFailure(r.id(), FailureReason.POOL_NOT_ALLOWED, "MetalLB would refuse "
                        + a.allocation().addresses() + ": IPAddressPool/" + pool.get().name()
                        + " does not serve namespace " + r.id().tenant()));
            }
        }
        return out;
    }

    /**
     * controller/service.go allocateIPs: "requested loadBalancer IP(s) ... does not match the ipFamily of
     * the service" — a RequireDualStack Service must pin one address of each family, a single-stack one
     * an address of its family. A PreferDualStack Service whose families are not given is not judged (its
     * families depend on the cluster).
     */
    private static Optional<AllocationFailure> pinFamilies(LoadBalancerRequest r) {
        if (r.requestedAddresses().isEmpty()) {
            return Optional.empty();
        }
        Set<IpFamily> pinned = EnumSet.noneOf(IpFamily.class);
        r.requestedAddresses().forEach(x -> pinned.add(x.family()));
        Set<IpFamily> service = switch (r.ipFamilyPolicy()) {
            case REQUIRE_DUAL_STACK -> EnumSet.allOf(IpFamily.class);
            case SINGLE_STACK -> EnumSet.of(r.effectiveFamilies().get(0));
            default -> r.ipFamilies().isEmpty() ? pinned : EnumSet.copyOf(r.ipFamilies());
        };
        if (pinned.equals(service)) {
            return Optional.empty();
        }
        return Optional.of(new AllocationFailure(r.id(), FailureReason.FAMILY_UNAVAILABLE, "MetalLB would refuse "
                + r.requestedAddresses() + ": the requested loadBalancer IP(s) do not match the ipFamily of the "
                + "service (" + r.ipFamilyPolicy().kubernetesName() + " " + service + ")"));
    }
}
