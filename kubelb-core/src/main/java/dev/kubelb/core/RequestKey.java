package dev.kubelb.core;

import dev.kubelb.api.LoadBalancerId;

/** A request source: its kind, namespace and name. The unit the work queue de-duplicates. */
record RequestKey(SourceKind source, String namespace, String name) {
    LoadBalancerId id() {
        return LoadBalancerId.of(namespace, name);
    }

    /** @return {@code namespace/name}, the key of the object in its informer's cache */
    String cacheKey() {
        return namespace + "/" + name;
    }

    @Override
    public String toString() {
        return source.label() + "/" + namespace + "/" + name;
    }
}
