package dev.kubelb.examples.micrometer;

import dev.kubelb.api.Allocation;
import dev.kubelb.api.AllocationFailure;
import dev.kubelb.api.ConfigurationException;
import dev.kubelb.api.FailureReason;
import dev.kubelb.api.LoadBalancerId;
import dev.kubelb.api.PoolUsage;
import dev.kubelb.api.UsageSnapshot;
import dev.kubelb.core.KubeLbListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.math.BigInteger;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link KubeLbListener} that publishes the engine's callbacks as Micrometer meters on a registry the host
 * owns. Wire it with {@code KubeLb.builder()...listener(MicrometerListener.bindTo(registry))}.
 *
 * <table>
 * <caption>Meters</caption>
 * <tr><th>name</th><th>type</th><th>tags</th><th>meaning</th></tr>
 * <tr><td>{@value #RECONCILE}</td><td>timer</td><td>{@value #TAG_OUTCOME}</td>
 *     <td>one reconcile of one request; the outcome is the string the engine passes
 *     ({@code ok}, {@code failed}, {@code error}, {@code deleted})</td></tr>
 * <tr><td>{@value #ALLOCATIONS}</td><td>counter</td><td>none</td><td>new or changed allocations</td></tr>
 * <tr><td>{@value #ALLOCATION_FAILURES}</td><td>counter</td><td>{@value #TAG_REASON}</td>
 *     <td>refused allocations by {@link FailureReason} name; one counter per reason is registered up front,
 *     at 0. The engine reports a refusal each time it reconciles a request it cannot serve, so a request
 *     that stays unserved may count more than once.</td></tr>
 * <tr><td>{@value #RELEASES}</td><td>counter</td><td>none</td><td>requests whose addresses were released</td></tr>
 * <tr><td>{@value #POOL_ADDRESSES}</td><td>gauge</td><td>{@value #TAG_POOL}, {@value #TAG_STATE} =
 *     {@value #STATE_USED}|{@value #STATE_FREE}|{@value #STATE_TOTAL}</td>
 *     <td>a pool's addresses, from the latest {@link UsageSnapshot}</td></tr>
 * <tr><td>{@value #TENANT_ADDRESSES}</td><td>gauge</td><td>{@value #TAG_TENANT}</td>
 *     <td>addresses a tenant holds over all pools, from the latest snapshot</td></tr>
 * </table>
 *
 * <p><b>Gauges follow the latest snapshot.</b> Each pool's three gauges and each tenant's gauge are
 * registered once, the first time a snapshot names the pool or tenant, and read the most recent snapshot
 * handed to {@link #usage(UsageSnapshot)} whenever the registry samples them. A pool or tenant that is
 * missing from a later snapshot (pool removed from the configuration, tenant holding nothing) keeps its
 * gauges and reports {@code 0}; the gauges are not removed, so a series never disappears and reappears
 * while a configuration is being edited. Before the first snapshot no gauge exists.
 *
 * <p><b>Large pools.</b> Pool counts are exact {@link BigInteger}s; gauges are doubles. Counts up to
 * 2<sup>53</sup> convert exactly; larger counts (IPv6 pools of a /75 or wider) are rounded to the nearest
 * double, relative error below 10<sup>-16</sup>, so for a /64 {@code used + free} may not equal
 * {@code total} in the last digits. A count beyond the double range saturates at
 * {@link Double#MAX_VALUE} (and a negative one at {@code -Double.MAX_VALUE}) instead of becoming infinite;
 * an IPv6 pool, at most 2<sup>128</sup> addresses, never reaches it.
 *
 * <p><b>Threads.</b> The engine calls from several worker threads; every method here is safe to call
 * concurrently and does no I/O. Snapshots are taken by the engine and may be handed over out of order
 * by two workers; the gauges show whichever arrived last until the next change.
 *
 * <p><b>Several engines, one registry.</b> Micrometer keeps the first meter registered under a name and
 * tag set, so two listeners on one registry must differ in their common tags (e.g.
 * {@code Tags.of("engine", "east")}), or the second engine's gauges would read the first one's snapshot.
 */
public final class MicrometerListener implements KubeLbListener {
    /** Timer of one reconcile, tagged {@link #TAG_OUTCOME}. */
    public static final String RECONCILE = "kubelb.reconcile";
    /** Counter of new or changed allocations. */
    public static final String ALLOCATIONS = "kubelb.allocations";
    /** Counter of refused allocations, tagged {@link #TAG_REASON}. */
    public static final String ALLOCATION_FAILURES = "kubelb.allocation.failures";
    /** Counter of releases. */
    public static final String RELEASES = "kubelb.releases";
    /** Gauge of a pool's addresses, tagged {@link #TAG_POOL} and {@link #TAG_STATE}. */
    public static final String POOL_ADDRESSES = "kubelb.pool.addresses";
    /** Gauge of the addresses a tenant holds, tagged {@link #TAG_TENANT}. */
    public static final String TENANT_ADDRESSES = "kubelb.tenant.addresses";

    /** Tag key: the reconcile outcome. */
    public static final String TAG_OUTCOME = "outcome";
    /** Tag key: the {@link FailureReason} name. */
    public static final String TAG_REASON = "reason";
    /** Tag key: the pool name. */
    public static final String TAG_POOL = "pool";
    /** Tag key: {@link #STATE_USED}, {@link #STATE_FREE} or {@link #STATE_TOTAL}. */
    public static final String TAG_STATE = "state";
    /** Tag key: the tenant. */
    public static final String TAG_TENANT = "tenant";

    /** {@link #TAG_STATE} value: addresses held. */
    public static final String STATE_USED = "used";
    /** {@link #TAG_STATE} value: addresses still free. */
    public static final String STATE_FREE = "free";
    /** {@link #TAG_STATE} value: addresses the pool can hand out. */
    public static final String STATE_TOTAL = "total";

    private static final Set<String> RESERVED_KEYS = Set.of(TAG_OUTCOME, TAG_REASON, TAG_POOL, TAG_STATE, TAG_TENANT);

    private final MeterRegistry registry;
    private final Tags commonTags;
    private final Counter allocations;
    private final Counter releases;
    private final Map<FailureReason, Counter> failures;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    private final AtomicReference<View> latest = new AtomicReference<>(View.EMPTY);
    private final Set<String> pools = ConcurrentHashMap.newKeySet();
    private final Set<String> tenants = ConcurrentHashMap.newKeySet();

    private MicrometerListener(MeterRegistry registry, Tags commonTags) {
        this.registry = registry;
        this.commonTags = commonTags;
        this.allocations = Counter.builder(ALLOCATIONS).description("New or changed address allocations")
                .tags(commonTags).register(registry);
        this.releases = Counter.builder(RELEASES).description("Requests whose addresses were released")
                .tags(commonTags).register(registry);
        Map<FailureReason, Counter> f = new EnumMap<>(FailureReason.class);
        for (FailureReason r : FailureReason.values()) {
            f.put(r, Counter.builder(ALLOCATION_FAILURES).description("Refused address allocations")
                    .tags(commonTags).tag(TAG_REASON, r.name()).register(registry));
        }
        this.failures = Collections.unmodifiableMap(f);
    }

    /**
     * @param registry the host's registry
     * @return a listener whose meters are registered on {@code registry} (counters at once, gauges with the
     *     first snapshot)
     */
    public static MicrometerListener bindTo(MeterRegistry registry) {
        return bindTo(registry, Tags.empty());
    }

    /**
     * @param registry the host's registry
     * @param commonTags tags added to every meter of this listener, e.g. {@code Tags.of("engine", "east")}
     * @return a listener whose meters are registered on {@code registry}
     * @throws ConfigurationException when a common tag uses a key this listener sets itself
     *     ({@value #TAG_OUTCOME}, {@value #TAG_REASON}, {@value #TAG_POOL}, {@value #TAG_STATE},
     *     {@value #TAG_TENANT})
     */
    public static MicrometerListener bindTo(MeterRegistry registry, Iterable<Tag> commonTags) {
        Objects.requireNonNull(registry, "registry");
        Tags tags = Tags.of(Objects.requireNonNull(commonTags, "commonTags"));
        List<String> clashing = tags.stream().map(Tag::getKey).filter(RESERVED_KEYS::contains).sorted().toList();
        if (!clashing.isEmpty()) {
            throw ConfigurationException.field("commonTags", "tag keys " + clashing
                    + " are set by the listener itself and cannot be common tags");
        }
        return new MicrometerListener(registry, tags);
    }

    /** @return the common tags added to every meter */
    public Tags commonTags() {
        return commonTags;
    }

    @Override
    public void reconciled(LoadBalancerId id, String outcome, long nanos) {
        Objects.requireNonNull(outcome, "outcome");
        timers.computeIfAbsent(outcome, o -> Timer.builder(RECONCILE).description("One reconcile of one request")
                .tags(commonTags).tag(TAG_OUTCOME, o).register(registry)).record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void allocated(Allocation allocation) {
        allocations.increment();
    }

    @Override
    public void allocationFailed(AllocationFailure failure) {
        failures.get(failure.reason()).increment();
    }

    @Override
    public void released(LoadBalancerId id) {
        releases.increment();
    }

    @Override
    public void usage(UsageSnapshot snapshot) {
        View view = View.of(snapshot);
        // publish first, register second: a gauge registered now reads this snapshot (or a later one)
        latest.set(view);
        for (String pool : view.pools().keySet()) {
            if (pools.add(pool)) {
                registerPool(pool);
            }
        }
        for (String tenant : view.tenants().keySet()) {
            if (tenants.add(tenant)) {
                Gauge.builder(TENANT_ADDRESSES, latest, l -> l.get().tenant(tenant))
                        .description("Addresses a tenant holds over all pools").tags(commonTags)
                        .tag(TAG_TENANT, tenant).strongReference(true).register(registry);
            }
        }
    }

    private void registerPool(String pool) {
        for (String state : List.of(STATE_USED, STATE_FREE, STATE_TOTAL)) {
            Gauge.builder(POOL_ADDRESSES, latest, l -> l.get().pool(pool, state))
                    .description("Addresses of a pool by state").tags(commonTags).tag(TAG_POOL, pool)
                    .tag(TAG_STATE, state).strongReference(true).register(registry);
        }
    }

    /**
     * Converts an exact count to a gauge value: exact up to 2<sup>53</sup>, rounded to the nearest double
     * above, saturating at {@code ±Double.MAX_VALUE} instead of becoming infinite.
     *
     * @param count a count
     * @return its gauge value
     */
    static double gaugeValue(BigInteger count) {
        double d = count.doubleValue();
        if (Double.isInfinite(d)) {
            return d > 0 ? Double.MAX_VALUE : -Double.MAX_VALUE;
        }
        return d;
    }

    /** A pool's counts as gauge values. */
    private record PoolValues(double used, double free, double total) {
        double get(String state) {
            return switch (state) {
                case STATE_USED -> used;
                case STATE_FREE -> free;
                default -> total;
            };
        }
    }

    /** The latest snapshot, converted once for the gauges to read. */
    private record View(Map<String, PoolValues> pools, Map<String, Double> tenants) {
        static final View EMPTY = new View(Map.of(), Map.of());

        static View of(UsageSnapshot snapshot) {
            Map<String, PoolValues> p = new LinkedHashMap<>();
            for (PoolUsage u : snapshot.pools()) {
                p.put(u.pool(), new PoolValues(gaugeValue(u.used()), gaugeValue(u.free()), gaugeValue(u.total())));
            }
            Map<String, Double> t = new LinkedHashMap<>();
            snapshot.addressesByTenant().forEach((k, v) -> t.put(k, v.doubleValue()));
            return new View(Collections.unmodifiableMap(p), Collections.unmodifiableMap(t));
        }

        double pool(String name, String state) {
            PoolValues v = pools.get(name);
            return v == null ? 0 : v.get(state);
        }

        double tenant(String name) {
            return tenants.getOrDefault(name, 0.0);
        }
    }
}
