package dev.kubelb.core.internal;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * An informer's store that keeps only the objects a controller needs, so that the others cost no memory: a
 * cluster's tens of thousands of Services that ask for no load balancer pass through, are looked at once
 * and forgotten.
 *
 * <p>How fabric8's informer treats such a store (it declares that it does not hold the full state): an
 * object kept earlier and not kept now is removed, and its handler sees an update (old, new); one not kept
 * before and kept now is delivered as an add; one never kept is delivered as an add each time it changes
 * (and its deletion not at all). Nothing re-offers an object forgotten: a predicate that depends on other
 * state (another cache) needs the controller to read what it missed when that state changes, and
 * {@link #offer} it.
 */
public final class SelectiveStore<T extends HasMetadata> implements ItemStore<T> {
    private final Map<String, T> items = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> groups = new ConcurrentHashMap<>();
    private final Predicate<T> keep;
    private final Function<T, String> group;

    /** @param keep whether an object is kept (called on every version delivered) */
    public SelectiveStore(Predicate<T> keep) {
        this(keep, o -> null);
    }

    /**
     * @param keep whether an object is kept (called on every version delivered)
     * @param group the group of a kept object (e.g. the Service an EndpointSlice belongs to), or null; unlike
     *     an informer's index, it costs nothing for an object not kept
     */
    public SelectiveStore(Predicate<T> keep, Function<T, String> group) {
        this.keep = keep;
        this.group = group;
    }

    /** @return the kept objects of a group */
    public List<T> group(String name) {
        Set<String> keys = groups.get(name);
        return keys == null ? List.of() : keys.stream().map(items::get).filter(Objects::nonNull).toList();
    }

    /**
     * Adds an object read from the API server, unless the watch has delivered one already (which is newer
     * or as new): for a controller that learns it needs an object after the watch passed it by.
     *
     * @param obj the object
     */
    public synchronized void offer(T obj) {
        if (keep.test(obj) && items.putIfAbsent(getKey(obj), obj) == null) {
            regroup(getKey(obj), null, obj);
        }
    }

    /** Forgets the objects of a group (its owner is gone from the controller's view). @param name the group */
    public synchronized void forget(String name) {
        Set<String> keys = groups.remove(name);
        if (keys != null) {
            keys.forEach(items::remove);
        }
    }

    private void regroup(String key, T old, T now) {
        String was = old == null ? null : group.apply(old);
        String is = now == null ? null : group.apply(now);
        if (was != null && !was.equals(is)) {
            groups.computeIfPresent(was, (g, keys) -> {
                keys.remove(key);
                return keys.isEmpty() ? null : keys;
            });
        }
        if (is != null) {
            groups.computeIfAbsent(is, g -> ConcurrentHashMap.newKeySet()).add(key);
        }
    }

    @Override
    public String getKey(T obj) {
        return Cache.metaNamespaceKeyFunc(obj);
    }

    @Override
    public synchronized T put(String key, T obj) {
        T old = keep.test(obj) ? items.put(key, obj) : items.remove(key);
        regroup(key, old, items.get(key));
        return old;
    }

    @Override
    public synchronized T remove(String key) {
        T old = items.remove(key);
        regroup(key, old, null);
        return old;
    }

    @Override
    public Stream<String> keySet() {
        return items.keySet().stream();
    }

    @Override
    public Stream<T> values() {
        return items.values().stream();
    }

    @Override
    public int size() {
        return items.size();
    }

    @Override
    public T get(String key) {
        return items.get(key);
    }

    @Override
    public boolean isFullState() {
        return false;
    }
}
