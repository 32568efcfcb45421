package dev.kubelb.core.internal.alloc;

import dev.kubelb.api.AddressPool;
import dev.kubelb.api.AddressRange;
import dev.kubelb.api.Allocation;
import dev.kubelb.api.AllocationFailure;
import dev.kubelb.api.AllocationResult;
import dev.kubelb.api.ConfigurationException;
import dev.kubelb.api.FailureReason;
import dev.kubelb.api.IpAddress;
import dev.kubelb.api.IpFamily;
import dev.kubelb.api.IpFamilyPolicy;
import dev.kubelb.api.LabelSelector;
import dev.kubelb.api.LoadBalancerId;
import dev.kubelb.api.LoadBalancerRequest;
import dev.kubelb.api.PoolScope;
import dev.kubelb.api.PoolUsage;
import dev.kubelb.api.PortSpec;
import dev.kubelb.api.Problem;
import dev.kubelb.api.TrafficPolicy;
import dev.kubelb.api.UsageSnapshot;
import dev.kubelb.core.PoolChange;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pool allocator's engine (see {@link dev.kubelb.core.PoolAllocator} for the rules). Every public
 * method is synchronized: one allocator serialises its callers, so no interleaving can hand one address
 * to two holders that may not share it, and a failing call is rolled back before the lock is released.
 */
public final class AllocatorCore {
    private static final Logger LOG = LoggerFactory.getLogger(AllocatorCore.class);
    private static final Comparator<PoolState> PRIORITY_ORDER = Comparator
            .comparingInt((PoolState p) -> p.def.scope().flatMap(PoolScope::priority).orElse(Integer.MAX_VALUE))
            .thenComparing((PoolState p) -> p.def.scope().flatMap(PoolScope::priority).isEmpty())
            .thenComparing(p -> p.name);

    private final Map<String, Integer> quotas;
    private final int defaultQuota;

    private Map<String, PoolState> pools = new TreeMap<>();
    private List<PoolState> scopedOrder = List.of();
    private List<PoolState> unscopedOrder = List.of();
    private RangeState[] v4Ranges = new RangeState[0];
    private RangeState[] v6Ranges = new RangeState[0];
    private final Map<String, PoolState> detachedPools = new HashMap<>();

    private final IdIndex holders = new IdIndex();
    private final AddressIndex v4Cells = new AddressIndex();
    private final AddressIndex v6Cells = new AddressIndex();
    private final Map<String, long[]> tenantCounts = new HashMap<>();
    /** Shared addresses the current {@link #allocate(LoadBalancerRequest, Set)} call may not join. */
    private Set<IpAddress> avoid = Set.of();

    /**
     * @param pools the pool set, validated as a whole
     * @param quotas maximum addresses per tenant
     * @param defaultQuota maximum addresses for tenants not in {@code quotas}; negative = unlimited
     * @throws ConfigurationException when pools overlap or repeat a name
     */
    public AllocatorCore(List<AddressPool> pools, Map<String, Integer> quotas, int defaultQuota) {
        validate(pools);
        this.quotas = Map.copyOf(quotas);
        this.defaultQuota = defaultQuota;
        install(pools);
    }

    // ------------------------------------------------------------------ configuration

