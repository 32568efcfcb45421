package dev.kubelb.core.internal;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the engine itself wrote to an object, remembered until the informer's cache has caught up, so a
 * reconcile right after a write works from the written version instead of reading it back.
 *
 * <p>Every write the engine makes is guarded by a resourceVersion (a JSON patch {@code test} or an update
 * with optimistic locking), so a successful write directly follows the version it was based on. An entry
 * keeps the engine's latest write and the versions that came before it in this process's view: the one the
 * cache showed when the write was sent, the one it was based on, and the engine's own earlier writes in the
 * same chain. While the cache shows one of those, nothing newer than the engine's write has been delivered
 * and the written copy is the newest state known. When the cache shows anything else (watch events arrive
 * in order, so it is the engine's write or a later one) the entry is dropped and the cache is trusted again.
 * No resourceVersion is ever compared for order.
 */
public final class RecentWrites {
    private record Entry(Set<String> before, HasMetadata written) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    /**
     * @param key the object's identity (kind/namespace/name)
     * @param cached what the informer's cache holds now, or null
     * @return the engine's own latest write when the cache has not caught up with it, else {@code cached}
     */
    public HasMetadata current(String key, HasMetadata cached) {
        Entry e = entries.get(key);
        if (e == null) {
            return cached;
        }
        if (cached != null && e.before().contains(cached.getMetadata().getResourceVersion())) {
            return e.written();
        }
        entries.remove(key, e);
        return cached;
    }

    /**
     * Records a successful write.
     *
     * @param key the object's identity
     * @param cached what the informer's cache held just before the write was sent, or null
     * @param basedOn the resourceVersion the write was conditioned on
     * @param written the object the server returned
     */
    public void wrote(String key, HasMetadata cached, String basedOn, HasMetadata written) {
        if (written == null || written.getMetadata() == null || basedOn == null) {
            entries.remove(key);
            return;
        }
        entries.compute(key, (k, old) -> {
            Set<String> before = new HashSet<>();
            if (old != null && basedOn.equals(old.written().getMetadata().getResourceVersion())) {
                before.addAll(old.before());
            }
            before.add(basedOn);
            if (cached != null && cached.getMetadata().getResourceVersion() != null) {
                before.add(cached.getMetadata().getResourceVersion());
            }
            return new Entry(Set.copyOf(before), written);
        });
    }

    /**
     * @param key the object's identity
     */
    public void forget(String key) {
        entries.remove(key);
    }

    /** Drops every entry (a new leader, a rebuild). */
    public void clear() {
        entries.clear();
    }
}
