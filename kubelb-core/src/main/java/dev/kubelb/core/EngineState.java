package dev.kubelb.core;

import dev.kubelb.api.LoadBalancerId;
import dev.kubelb.api.LoadBalancerRequest;
import dev.kubelb.core.internal.RecentWrites;
import dev.kubelb.spi.AddressAllocator;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the engine's parts share while it leads: the allocator, the requests it serves, who holds each name,
 * what it applied, and whether it leads. Cleared whenever leadership is won again.
 */
final class EngineState {
    final KubeLb engine;
    final KubernetesClient client;
    final KubeLbListener listener;
    final AtomicReference<AddressAllocator> allocator = new AtomicReference<>();
    /** The allocate → vet path the planner uses too, over {@link #allocator}; replaced with the configuration. */
    final AtomicReference<dev.kubelb.core.internal.AllocationPass> pass = new AtomicReference<>();
    final Map<LoadBalancerId, LoadBalancerRequest> requests = new ConcurrentHashMap<>();
    /**
     * Which kind of source (Service or KubeLB LoadBalancer) holds a tenant's name: a Service and a
     * LoadBalancer of one name in one namespace would be the same load balancer, so the first one holds it
     * and the other is refused; only the holder's cleanup ever releases the address.
     */
    final Map<LoadBalancerId, SourceKind> holders = new ConcurrentHashMap<>();
    /** The owned objects each request was last applied with, by {@link Applier#key}. */
    final Map<RequestKey, Map<String, HasMetadata>> applied = new ConcurrentHashMap<>();
    /**
     * Owned objects deleted (by anyone) since this engine last wrote them or saw them delivered: never taken
     * as present while the cache lacks them. A reconcile still recording such an object in {@link #applied}
     * when its deletion arrived would otherwise put it back there, and every later reconcile would skip it.
     */
    final Set<String> deleted = ConcurrentHashMap.newKeySet();
    /** The engine's own writes to request sources (finalizer, status) that the cache may not show yet. */
    final RecentWrites recent = new RecentWrites();
    final AtomicBoolean leading = new AtomicBoolean();
    final AtomicBoolean closed = new AtomicBoolean();
    /** Allocate, vet and register as one step; configuration reloads take it too. */
    final Object allocationLock = new Object();
    private final Object usageLock = new Object();

    EngineState(KubeLb engine, KubernetesClient client, KubeLbListener listener) {
        this.engine = engine;
        this.client = client;
        this.listener = listener;
    }

    /** Forgets everything learnt while leading before: a new term starts from the cluster. */
    void clear() {
        requests.clear();
        holders.clear();
        applied.clear();
        deleted.clear();
        recent.clear();
    }

    /** Releases a request's addresses through the allocation path. @return whether it held any */
    boolean release(dev.kubelb.api.LoadBalancerId id) {
        synchronized (allocationLock) {
            dev.kubelb.core.internal.AllocationPass p = pass.get();
            return p != null ? p.release(id) : allocator.get().release(id);
        }
    }

    Optional<AddressAllocator> allocator() {
        return Optional.ofNullable(allocator.get());
    }

    /**
     * Checked before every write: a replica that lost the lease (or is closing) writes nothing more.
     *
     * @param what the write, for the message
     * @throws NotLeadingException when this replica does not lead
     */
    void requireLeading(Object what) {
        if (!leading.get()) {
            throw new NotLeadingException(String.valueOf(what));
        }
    }

    /** @return whether writes are allowed now: leading and not closed */
    boolean mayWrite() {
        return leading.get() && !closed.get();
    }

    /**
     * Hands the listener a usage snapshot. Taken and delivered under one lock, so snapshots reach the
     * listener in the order they were taken and the last one delivered is never older than another.
     */
    void reportUsage(AddressAllocator alloc) {
        synchronized (usageLock) {
            listener.usage(alloc.snapshot());
        }
    }

    static Map<String, String> labels(HasMetadata o) {
        return o.getMetadata().getLabels() == null ? Map.of() : o.getMetadata().getLabels();
    }

    /** @return whether the engine owns an object (labelled {@code app.kubernetes.io/managed-by: kubelb}) */
    static boolean owned(HasMetadata o) {
        return KubeLbLabels.MANAGER.equals(labels(o).get(KubeLbLabels.MANAGED_BY));
    }
}