    /**
     * Validates a pool set as a whole: names are unique and no two pools share an address.
     *
     * @param pools the pools
     * @throws ConfigurationException listing every problem, each naming both pools involved
     */
    public static void validate(List<AddressPool> pools) {
        Objects.requireNonNull(pools, "pools");
        List<Problem> problems = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < pools.size(); i++) {
            AddressPool p = Objects.requireNonNull(pools.get(i), "pools[" + i + "]");
            if (seen.putIfAbsent(p.name(), i) != null) {
                problems.add(Problem.of("IPAddressPool/" + p.name(), "metadata.name",
                        "pool name '" + p.name() + "' is used by more than one pool"));
            }
        }
        List<AddressPool> sorted = new ArrayList<>(pools);
        sorted.sort(Comparator.comparing(AddressPool::name));
        for (int j = 0; j < sorted.size(); j++) {
            AddressPool b = sorted.get(j);
            for (int rj = 0; rj < b.ranges().size(); rj++) {
                AddressRange br = b.ranges().get(rj);
                for (int i = 0; i < j; i++) {
                    AddressPool a = sorted.get(i);
                    if (a.name().equals(b.name())) {
                        continue;
                    }
                    for (AddressRange ar : a.ranges()) {
                        if (ar.overlaps(br)) {
                            problems.add(Problem.of("IPAddressPool/" + b.name(), "spec.addresses[" + rj + "]",
                                    "'" + br + "' overlaps pool " + a.name() + "'s '" + ar + "'"));
                        }
                    }
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
    }

    private void install(List<AddressPool> defs) {
        Map<String, PoolState> map = new TreeMap<>();
        List<RangeState> r4 = new ArrayList<>();
        List<RangeState> r6 = new ArrayList<>();
        for (AddressPool def : defs) {
            PoolState ps = new PoolState(def.name(), def);
            map.put(def.name(), ps);
            for (RangeState r : ps.ranges) {
                (r.v6 ? r6 : r4).add(r);
            }
        }
        Comparator<RangeState> byFirst = (x, y) -> RangeState.cmp(x.fHi, x.fLo, y.fHi, y.fLo);
        r4.sort(byFirst);
        r6.sort(byFirst);
        pools = map;
        v4Ranges = r4.toArray(new RangeState[0]);
        v6Ranges = r6.toArray(new RangeState[0]);
        scopedOrder = map.values().stream().filter(p -> p.def.scope().isPresent()).sorted(PRIORITY_ORDER).toList();
        unscopedOrder = map.values().stream().filter(p -> p.def.scope().isEmpty()).sorted(PRIORITY_ORDER).toList();
        detachedPools.keySet().removeAll(map.keySet());
    }

    /**
     * Replaces the pool set. Allocations keep their addresses; those whose address their pool no longer
     * offers become orphans: kept, counted, never handed to anyone else.
     *
     * @param defs the new pool set
     * @return what changed
     */
    public synchronized PoolChange reconfigure(List<AddressPool> defs) {
        validate(defs);
        TreeSet<String> before = new TreeSet<>(pools.keySet());
        TreeSet<String> after = defs.stream().map(AddressPool::name).collect(Collectors.toCollection(TreeSet::new));
        install(defs);
        for (Holder h : holders.all()) {
            PoolState np = pools.get(h.pool.name);
            h.pool = np != null ? np : detachedPools.computeIfAbsent(h.pool.name, PoolState::detached);
        }
        // rebuild everything located by address
        v4Cells.forEach((hi, lo, cell) -> relocate(false, hi, lo, cell));
        v6Cells.forEach((hi, lo, cell) -> relocate(true, hi, lo, cell));
        List<String> added = after.stream().filter(n -> !before.contains(n)).toList();
        List<String> removed = before.stream().filter(n -> !after.contains(n)).toList();
        List<Allocation> orphaned = orphansLocked();
        if (!orphaned.isEmpty()) {
            LOG.warn("{} allocation(s) hold addresses their pool no longer offers; kept as orphans: {}",
                    orphaned.size(), orphaned.stream().limit(10).map(a -> a.id() + " " + a.addresses())
                            .collect(Collectors.joining(", ")));
        }
        return new PoolChange(orphaned, added, removed);
    }

    private void relocate(boolean v6, long hi, long lo, Object cell) {
        RangeState loc = locate(v6, hi, lo);
        if (cell instanceof Group g) {
            g.loc = loc;
        }
        if (loc == null) {
            return;
        }
        loc.occupy(hi, lo);
        loc.pool.addUsed(v6, 1);
        if (cell instanceof Holder h) {
            loc.pool.tenantDelta(h.tenant(), 1);
        } else {
            Group g = (Group) cell;
            TreeSet<String> tenants = new TreeSet<>();
            for (int i = 0; i < g.size(); i++) {
                tenants.add(g.member(i).tenant());
            }
            tenants.forEach(t -> loc.pool.tenantDelta(t, 1));
            loc.pool.indexGroup(g);
        }
    }

    /** @return the range offering the address, or null when no pool offers it */
    private RangeState locate(boolean v6, long hi, long lo) {
        RangeState r = container(v6, hi, lo);
        return r != null && r.offers(hi, lo) ? r : null;
    }

    private RangeState container(boolean v6, long hi, long lo) {
        RangeState[] rs = v6 ? v6Ranges : v4Ranges;
        int low = 0;
        int high = rs.length - 1;
        int found = -1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (RangeState.cmp(rs[mid].fHi, rs[mid].fLo, hi, lo) <= 0) {
                found = mid;
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return found >= 0 && rs[found].contains(hi, lo) ? rs[found] : null;
    }

    private RangeState locate(IpAddress a) {
        return locate(a.family() == IpFamily.IPV6, a.hi(), a.lo());
    }

    // ------------------------------------------------------------------ queries

    /**
     * @param id a request
     * @return its allocation
     */
    public synchronized Optional<Allocation> lookup(LoadBalancerId id) {
        Holder h = holders.get(Objects.requireNonNull(id, "id"));
        return h == null ? Optional.empty() : Optional.of(toAllocation(h));
    }

    /** @return every allocation, sorted by id */
    public synchronized List<Allocation> allocations() {
        List<Holder> all = holders.all();
        all.sort(Comparator.comparing(h -> h.id));
        return all.stream().map(AllocatorCore::toAllocation).toList();
    }

    /** @return allocations holding an address their pool does not offer, sorted by id */
    public synchronized List<Allocation> orphans() {
        return orphansLocked();
    }

    private List<Allocation> orphansLocked() {
        List<Holder> out = new ArrayList<>();
        for (Holder h : holders.all()) {
            if (isOrphan(h)) {
                out.add(h);
            }
        }
        out.sort(Comparator.comparing(h -> h.id));
        return out.stream().map(AllocatorCore::toAllocation).toList();
    }

    private boolean isOrphan(Holder h) {
        if (!h.pool.active) {
            return true;
        }
        if (h.has4()) {
            RangeState r = locate(false, 0, h.v4());
            if (r == null || r.pool != h.pool) {
                return true;
            }
        }
        if (h.has6()) {
            RangeState r = locate(true, h.v6hi, h.v6lo);
            return r == null || r.pool != h.pool;
        }
        return false;
    }

    /** @return utilisation per pool (sorted by name) and per tenant */
    public synchronized UsageSnapshot snapshot() {
        List<PoolUsage> usage = new ArrayList<>();
        for (PoolState p : pools.values()) {
            BigInteger total = p.capacity4.add(p.capacity6);
            BigInteger used = BigInteger.valueOf(p.used4 + p.used6);
            Map<String, BigInteger> byTenant = new TreeMap<>();
            p.usedByTenant.forEach((t, c) -> {
                if (c[0] != 0) {
                    byTenant.put(t, BigInteger.valueOf(c[0]));
                }
            });
            usage.add(new PoolUsage(p.name, total, used, total.subtract(used), byTenant));
        }
        Map<String, Long> tenants = new TreeMap<>();
        tenantCounts.forEach((t, c) -> {
            if (c[0] != 0) {
                tenants.put(t, c[0]);
            }
        });
        return new UsageSnapshot(usage, tenants);
    }

    static Allocation toAllocation(Holder h) {
        return new Allocation(h.id, h.pool.name, h.addresses(),
                h.sharing == null ? Optional.empty() : Optional.of(h.sharing.key()));
    }

    static void count(Map<String, long[]> map, String tenant, long delta) {
        long[] c = map.get(tenant);
        if (c == null) {
            c = new long[1];
            map.put(tenant, c);
        }
        c[0] += delta; // entries at zero stay (no churn for a tenant that comes and goes); snapshot skips them
    }

    private long tenantHeld(String tenant) {
        long[] c = tenantCounts.get(tenant);
        return c == null ? 0 : c[0];
    }

    // ------------------------------------------------------------------ release

    /**
     * @param id a request
     * @return whether it held anything
     */
    public synchronized boolean release(LoadBalancerId id) {
        Holder h = holders.remove(Objects.requireNonNull(id, "id"));
        if (h == null) {
            return false;
        }
        detachAddresses(h);
        return true;
    }

    private void detachAddresses(Holder h) {
        if (h.has4()) {
            removeAddress(h, false, 0, h.v4());
        }
        if (h.has6()) {
            removeAddress(h, true, h.v6hi, h.v6lo);
        }
    }

    private void attach(Holder h) {
        holders.add(h);
        if (h.has4()) {
            addAddress(h, false, 0, h.v4());
        }
        if (h.has6()) {
            addAddress(h, true, h.v6hi, h.v6lo);
        }
    }

    private void addAddress(Holder h, boolean v6, long hi, long lo) {
        AddressIndex idx = v6 ? v6Cells : v4Cells;
        Object cell = idx.get(hi, lo);
        String tenant = h.tenant();
        if (cell == null) {
            RangeState loc = locate(v6, hi, lo);
            if (h.sharing != null) {
                Group g = new Group(v6, hi, lo, h.sharing.key());
                g.loc = loc;
                g.add(h);
                idx.put(hi, lo, g);
                if (loc != null) {
                    loc.pool.indexGroup(g);
                }
            } else {
                idx.put(hi, lo, h);
            }
            if (loc != null) {
                loc.occupy(hi, lo);
                loc.pool.addUsed(v6, 1);
                loc.pool.tenantDelta(tenant, 1);
            }
            count(tenantCounts, tenant, 1);
        } else {
            Group g = (Group) cell; // callers checked that the holder may join
            boolean tenantNew = !g.hasTenant(tenant);
            g.add(h);
            if (tenantNew) {
                if (g.loc != null) {
                    g.loc.pool.tenantDelta(tenant, 1);
                }
                count(tenantCounts, tenant, 1);
            }
        }
    }

    private void removeAddress(Holder h, boolean v6, long hi, long lo) {
        AddressIndex idx = v6 ? v6Cells : v4Cells;
        Object cell = idx.get(hi, lo);
        String tenant = h.tenant();
        if (cell == h) {
            idx.remove(hi, lo);
            RangeState loc = locate(v6, hi, lo);
            if (loc != null) {
                loc.vacate(hi, lo);
                loc.pool.addUsed(v6, -1);
                loc.pool.tenantDelta(tenant, -1);
            }
            count(tenantCounts, tenant, -1);
            return;
        }
        Group g = (Group) cell;
        g.remove(h);
        RangeState loc = g.loc;
        if (g.size() == 0) {
            idx.remove(hi, lo);
            if (loc != null) {
                loc.vacate(hi, lo);
                loc.pool.addUsed(v6, -1);
                loc.pool.unindexGroup(g);
                loc.pool.tenantDelta(tenant, -1);
            }
            count(tenantCounts, tenant, -1);
        } else if (!g.hasTenant(tenant)) {
            if (loc != null) {
                loc.pool.tenantDelta(tenant, -1);
            }
            count(tenantCounts, tenant, -1);
        }
    }

    // ------------------------------------------------------------------ allocate

    /** A tentative choice of addresses in one pool, or why there is none. */
    private static final class Choice {
        final PoolState pool;
        boolean has4;
        long v4;
        Group g4;
        boolean has6;
        long v6hi;
        long v6lo;
        Group g6;
        FailureReason reason;
        String message;

        Choice(PoolState pool) {
            this.pool = pool;
        }

        static Choice fail(PoolState pool, FailureReason reason, String message) {
            Choice c = new Choice(pool);
            c.reason = reason;
            c.message = message;
            return c;
        }

        boolean failed() {
            return reason != null;
        }

        boolean has(IpFamily f) {
            return f == IpFamily.IPV4 ? has4 : has6;
        }

        void set(boolean v6, long hi, long lo, Group g) {
            if (v6) {
                has6 = true;
                v6hi = hi;
                v6lo = lo;
                g6 = g;
            } else {
                has4 = true;
                v4 = lo;
                g4 = g;
            }
        }

        int count() {
            return (has4 ? 1 : 0) + (has6 ? 1 : 0);
        }
    }

    /**
     * Allocates for a request; see {@link dev.kubelb.core.PoolAllocator#allocate}.
     *
     * @param req the request
     * @return the result
     */
    public synchronized AllocationResult allocate(LoadBalancerRequest req) {
        Objects.requireNonNull(req, "request");
        Holder current = holders.get(req.id());
        if (current != null) {
            SharingInfo sh = SharingInfo.of(req);
            PoolState recorded = current.pool;
            rehome(current);
            if (stillSatisfies(current, req, sh)) {
                current.sharing = sh;
                return new AllocationResult.Allocated(toAllocation(current));
            }
            current.pool = recorded; // a failing call changes nothing
            holders.remove(req.id());
            detachAddresses(current);
            AllocationResult r = allocateFresh(req);
            if (r instanceof AllocationResult.Failed) {
                attach(current); // a failing call changes nothing
            } else {
                LOG.debug("{}: re-allocated {} -> {}", req.id(), current.addresses(), r.allocation().orElseThrow()
                        .addresses());
            }
            return r;
        }
        return allocateFresh(req);
    }

    /**
     * A holder whose pool no longer offers its addresses while another pool offers them all (a pool split or
     * renamed) is accounted to that pool before it is judged, as MetalLB's allocator does (internal/allocator/
     * allocator.go SetPools and Assign: {@code poolFor}); the address is then kept when that pool serves the
     * request, else the holder goes back to its recorded pool.
     */
    private void rehome(Holder h) {
        if (!isOrphan(h)) {
            return;
        }
        PoolState found = null;
        for (IpAddress a : h.addresses()) {
            RangeState r = locate(a);
            if (r == null || (found != null && r.pool != found)) {
                return;
            }
            found = r.pool;
        }
        if (found != null) {
            LOG.debug("{}: {} is now offered by pool {} (was {})", h.id, h.addresses(), found.name, h.pool.name);
            h.pool = found;
        }
    }

    /**
     * Allocates for a request as {@link #allocate(LoadBalancerRequest)} does, without joining any of the shared
     * addresses {@code avoided} (the appliance refused them for this request); a free address is still the lowest.
     *
     * @param req the request
     * @param avoided addresses the request may not share
     * @return the result
     */
    public synchronized AllocationResult allocate(LoadBalancerRequest req, Set<IpAddress> avoided) {
        avoid = Set.copyOf(avoided);
        try {
            return allocate(req);
        } finally {
            avoid = Set.of();
        }
    }

    private boolean avoided(Group g) {
        return !avoid.isEmpty() && avoid.contains(g.v6 ? new IpAddress(IpFamily.IPV6, g.hi, g.lo) : IpAddress.ipv4(g.lo));
    }

    private boolean stillSatisfies(Holder h, LoadBalancerRequest req, SharingInfo sh) {
        if (isOrphan(h)) {
            return false;
        }
        if (req.pool().isPresent() && !req.pool().get().equals(h.pool.name)) {
            return false;
        }
        if (!admits(h.pool, req)) {
            return false;
        }
        for (IpAddress a : req.requestedAddresses()) {
            if (!h.holds(a)) {
                return false;
            }
        }
        List<IpFamily> fams = families(req);
        switch (req.ipFamilyPolicy()) {
            case SINGLE_STACK -> {
                if (h.count() != 1 || !h.has(fams.get(0))) {
                    return false;
                }
            }
            case REQUIRE_DUAL_STACK -> {
                if (h.count() != 2) {
                    return false;
                }
            }
            default -> {
                // PreferDualStack keeps what it was given
            }
        }
        String oldKey = h.sharing == null ? null : h.sharing.key();
        String newKey = sh == null ? null : sh.key();
        if (!Objects.equals(oldKey, newKey)) {
            return false;
        }
        if (sh != null) {
            return othersAccept(h, false, 0, h.v4(), sh) && othersAccept(h, true, h.v6hi, h.v6lo, sh);
        }
        return true;
    }

    private boolean othersAccept(Holder h, boolean v6, long hi, long lo, SharingInfo sh) {
        if (!(v6 ? h.has6() : h.has4())) {
            return true;
        }
        Group g = (Group) (v6 ? v6Cells : v4Cells).get(hi, lo);
        for (int i = 0; i < g.size(); i++) {
            Holder m = g.member(i);
            if (m != h && incompatibility(m, h.tenant(), sh, g.loc) != null) {
                return false;
            }
        }
        return true;
    }

    private static final List<IpFamily> V4_ONLY = List.of(IpFamily.IPV4);

    /** {@link LoadBalancerRequest#effectiveFamilies()} without its copies in the common cases. */
    private static List<IpFamily> families(LoadBalancerRequest req) {
        List<IpFamily> given = req.ipFamilies();
        boolean single = req.ipFamilyPolicy() == IpFamilyPolicy.SINGLE_STACK;
        if (single && given.size() == 1 || !single && given.size() == 2) {
            return given;
        }
        if (req.ipFamilyPolicy() == IpFamilyPolicy.PREFER_DUAL_STACK && given.size() == 1) {
            // a PreferDualStack Service of a single-stack cluster lists one family (its cluster IP's): it gets
            // that family only, as from MetalLB (controller/service.go allocateIPs: ipfamily.ForService;
            // controller_test.go "request IPs from dualstack pool with PreferDualStack policy but single stack
            // clusterip"); a request without ipFamilies still asks for both
            return given;
        }
        if (single && given.isEmpty() && req.requestedAddresses().isEmpty()) {
            return V4_ONLY;
        }
        return req.effectiveFamilies();
    }

    private AllocationResult allocateFresh(LoadBalancerRequest req) {
        LoadBalancerId id = req.id();
        SharingInfo sh = SharingInfo.of(req);
        List<IpFamily> fams = families(req);
        Choice c;
        if (!req.requestedAddresses().isEmpty()) {
            c = chooseRequested(req, sh, fams);
        } else if (req.pool().isPresent()) {
            String name = req.pool().get();
            PoolState p = pools.get(name);
            if (p == null) {
                return failed(id, FailureReason.NO_POOL, "pool '" + name + "' does not exist"
                        + (pools.isEmpty() ? " (no pools are configured)" : " (pools: " + String.join(", ",
                                pools.keySet()) + ")"));
            }
            if (!admits(p, req)) {
                return failed(id, FailureReason.POOL_NOT_ALLOWED, "pool " + name + "'s scope ("
                        + describe(p.def.scope().orElseThrow()) + ") does not admit " + id);
            }
            c = choose(p, req, sh, fams);
        } else {
            c = chooseAutomatically(req, sh, fams);
        }
        if (c.failed()) {
            return failed(id, c.reason, c.message);
        }
        int limit = quotas.getOrDefault(id.tenant(), defaultQuota);
        if (limit >= 0) {
            long held = tenantHeld(id.tenant());
            int more = (c.has4 && (c.g4 == null || !c.g4.hasTenant(id.tenant())) ? 1 : 0)
                    + (c.has6 && (c.g6 == null || !c.g6.hasTenant(id.tenant())) ? 1 : 0);
            if (held + more > limit) {
                return failed(id, FailureReason.QUOTA_EXCEEDED, "tenant " + id.tenant() + " may hold at most "
                        + limit + " address" + (limit == 1 ? "" : "es") + " and holds " + held + "; " + id
                        + " needs " + more + " more");
            }
        }
        Holder h = new Holder(id, c.pool, sh, c.has4, c.v4, c.has6, c.v6hi, c.v6lo);
        attach(h);
        return new AllocationResult.Allocated(toAllocation(h));
    }

    private static AllocationResult failed(LoadBalancerId id, FailureReason reason, String message) {
        return new AllocationResult.Failed(new AllocationFailure(id, reason, message));
    }

    private static boolean admits(PoolState p, LoadBalancerRequest req) {
        Optional<PoolScope> scope = p.def.scope();
        return scope.isEmpty() || scope.get().admits(req.id().tenant(), req.tenantLabels(),
                scope.get().serviceSelectors().isEmpty() ? req.labels() : selectorLabels(req));
    }

    /** The label keys a pool's service selector may use for the request's real namespace and name. */
    static final String SERVICE_NAMESPACE_KEY = "io.kubernetes.service.namespace";
    static final String SERVICE_NAME_KEY = "io.kubernetes.service.name";

    /**
     * The labels a pool's service selectors see: the request's own, with {@code io.kubernetes.service.namespace}
     * and {@code io.kubernetes.service.name} set to its real tenant and name whatever the tenant wrote there,
     * as Cilium's LB-IPAM does (cilium/cilium {@code operator/pkg/lbipam/lbipam.go}: the Service's labels
     * overwritten with these two keys before a pool's serviceSelector is matched). Otherwise a tenant could
     * label its Service with another tenant's namespace and be admitted to that tenant's pool.
     */
    private static Map<String, String> selectorLabels(LoadBalancerRequest req) {
        Map<String, String> labels = new HashMap<>(req.labels());
        labels.put(SERVICE_NAMESPACE_KEY, req.id().tenant());
        labels.put(SERVICE_NAME_KEY, req.id().name());
        return labels;
    }

    private Choice chooseAutomatically(LoadBalancerRequest req, SharingInfo sh, List<IpFamily> fams) {
        List<Choice> failures = null; // built only when something fails: no garbage on the common path
        boolean prefer = req.ipFamilyPolicy() == IpFamilyPolicy.PREFER_DUAL_STACK && fams.size() == 2;
        for (int g = 0; g < 2; g++) {
            // PreferDualStack (MetalLB allocator.go findBestPoolForService): the first pool offering both
            // families, else the first offering the primary family, else the first offering the other
            Choice primary = null;
            Choice secondary = null;
            for (PoolState p : g == 0 ? scopedOrder : unscopedOrder) {
                if (!p.def.autoAssign() || !admits(p, req)) {
                    continue;
                }
                Choice c = choose(p, req, sh, fams);
                if (!c.failed() && prefer && c.count() < 2) {
                    boolean hasPrimary = fams.get(0) == IpFamily.IPV6 ? c.has6 : c.has4;
                    if (hasPrimary && primary == null) {
                        primary = c;
                    } else if (!hasPrimary && secondary == null) {
                        secondary = c;
                    }
                    continue;
                }
                if (!c.failed()) {
                    return c;
                }
                if (failures == null) {
                    failures = new ArrayList<>();
                }
                failures.add(c);
            }
            if (primary != null || secondary != null) {
                return primary != null ? primary : secondary;
            }
        }
        if (failures == null) {
            List<String> skipped = new ArrayList<>();
            for (PoolState p : pools.values()) {
                if (!p.def.autoAssign()) {
                    skipped.add(p.name + ": autoAssign is false");
                } else if (!admits(p, req)) {
                    skipped.add(p.name + ": scope (" + describe(p.def.scope().orElseThrow()) + ") does not admit it");
                }
            }
            String why = pools.isEmpty() ? "no pools are configured"
                    : "no pool serves it automatically (" + String.join("; ", skipped) + ")";
            return Choice.fail(null, FailureReason.NO_POOL, "no address for " + req.id() + ": " + why);
        }
        boolean exhausted = failures.stream().anyMatch(c -> c.reason == FailureReason.POOL_EXHAUSTED);
        String detail = failures.stream().map(c -> c.message).collect(Collectors.joining("; "));
        if (failures.size() == 1) {
            return Choice.fail(null, failures.get(0).reason, detail);
        }
        return Choice.fail(null, exhausted ? FailureReason.POOL_EXHAUSTED : FailureReason.FAMILY_UNAVAILABLE,
                "no pool that admits " + req.id() + " can serve it: " + detail);
    }

    /** Chooses addresses of the wanted families in one pool (already known to admit the request). */
    private Choice choose(PoolState p, LoadBalancerRequest req, SharingInfo sh, List<IpFamily> fams) {
        IpFamilyPolicy policy = req.ipFamilyPolicy();
        Choice c = new Choice(p);
        String tenant = req.id().tenant();
        IpFamily missing = null;
        IpFamily full = null;
        for (IpFamily f : fams) {
            if (!p.has(f)) {
                if (policy != IpFamilyPolicy.PREFER_DUAL_STACK) {
                    return Choice.fail(p, FailureReason.FAMILY_UNAVAILABLE, "pool " + p.name + " has no "
                            + f.kubernetesName() + " range" + (policy == IpFamilyPolicy.REQUIRE_DUAL_STACK
                                    ? " (RequireDualStack needs IPv4 and IPv6 from one pool)" : ""));
                }
                missing = f;
                continue;
            }
            if (!pick(p, f, tenant, sh, c)) {
                if (policy != IpFamilyPolicy.PREFER_DUAL_STACK) {
                    return Choice.fail(p, FailureReason.POOL_EXHAUSTED, exhaustedMessage(p, f, sh));
                }
                full = full == null ? f : full;
            }
        }
        if (c.count() == 0) {
            if (full != null) {
                return Choice.fail(p, FailureReason.POOL_EXHAUSTED, exhaustedMessage(p, full, sh));
            }
            return Choice.fail(p, FailureReason.FAMILY_UNAVAILABLE, "pool " + p.name + " has no "
                    + (missing == null ? "range" : "IPv4 or IPv6 range"));
        }
        return c;
    }

    private static String exhaustedMessage(PoolState p, IpFamily f, SharingInfo sh) {
        String s = "pool " + p.name + " has no free " + f.kubernetesName() + " address (" + p.used(f) + " of "
                + p.capacity(f) + " in use)";
        if (sh != null && p.groups.containsKey(sh.key())) {
            s += " and none of its addresses shared under key '" + sh.key() + "' can take this request";
        }
        return s;
    }

    /** Picks one address of a family in a pool: the lowest compatibly shared one first, else the lowest free. */
    private boolean pick(PoolState p, IpFamily f, String tenant, SharingInfo sh, Choice c) {
        boolean v6 = f == IpFamily.IPV6;
        if (sh != null) {
            TreeSet<Group> shared = p.groups.get(sh.key());
            if (shared != null) {
                for (Group g : shared) {
                    if (g.v6 == v6 && !avoided(g) && groupAccepts(g, tenant, sh) == null) {
                        c.set(v6, g.hi, g.lo, g);
                        return true;
                    }
                }
            }
        }
        for (RangeState r : p.ranges) {
            if (r.v6 == v6 && r.lowestFree()) {
                c.set(v6, r.curHi, r.curLo, null);
                return true;
            }
        }
        return false;
    }

    private Choice chooseRequested(LoadBalancerRequest req, SharingInfo sh, List<IpFamily> fams) {
        LoadBalancerId id = req.id();
        PoolState named = null;
        if (req.pool().isPresent()) {
            named = pools.get(req.pool().get());
            if (named == null) {
                return Choice.fail(null, FailureReason.NO_POOL, "pool '" + req.pool().get() + "' does not exist");
            }
            if (!admits(named, req)) {
                return Choice.fail(named, FailureReason.POOL_NOT_ALLOWED, "pool " + named.name + "'s scope ("
                        + describe(named.def.scope().orElseThrow()) + ") does not admit " + id);
            }
        }
        PoolState p = null;
        IpAddress first = null;
        for (IpAddress a : req.requestedAddresses()) {
            RangeState loc = locate(a);
            if (loc == null) {
                RangeState in = container(a.family() == IpFamily.IPV6, a.hi(), a.lo());
                String msg = in != null
                        ? a + " lies in pool " + in.pool.name + ", which skips addresses ending in .0 or .255"
                                + " (avoidBuggyIPs)"
                        : a + " is in no pool";
                return Choice.fail(null, FailureReason.ADDRESS_NOT_IN_POOL, msg);
            }
            if (named != null && loc.pool != named) {
                return Choice.fail(null, FailureReason.ADDRESS_NOT_IN_POOL, a + " lies in pool " + loc.pool.name
                        + ", not in the requested pool " + named.name);
            }
            if (p != null && loc.pool != p) {
                return Choice.fail(null, FailureReason.ADDRESS_NOT_IN_POOL, "requested addresses must come from"
                        + " one pool: " + first + " is in pool " + p.name + ", " + a + " in pool " + loc.pool.name);
            }
            p = loc.pool;
            first = first == null ? a : first;
        }
        if (!admits(p, req)) {
            return Choice.fail(p, FailureReason.ADDRESS_NOT_IN_POOL, first + " lies in pool " + p.name
                    + ", whose scope (" + describe(p.def.scope().orElseThrow()) + ") does not admit " + id);
        }
        Choice c = new Choice(p);
        for (IpAddress a : req.requestedAddresses()) {
            boolean v6 = a.family() == IpFamily.IPV6;
            Object cell = (v6 ? v6Cells : v4Cells).get(a.hi(), a.lo());
            if (cell == null) {
                c.set(v6, a.hi(), a.lo(), null);
                continue;
            }
            Choice conflict = joinConflict(cell, a, id, sh, p);
            if (conflict != null) {
                return conflict;
            }
            c.set(v6, a.hi(), a.lo(), (Group) cell);
        }
        IpFamilyPolicy policy = req.ipFamilyPolicy();
        for (IpFamily f : fams) {
            if (c.has(f) || policy == IpFamilyPolicy.SINGLE_STACK) {
                continue;
            }
            if (!p.has(f)) {
                if (policy == IpFamilyPolicy.REQUIRE_DUAL_STACK) {
                    return Choice.fail(p, FailureReason.FAMILY_UNAVAILABLE, "pool " + p.name + " (of requested "
                            + first + ") has no " + f.kubernetesName()
                            + " range; RequireDualStack needs IPv4 and IPv6 from one pool");
                }
                continue;
            }
            if (!pick(p, f, id.tenant(), sh, c) && policy == IpFamilyPolicy.REQUIRE_DUAL_STACK) {
                return Choice.fail(p, FailureReason.POOL_EXHAUSTED, exhaustedMessage(p, f, sh));
            }
        }
        return c;
    }

    /** @return null when a request may join the cell at this address, else the failure naming the holders */
    private Choice joinConflict(Object cell, IpAddress a, LoadBalancerId id, SharingInfo sh, PoolState p) {
        String where = a + " (pool " + p.name + ")";
        if (cell instanceof Holder other) {
            return Choice.fail(p, FailureReason.ADDRESS_IN_USE, where + " is held by " + other.id
                    + " without a sharing key");
        }
        Group g = (Group) cell;
        if (sh == null) {
            return Choice.fail(p, FailureReason.ADDRESS_IN_USE, where + " is held by " + holderNames(g)
                    + " under sharing key '" + g.key + "', and " + id + " has no sharing key");
        }
        if (!g.key.equals(sh.key())) {
            return Choice.fail(p, FailureReason.ADDRESS_IN_USE, where + " is held by " + holderNames(g)
                    + " under sharing key '" + g.key + "', not '" + sh.key() + "'");
        }
        String why = groupAccepts(g, id.tenant(), sh);
        if (why != null) {
            return Choice.fail(p, FailureReason.INCOMPATIBLE_SHARING, where + " is shared under key '" + g.key
                    + "' but cannot be shared with " + id + ": " + why);
        }
        return null;
    }

    private static String holderNames(Group g) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < g.size(); i++) {
            names.add(g.member(i).id.toString());
        }
        names.sort(null);
        return String.join(", ", names);
    }

    /** @return null when every member of the group may share with the request, else why not */
    private static String groupAccepts(Group g, String tenant, SharingInfo sh) {
        for (int i = 0; i < g.size(); i++) {
            String why = incompatibility(g.member(i), tenant, sh, g.loc);
            if (why != null) {
                return why;
            }
        }
        return null;
    }

    /** @return null when the holder and a request of {@code tenant} with {@code sh} may share, else why not */
    private static String incompatibility(Holder m, String tenant, SharingInfo sh, RangeState loc) {
        SharingInfo o = m.sharing;
        if (!tenant.equals(m.tenant())) {
            boolean poolAllows = loc != null && loc.pool.def.allowCrossTenantSharing();
            boolean mutual = sh.acceptsTenant(m.tenant()) && o.acceptsTenant(tenant);
            if (!poolAllows && !mutual) {
                return m.id + " belongs to tenant " + m.tenant() + ", "
                        + (loc == null ? "the address is in no pool" : "pool " + loc.pool.name
                                + " does not allow cross-tenant sharing")
                        + " and the two requests do not list each other's tenant in sharingTenants";
            }
        }
        for (PortSpec a : sh.ports()) {
            for (PortSpec b : o.ports()) {
                if (a.collidesWith(b)) {
                    return "port " + a.port() + "/" + a.protocol() + " is already used by " + m.id;
                }
            }
        }
        if (!(sh.trafficPolicy() == TrafficPolicy.CLUSTER && o.trafficPolicy() == TrafficPolicy.CLUSTER)
                && !sh.podSelector().equals(o.podSelector())) {
            return m.id + " uses externalTrafficPolicy " + o.trafficPolicy().kubernetesName() + " with pod selector "
                    + o.podSelector() + "; sharing needs both to use Cluster or both to select the same pods (got "
                    + sh.trafficPolicy().kubernetesName() + " with " + sh.podSelector() + ")";
        }
        return null;
    }

    // ------------------------------------------------------------------ reserve

    /**
     * Re-registers an existing allocation; see {@link dev.kubelb.core.PoolAllocator#reserve}.
     *
     * @param req the request holding it
     * @param existing the allocation read back
     * @return the allocation, or a failure naming both holders of a conflicting address
     */
    public synchronized AllocationResult reserve(LoadBalancerRequest req, Allocation existing) {
        Objects.requireNonNull(req, "request");
        Objects.requireNonNull(existing, "existing");
        LoadBalancerId id = req.id();
        if (!existing.id().equals(id)) {
            throw new ConfigurationException("", "existing.id", "the allocation of " + existing.id()
                    + " cannot be reserved for " + id);
        }
        SharingInfo sh = existing.sharingKey().map(k -> SharingInfo.of(k, req)).orElse(null);
        Holder current = holders.get(id);
        if (current != null) {
            Allocation held = toAllocation(current);
            if (held.pool().equals(existing.pool()) && held.addresses().equals(existing.addresses())
                    && held.sharingKey().equals(existing.sharingKey())) {
                return new AllocationResult.Allocated(held); // already registered: nothing to do
            }
            return failed(id, FailureReason.ADDRESS_IN_USE, id + " already holds " + held.addresses() + " from pool "
                    + held.pool() + "; the existing allocation " + existing.addresses() + " from pool "
                    + existing.pool() + " conflicts with it (release it first)");
        }
        PoolState p = pools.get(existing.pool());
        if (p == null) {
            p = detachedPools.computeIfAbsent(existing.pool(), PoolState::detached);
        }
        boolean has4 = false;
        boolean has6 = false;
        long v4 = 0;
        long v6hi = 0;
        long v6lo = 0;
        for (IpAddress a : existing.addresses()) {
            boolean v6 = a.family() == IpFamily.IPV6;
            Object cell = (v6 ? v6Cells : v4Cells).get(a.hi(), a.lo());
            if (cell != null) {
                String conflict = reserveConflict(cell, a, id, existing, sh);
                if (conflict != null) {
                    return failed(id, cell instanceof Group g && sh != null && g.key.equals(sh.key())
                            ? FailureReason.INCOMPATIBLE_SHARING : FailureReason.ADDRESS_IN_USE, conflict);
                }
            }
            if (v6) {
                has6 = true;
                v6hi = a.hi();
                v6lo = a.lo();
            } else {
                has4 = true;
                v4 = a.lo();
            }
        }
        Holder h = new Holder(id, p, sh, has4, v4, has6, v6hi, v6lo);
        attach(h);
        if (isOrphan(h)) {
            LOG.warn("{}: reserved {} from pool {}, which {}; kept as an orphan", id, existing.addresses(),
                    existing.pool(), p.active ? "does not offer it" : "does not exist");
        }
        return new AllocationResult.Allocated(existing); // equal to toAllocation(h), without rebuilding it
    }

    private static String reserveConflict(Object cell, IpAddress a, LoadBalancerId id, Allocation existing,
            SharingInfo sh) {
        String mine = id + " (pool " + existing.pool() + ", " + (sh == null ? "no sharing key"
                : "sharing key '" + sh.key() + "'") + ")";
        if (cell instanceof Holder other) {
            return a + " is claimed by both " + other.id + " (pool " + other.pool.name + ", no sharing key) and "
                    + mine;
        }
        Group g = (Group) cell;
        String theirs = holderNames(g) + " (pool " + g.member(0).pool.name + ", sharing key '" + g.key + "')";
        if (sh == null || !g.key.equals(sh.key())) {
            return a + " is claimed by both " + theirs + " and " + mine;
        }
        String why = groupAccepts(g, id.tenant(), sh);
        return why == null ? null : a + " is claimed by both " + theirs + " and " + mine + ", which may not share it: "
                + why;
    }

    // ------------------------------------------------------------------ text

    static String describe(PoolScope s) {
        List<String> parts = new ArrayList<>();
        s.priority().ifPresent(p -> parts.add("priority " + p));
        if (!s.tenants().isEmpty()) {
            parts.add("tenants " + s.tenants());
        }
        if (!s.tenantSelectors().isEmpty()) {
            parts.add("tenant selectors " + s.tenantSelectors().stream().map(AllocatorCore::selectorText).toList());
        }
        if (!s.serviceSelectors().isEmpty()) {
            parts.add("service selectors " + s.serviceSelectors().stream().map(AllocatorCore::selectorText).toList());
        }
        return parts.isEmpty() ? "every request" : String.join(", ", parts);
    }

    static String selectorText(LabelSelector sel) {
        List<String> out = new ArrayList<>();
        sel.matchLabels().forEach((k, v) -> out.add(k + "=" + v));
        for (LabelSelector.Requirement r : sel.matchExpressions()) {
            out.add(switch (r.operator()) {
                case In -> r.key() + " in (" + String.join(",", r.values()) + ")";
                case NotIn -> r.key() + " notin (" + String.join(",", r.values()) + ")";
                case Exists -> r.key();
                case DoesNotExist -> "!" + r.key();
            });
        }
        return out.isEmpty() ? "{}" : "{" + String.join(",", out) + "}";
    }

    /** @return internal counts for tests: holders, v4 cells, v6 cells, total runs */
    synchronized long[] internalCounts() {
        long runs = Arrays.stream(v4Ranges).mapToLong(RangeState::runCount).sum()
                + Arrays.stream(v6Ranges).mapToLong(RangeState::runCount).sum();
        return new long[] {holders.size(), v4Cells.size(), v6Cells.size(), runs};
    }
}
