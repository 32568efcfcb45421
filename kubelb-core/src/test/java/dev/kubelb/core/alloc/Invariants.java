package dev.kubelb.core.alloc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelb.api.AddressPool;
import dev.kubelb.api.Allocation;
import dev.kubelb.api.IpAddress;
import dev.kubelb.api.LoadBalancerId;
import dev.kubelb.api.LoadBalancerRequest;
import dev.kubelb.api.PoolUsage;
import dev.kubelb.api.PortSpec;
import dev.kubelb.api.TrafficPolicy;
import dev.kubelb.api.UsageSnapshot;
import dev.kubelb.core.PoolAllocator;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Checks an allocator's whole state against the rules, independently of its implementation: the
 * sharing rule is re-implemented here from DESIGN.md §4.
 */
final class Invariants {
    private Invariants() {
    }

    /**
     * @param a the allocator
     * @param pools the pool set it has
     * @param requests for each id held, the request its allocation was made or reserved for
     * @param reserved ids whose allocation came from reserve (exempt from the admission check)
     */
    static void check(PoolAllocator a, List<AddressPool> pools, Map<LoadBalancerId, LoadBalancerRequest> requests,
            Set<LoadBalancerId> reserved) {
        List<Allocation> all = a.allocations();
        Map<String, AddressPool> byName = new TreeMap<>();
        pools.forEach(p -> byName.put(p.name(), p));

        // sorted, one per id
        List<LoadBalancerId> ids = all.stream().map(Allocation::id).toList();
        assertThat(ids).isSorted().doesNotHaveDuplicates();

        // every allocated address lies in a pool that admits the request (unless reserved as it was found)
        Set<LoadBalancerId> orphanIds = new HashSet<>();
        for (Allocation x : all) {
            AddressPool p = byName.get(x.pool());
            boolean offered = p != null && x.addresses().stream().allMatch(p::offers);
            if (!offered) {
                orphanIds.add(x.id());
            }
            if (reserved.contains(x.id())) {
                continue;
            }
            LoadBalancerRequest r = requests.get(x.id());
            assertThat(r).as("request of %s", x.id()).isNotNull();
            assertThat(offered).as("%s is offered by its pool", x).isTrue();
            assertThat(p.scope().map(s -> s.admits(r.id().tenant(), r.tenantLabels(), r.labels())).orElse(true))
                    .as("pool %s admits %s", p.name(), r.id()).isTrue();
            r.pool().ifPresent(name -> assertThat(x.pool()).isEqualTo(name));
            assertThat(x.addresses()).containsAll(r.requestedAddresses());
            assertThat(x.sharingKey()).isEqualTo(r.sharingKey());
        }
        assertThat(a.orphans()).extracting(Allocation::id).containsExactlyInAnyOrderElementsOf(orphanIds);

        // no address has two owners that may not share it
        Map<IpAddress, List<Allocation>> byAddress = new TreeMap<>();
        for (Allocation x : all) {
            for (IpAddress ip : x.addresses()) {
                byAddress.computeIfAbsent(ip, k -> new ArrayList<>()).add(x);
            }
        }
        for (Map.Entry<IpAddress, List<Allocation>> e : byAddress.entrySet()) {
            List<Allocation> owners = e.getValue();
            AddressPool where = byName.values().stream().filter(p -> p.offers(e.getKey())).findFirst().orElse(null);
            for (int i = 0; i < owners.size(); i++) {
                for (int j = i + 1; j < owners.size(); j++) {
                    String why = whyNotShare(owners.get(i), requests.get(owners.get(i).id()), owners.get(j),
                            requests.get(owners.get(j).id()), where);
                    assertThat(why).as("%s held by %s and %s", e.getKey(), owners.get(i).id(), owners.get(j).id())
                            .isNull();
                }
            }
        }

        // snapshot counts equal the allocations held
        UsageSnapshot s = a.snapshot();
        assertThat(s.pools()).extracting(PoolUsage::pool).containsExactlyElementsOf(byName.keySet());
        for (PoolUsage u : s.pools()) {
            AddressPool p = byName.get(u.pool());
            Set<IpAddress> used = new TreeSet<>();
            Map<String, Set<IpAddress>> perTenant = new TreeMap<>();
            for (Map.Entry<IpAddress, List<Allocation>> e : byAddress.entrySet()) {
                if (p.offers(e.getKey())) {
                    used.add(e.getKey());
                    for (Allocation x : e.getValue()) {
                        perTenant.computeIfAbsent(x.id().tenant(), k -> new TreeSet<>()).add(e.getKey());
                    }
                }
            }
            assertThat(u.total()).isEqualTo(p.capacity());
            assertThat(u.used()).as("used in %s", p.name()).isEqualTo(BigInteger.valueOf(used.size()));
            assertThat(u.free()).isEqualTo(u.total().subtract(u.used()));
            Map<String, BigInteger> expected = new TreeMap<>();
            perTenant.forEach((t, set) -> expected.put(t, BigInteger.valueOf(set.size())));
            assertThat(u.usedByTenant()).as("used by tenant in %s", p.name()).isEqualTo(expected);
        }
        Map<String, Set<IpAddress>> perTenant = new TreeMap<>();
        for (Allocation x : all) {
            perTenant.computeIfAbsent(x.id().tenant(), k -> new TreeSet<>()).addAll(x.addresses());
        }
        Map<String, Long> expected = new TreeMap<>();
        perTenant.forEach((t, set) -> expected.put(t, (long) set.size()));
        assertThat(s.addressesByTenant()).isEqualTo(expected);
    }

    /** @return null when two holders of one address may share it, else why not */
    static String whyNotShare(Allocation ax, LoadBalancerRequest x, Allocation ay, LoadBalancerRequest y,
            AddressPool where) {
        Optional<String> kx = ax.sharingKey();
        if (kx.isEmpty() || !kx.equals(ay.sharingKey())) {
            return "keys " + kx + " and " + ay.sharingKey();
        }
        for (PortSpec p : x.ports()) {
            for (PortSpec q : y.ports()) {
                if (p.collidesWith(q)) {
                    return "port collision " + p;
                }
            }
        }
        boolean bothCluster = x.trafficPolicy() == TrafficPolicy.CLUSTER && y.trafficPolicy() == TrafficPolicy.CLUSTER;
        if (!bothCluster && !x.podSelector().equals(y.podSelector())) {
            return "traffic policy / pod selector";
        }
        String tx = x.id().tenant();
        String ty = y.id().tenant();
        if (!tx.equals(ty)) {
            boolean pool = where != null && where.allowCrossTenantSharing();
            boolean mutual = (x.sharingTenants().contains("*") || x.sharingTenants().contains(ty))
                    && (y.sharingTenants().contains("*") || y.sharingTenants().contains(tx));
            if (!pool && !mutual) {
                return "cross-tenant " + tx + "/" + ty;
            }
        }
        return null;
    }
}
