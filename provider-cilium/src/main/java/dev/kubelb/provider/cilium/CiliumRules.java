package dev.kubelb.provider.cilium;

import dev.kubelb.api.AddressPool;
import dev.kubelb.api.AddressRange;
import dev.kubelb.api.AllocationFailure;
import dev.kubelb.api.ApplianceConfig;
import dev.kubelb.api.FailureReason;
import dev.kubelb.api.IpAddress;
import dev.kubelb.api.LabelSelector;
import dev.kubelb.api.LoadBalancerId;
import dev.kubelb.api.LoadBalancerRequest;
import dev.kubelb.api.PortSpec;
import dev.kubelb.api.TrafficPolicy;
import dev.kubelb.provider.cilium.model.IpPoolSpec;
import dev.kubelb.spi.Assignment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Cilium LB-IPAM's own allocation rules, applied to kubelb's allocations (read from Cilium's LB-IPAM code). */
final class CiliumRules {
    private CiliumRules() {
    }

    /**
     * @param block a pool block
     * @param address an address
     * @return whether {@code allowFirstLastIPs: No} makes Cilium refuse the address: it is the first or
     *     last of a CIDR block wider than /31 (/127); start-stop blocks keep every address
     */
    static boolean droppedByNoFirstLast(AddressRange block, IpAddress address) {
        if (!block.isCidr() || !block.contains(address)) {
            return false;
        }
        int bits = block.family().bits();
        if (block.prefixLength() >= bits - 1) {
            return false;
        }
        return address.equals(block.first()) || address.equals(block.last());
    }

    /**
     * @param config the neutral configuration
     * @param assignments kubelb's allocations
     * @param pools the CiliumLoadBalancerIPPools Cilium will see, by name (the user's own, or rendered)
     * @param version the Cilium release whose rules apply
     * @param serviceNames the name of the Service Cilium sees for each request
     * @return the failures Cilium would report
     */
    static List<AllocationFailure> vet(ApplianceConfig config, List<Assignment> assignments,
            Map<String, IpPoolSpec> pools, CiliumVersion version, Function<LoadBalancerId, String> serviceNames) {
        List<Assignment> sorted = assignments.stream().sorted(Comparator.comparing(a -> a.request().id())).toList();
        Map<String, AllocationFailure> failures = new TreeMap<>();
        for (Assignment a : sorted) {
            checkPool(pools, a, serviceNames).ifPresent(f -> failures.putIfAbsent(a.request().id().toString(), f));
        }
        // sharing: Cilium lets the first holder keep the address; each later holder must be compatible with all
        Map<IpAddress, List<Assignment>> holders = new TreeMap<>();
        for (Assignment a : sorted) {
            if (failures.containsKey(a.request().id().toString())) {
                continue;
            }
            for (IpAddress ip : a.allocation().addresses()) {
                List<Assignment> accepted = holders.computeIfAbsent(ip, k -> new ArrayList<>());
                Optional<AllocationFailure> f = Optional.empty();
                for (Assignment h : accepted) {
                    f = sharingConflict(config, ip, h, a, version);
                    if (f.isPresent()) {
                        break;
                    }
                }
                if (f.isPresent()) {
                    failures.putIfAbsent(a.request().id().toString(), f.get());
                    break;
                }
                accepted.add(a);
            }
        }
        return sorted.stream().map(a -> failures.get(a.request().id().toString())).filter(f -> f != null).toList();
    }

    private static Optional<AllocationFailure> checkPool(Map<String, IpPoolSpec> pools, Assignment a,
            Function<LoadBalancerId, String> serviceNames) {
        LoadBalancerRequest r = a.request();
        String poolName = a.allocation().pool();
        IpPoolSpec p = pools.get(poolName);
        if (p == null) {
            return Optional.of(new AllocationFailure(r.id(), FailureReason.NO_POOL, "Cilium has no CiliumLoadBalancerIPPool '"
                    + poolName + "' for " + addresses(a) + " (Cilium would answer no_pool)"));
        }
        for (IpAddress ip : a.allocation().addresses()) {
            Optional<AddressRange> block = CiliumPools.blocks(p).stream().filter(b -> b.contains(ip)).findFirst();
            if (block.isEmpty()) {
                return Optional.of(new AllocationFailure(r.id(), FailureReason.ADDRESS_NOT_IN_POOL, ip
                        + " is in no block of CiliumLoadBalancerIPPool/" + poolName + " (Cilium would answer no_pool)"));
            }
            if ("No".equals(p.getAllowFirstLastIPs()) && droppedByNoFirstLast(block.get(), ip)) {
                return Optional.of(new AllocationFailure(r.id(), FailureReason.ADDRESS_NOT_IN_POOL, ip
                        + " is the first or last address of block " + block.get() + " and CiliumLoadBalancerIPPool/"
                        + poolName + " has allowFirstLastIPs: No; Cilium would not hand it out"));
            }
        }
        if (p.getServiceSelector() != null) {
            LabelSelector s = Selectors.fromFabric8(p.getServiceSelector());
            Map<String, String> labels = ciliumLabels(r, poolName, serviceNames.apply(r.id()));
            if (!s.matches(labels)) {
                return Optional.of(new AllocationFailure(r.id(), FailureReason.POOL_NOT_ALLOWED,
                        "the serviceSelector of CiliumLoadBalancerIPPool/" + poolName + " does not match the Service's labels "
                                + labels + " (Cilium would answer pool_selector_mismatch)"));
            }
        }
        return Optional.empty();
    }

    /**
     * The labels Cilium's LB-IPAM matches pool selectors against: the rendered Service's labels, with
     * {@code io.kubernetes.service.namespace} and {@code io.kubernetes.service.name} set to the Service's real
     * namespace and name whatever its labels say (Cilium overwrites them, {@code operator/pkg/lbipam/service_store.go}
     * {@code svcLabels}), so a tenant cannot forge them to take another tenant's pool.
     *
     * @param r the request
     * @param pool the pool the Service is rendered for
     * @param serviceName the name of the Service Cilium sees (the engine's managed Service)
     * @return the labels
     */
    static Map<String, String> ciliumLabels(LoadBalancerRequest r, String pool, String serviceName) {
        Map<String, String> labels = new TreeMap<>(CiliumRender.serviceLabels(r, Optional.of(pool)));
        labels.put(CiliumNames.LABEL_SERVICE_NAMESPACE, r.id().tenant());
        labels.put(CiliumNames.LABEL_SERVICE_NAME, serviceName);
        return labels;
    }

    private static String addresses(Assignment a) {
        return a.allocation().addresses().stream().map(IpAddress::toString).collect(Collectors.joining(", "));
    }

    /** Why Cilium would refuse {@code later} on {@code ip} already held by {@code holder}. */
    static Optional<AllocationFailure> sharingConflict(ApplianceConfig config, IpAddress ip, Assignment holder,
            Assignment later, CiliumVersion version) {
        LoadBalancerRequest h = holder.request();
        LoadBalancerRequest l = later.request();
        String prefix = "Cilium refuses to share " + ip + " with " + h.id() + ": ";
        Optional<String> hk = holder.allocation().sharingKey().or(h::sharingKey);
        Optional<String> lk = later.allocation().sharingKey().or(l::sharingKey);
        if (hk.isEmpty() || lk.isEmpty()) {
            return Optional.of(new AllocationFailure(l.id(), FailureReason.ADDRESS_IN_USE, prefix
                    + "both need lbipam.cilium.io/sharing-key (Cilium would answer already_allocated)"));
        }
        if (!hk.get().equals(lk.get())) {
            return Optional.of(new AllocationFailure(l.id(), FailureReason.ADDRESS_IN_USE, prefix + "sharing keys differ ('"
                    + hk.get() + "' and '" + lk.get() + "') (Cilium would answer already_allocated)"));
        }
        String fail = " (Cilium would answer already_allocated_incompatible_service)";
        if (!h.id().tenant().equals(l.id().tenant())) {
            Optional<AddressPool> pool = config.pool(later.allocation().pool());
            Optional<String> hx = CiliumRender.crossNamespace(h, config.pool(holder.allocation().pool()));
            Optional<String> lx = CiliumRender.crossNamespace(l, pool);
            if (!allows(hx, l.id().tenant()) || !allows(lx, h.id().tenant())) {
                return Optional.of(new AllocationFailure(l.id(), FailureReason.INCOMPATIBLE_SHARING, prefix
                        + "they are in different namespaces and lbipam.cilium.io/sharing-cross-namespace does not name "
                        + "each other's namespace on both Services" + fail));
            }
        }
        if (h.trafficPolicy() != l.trafficPolicy()) {
            return Optional.of(new AllocationFailure(l.id(), FailureReason.INCOMPATIBLE_SHARING, prefix
                    + "externalTrafficPolicy differs (" + h.trafficPolicy().kubernetesName() + " and "
                    + l.trafficPolicy().kubernetesName() + ")" + fail));
        }
        if (h.trafficPolicy() == TrafficPolicy.LOCAL
                && (h.podSelector().isEmpty() || !h.podSelector().equals(l.podSelector()))) {
            return Optional.of(new AllocationFailure(l.id(), FailureReason.INCOMPATIBLE_SHARING, prefix
                    + "externalTrafficPolicy Local needs identical non-empty pod selectors, got " + h.podSelector()
                    + " and " + l.podSelector() + fail));
        }
        boolean diff = version.protocolDifferentiation();
        for (PortSpec hp : h.ports()) {
            for (PortSpec lp : l.ports()) {
                if (hp.port() == lp.port() && (!diff || hp.protocol() == lp.protocol())) {
                    return Optional.of(new AllocationFailure(l.id(), FailureReason.INCOMPATIBLE_SHARING, prefix
                            + "both use " + (diff ? lp.protocol() + "/" + lp.port() : "port " + lp.port() + " ("
                            + hp.protocol() + "/" + hp.port() + " and " + lp.protocol() + "/" + lp.port()
                            + "); Cilium " + version + " compares port numbers whatever the protocol") + fail));
                }
            }
        }
        return Optional.empty();
    }

    /** Cilium splits the annotation on commas without trimming; {@code *} allows any namespace. */
    static boolean allows(Optional<String> annotation, String namespace) {
        return annotation.map(v -> Arrays.asList(v.split(",", -1)).stream()
                .anyMatch(n -> n.equals("*") || n.equals(namespace))).orElse(false);
    }
}
