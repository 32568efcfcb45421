package dev.kubelb.core;

import dev.kubelb.core.internal.SelectiveStore;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The Service requests' own EndpointSlices ({@link ServiceBackends#ENDPOINTS}): the store of the watch of
 * every slice that names a Service ({@link Watches}), keeping only those of Services the engine keeps, so that a cluster's other slices
 * cost no memory. Nothing re-offers a slice forgotten, so a Service that became a request after its slices
 * went by has them read once from the API server.
 */
final class PodSlices {
    static final String WATCH = "tenant EndpointSlices";

    private final EngineState state;
    private final Function<String, Service> cachedService;
    private final SelectiveStore<EndpointSlice> store;
    /** Service requests whose slices are known to be in {@link #store}. */
    private final Set<String> known = ConcurrentHashMap.newKeySet();

    /** @param cachedService a Service the engine keeps, by {@code namespace/name}, or null */
    PodSlices(EngineState state, Function<String, Service> cachedService) {
        this.state = state;
        this.cachedService = cachedService;
        this.store = new SelectiveStore<>(e -> requestOf(e) != null, PodSlices::owner);
    }

    /** @return the store the watch keeps its slices in */
    SelectiveStore<EndpointSlice> store() {
        return store;
    }

    /** The watch listed after the Services: the slices of every Service kept then are in. */
    void synced(Stream<String> keptServices) {
        keptServices.forEach(known::add);
    }

    /** @return the Service request an EndpointSlice belongs to, when the engine keeps that Service */
    Service requestOf(EndpointSlice e) {
        String owner = owner(e);
        Service s = owner == null ? null : cachedService.apply(owner);
        return s == null || EngineState.owned(s) ? null : s;
    }

    private static String owner(EndpointSlice e) {
        String name = EngineState.labels(e).get(KubeLbLabels.SERVICE_NAME);
        return name == null ? null : e.getMetadata().getNamespace() + "/" + name;
    }

    /** @return a Service request's own slices, read once from the API server when the watch may have missed them */
    List<EndpointSlice> of(String namespace, String name) {
        String key = namespace + "/" + name;
        if (known.add(key)) {
            // resourceVersion 0: served from the API server's watch cache, not a quorum read of etcd. A slice the
            // watch passed by came from that same cache, so the cache holds it (or something newer)
            for (EndpointSlice e : state.client.discovery().v1().endpointSlices().inNamespace(namespace)
                    .withLabel(KubeLbLabels.SERVICE_NAME, name)
                    .list(new io.fabric8.kubernetes.api.model.ListOptionsBuilder().withResourceVersion("0").build())
                    .getItems()) {
                if (!EngineState.owned(e)) {
                    store.offer(e);
                }
            }
        }
        return store.group(key);
    }

    /** A Service the engine no longer keeps: its slices are forgotten, and read again if it returns. */
    void left(String key) {
        if (known.remove(key)) {
            store.forget(key);
        }
    }
}
