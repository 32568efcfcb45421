package dev.kubelb.core.alloc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelb.api.AddressPool;
import dev.kubelb.api.Allocation;
import dev.kubelb.api.AllocationResult;
import dev.kubelb.api.IpAddress;
import dev.kubelb.api.IpFamily;
import dev.kubelb.api.IpFamilyPolicy;
import dev.kubelb.api.LabelSelector;
import dev.kubelb.api.LoadBalancerId;
import dev.kubelb.api.LoadBalancerRequest;
import dev.kubelb.api.PoolScope;
import dev.kubelb.api.PortSpec;
import dev.kubelb.api.Protocol;
import dev.kubelb.api.TrafficPolicy;
import dev.kubelb.api.UsageSnapshot;
import dev.kubelb.core.PoolAllocator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * Random operations on a small pool set chosen to hit the corner cases (a range over a .255/.0 boundary
 * with avoidBuggyIPs, an IPv6 range over the 64-bit halves, scoped and manual pools, cross-tenant
 * sharing). Each operation is decoded from one seed so that jqwik can generate and shrink them.
 */
final class OpScript {
    static final List<AddressPool> POOLS = List.of(
            AddressPool.builder("a").addresses("10.0.0.250-10.0.1.3").avoidBuggyIps(true).build(),
            AddressPool.builder("b").addresses("10.0.2.0/30", "fd00::ffff:ffff:ffff:fffe-fd00:0:0:1::1")
                    .scope(new PoolScope(Optional.of(1), List.of("t1"), List.of(), List.of())).build(),
            AddressPool.builder("c").addresses("10.0.3.0/31", "fd01::/127").autoAssign(false)
                    .allowCrossTenantSharing(true).build(),
            AddressPool.builder("d").addresses("10.0.4.0/30")
                    .scope(new PoolScope(Optional.empty(), List.of(), List.of(),
                            List.of(LabelSelector.of(Map.of("tier", "web"))))).build());
    static final int QUOTA_T3 = 2;

    private static final String[] V4 = {"10.0.0.250", "10.0.0.255", "10.0.1.0", "10.0.1.1", "10.0.2.1", "10.0.3.0",
        "10.0.4.1", "192.0.2.1"};
    private static final String[] V6 = {"fd00::ffff:ffff:ffff:ffff", "fd00:0:0:1::", "fd01::1", "fd02::1"};
    private static final String[] POOL_NAMES = {"a", "b", "c", "d", "zz"};
    private static final PortSpec[] PORTS = {PortSpec.tcp(80), PortSpec.tcp(443), PortSpec.of("", Protocol.UDP, 80)};

    /** What the checker needs to know about the allocator's holders. */
    final Map<LoadBalancerId, LoadBalancerRequest> requests = new HashMap<>();
    final Set<LoadBalancerId> reserved = new HashSet<>();
    /** The expected lookup of every id touched, from this script's own results. */
    final Map<LoadBalancerId, Optional<Allocation>> expected = new HashMap<>();
    private final String prefix;

    OpScript(String prefix) {
        this.prefix = prefix;
    }

    static PoolAllocator newAllocator() {
        return PoolAllocator.builder().pools(POOLS).tenantQuota("t3", QUOTA_T3).build();
    }

