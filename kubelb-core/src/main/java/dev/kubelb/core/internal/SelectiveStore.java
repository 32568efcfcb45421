package dev.kubelb.core.internal;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
 * (and its deletion not at all). The predicate must depend on the object alone — or on state that only
 * grows while the object is kept — never on another cache, since nothing re-offers an object forgotten.
 */
public final class SelectiveStore<T extends HasMetadata> implements ItemStore<T> {
    private final Map<String, T> items = new ConcurrentHashMap<>();
    private final Predicate<T> keep;

    /** @param keep whether an object is kept (called on every version delivered) */
    public SelectiveStore(Predicate<T> keep) {
        this.keep = keep;
    }

    @Override
    public String getKey(T obj) {
        return Cache.metaNamespaceKeyFunc(obj);
    }

    @Override
    public T put(String key, T obj) {
        return keep.test(obj) ? items.put(key, obj) : items.remove(key);
    }

    @Override
    public T remove(String key) {
        return items.remove(key);
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