    /** Applies the operation encoded by a seed; checks the call's own contract. */
    void apply(PoolAllocator a, long seed, boolean checkNoChangeOnFailure) {
        Random r = new Random(seed);
        String tenant = "t" + (1 + r.nextInt(3));
        LoadBalancerId id = LoadBalancerId.of(tenant, prefix + "s" + r.nextInt(6));
        int kind = r.nextInt(10);
        if (kind >= 6 && kind <= 8) {
            boolean held = a.release(id);
            assertThat(held).isEqualTo(expected.getOrDefault(id, Optional.empty()).isPresent());
            expected.put(id, Optional.empty());
            requests.remove(id);
            reserved.remove(id);
            return;
        }
        LoadBalancerRequest req = request(r, id);
        List<Allocation> before = checkNoChangeOnFailure ? a.allocations() : null;
        UsageSnapshot usageBefore = checkNoChangeOnFailure ? a.snapshot() : null;
        AllocationResult res;
        boolean isReserve = kind == 9 && !tenant.equals("t3");
        if (isReserve) {
            List<IpAddress> addrs = new ArrayList<>();
            addrs.add(IpAddress.parse(V4[r.nextInt(V4.length)]));
            if (r.nextBoolean()) {
                addrs.add(IpAddress.parse(V6[r.nextInt(V6.length)]));
            }
            Allocation existing = new Allocation(id, POOL_NAMES[r.nextInt(POOL_NAMES.length)], addrs,
                    req.sharingKey());
            res = a.reserve(req, existing);
            if (res instanceof AllocationResult.Allocated ok) {
                assertThat(ok.value()).isEqualTo(existing);
            }
        } else {
            res = a.allocate(req);
        }
        if (res instanceof AllocationResult.Allocated ok) {
            boolean same = expected.getOrDefault(id, Optional.empty()).map(ok.value()::equals).orElse(false);
            // reserve of an id already holding the same allocation keeps the original request
            if (!(isReserve && same)) {
                requests.put(id, req);
                if (isReserve) {
                    reserved.add(id);
                } else {
                    reserved.remove(id);
                }
            }
            expected.put(id, Optional.of(ok.value()));
            assertThat(a.lookup(id)).contains(ok.value());
        } else {
            assertThat(a.lookup(id)).isEqualTo(expected.getOrDefault(id, Optional.empty()));
            if (checkNoChangeOnFailure) {
                assertThat(a.allocations()).isEqualTo(before);
                assertThat(a.snapshot()).isEqualTo(usageBefore);
            }
        }
    }

    private static LoadBalancerRequest request(Random r, LoadBalancerId id) {
        LoadBalancerRequest.Builder b = LoadBalancerRequest.builder(id);
        int mask = 1 + r.nextInt(7);
        for (int i = 0; i < PORTS.length; i++) {
            if ((mask & (1 << i)) != 0) {
                b.port(PORTS[i]);
            }
        }
        int policy = r.nextInt(10);
        boolean v6 = r.nextInt(10) < 3;
        if (policy < 6) {
            b.ipFamilyPolicy(IpFamilyPolicy.SINGLE_STACK).ipFamilies(v6 ? IpFamily.IPV6 : IpFamily.IPV4);
        } else {
            b.ipFamilyPolicy(policy < 8 ? IpFamilyPolicy.PREFER_DUAL_STACK : IpFamilyPolicy.REQUIRE_DUAL_STACK);
        }
        if (r.nextInt(5) == 0) {
            boolean wantV6 = policy < 6 ? v6 : r.nextBoolean();
            b.requestedAddresses(wantV6 ? V6[r.nextInt(V6.length)] : V4[r.nextInt(V4.length)]);
        }
        if (r.nextInt(5) == 0) {
            b.pool(POOL_NAMES[r.nextInt(POOL_NAMES.length)]);
        }
        int key = r.nextInt(4);
        if (key > 0) {
            b.sharingKey(key == 1 ? "k1" : "k2");
        }
        if (r.nextInt(10) < 3) {
            b.trafficPolicy(TrafficPolicy.LOCAL).podSelector(Map.of("app", r.nextBoolean() ? "x" : "y"));
        }
        int share = r.nextInt(10);
        if (share < 2) {
            b.sharingTenants("*");
        } else if (share < 3) {
            b.sharingTenants("t" + (1 + r.nextInt(3)));
        }
        if (r.nextInt(10) < 3) {
            b.label("tier", "web");
        }
        return b.build();
    }

    void checkState(PoolAllocator a) {
        Invariants.check(a, POOLS, requests, reserved);
        for (Map.Entry<LoadBalancerId, Optional<Allocation>> e : expected.entrySet()) {
            assertThat(a.lookup(e.getKey())).as("lookup %s", e.getKey()).isEqualTo(e.getValue());
        }
        if (!reservedTenant("t3")) {
            assertThat(a.snapshot().addressesByTenant().getOrDefault("t3", 0L)).isLessThanOrEqualTo(QUOTA_T3);
        }
    }

    private boolean reservedTenant(String tenant) {
        return reserved.stream().anyMatch(id -> id.tenant().equals(tenant));
    }
}
