package dev.kubelb.core;

import dev.kubelb.api.LoadBalancerId;
import dev.kubelb.core.internal.Trees;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The objects a request owns (its Service in the management cluster, its EndpointSlices): applied from the
 * rendered desired state, pruned when no longer rendered, deleted with the request.
 */
final class OwnedObjects {
    private final EngineState state;
    private final Watches watches;
    private final Applier applier;
    private final StatusWriter status;

    OwnedObjects(EngineState state, Watches watches, Applier applier, StatusWriter status) {
        this.state = state;
        this.watches = watches;
        this.applier = applier;
        this.status = status;
    }

    /**
     * Applies the desired objects of a request and prunes what it no longer needs.
     *
     * @param servedBefore whether the request carried the finalizer before this reconcile
     * @return the owned Service among them, or null
     */
    Service apply(RequestKey key, HasMetadata source, List<HasMetadata> desired, boolean servedBefore) {
        Service managed = null;
        Map<String, HasMetadata> previous = state.applied.get(key);
        Map<String, HasMetadata> now = new ConcurrentSkipListMap<>();
        for (HasMetadata o : desired) {
            labelSource(o, key);
            String k = Applier.key(o);
            now.put(k, o);
            HasMetadata cached = watches.cached(o);
            HasMetadata last = previous == null ? null : previous.get(k);
            if (cached == null && last != null && sameJson(last, o) && !state.deleted.contains(k)) {
                // created or updated by us a moment ago; the watch has not delivered it yet
            } else {
                state.requireLeading(k);
                try {
                    // new to this request (never applied in this term, or a new request): nothing to read
                    // first, a conflict falls back to a read
                    boolean fresh = cached == null && (previous == null ? !servedBefore : last == null);
                    ApplyStrategy.Outcome outcome = fresh ? applier.create(o) : applier.applyOne(o, cached);
                    if (outcome != ApplyStrategy.Outcome.UNCHANGED) {
                        state.deleted.remove(k);
                    }
                } catch (OwnershipConflictException e) {
                    // someone else's object holds the name: reported on the request, retried with backoff
                    status.fail(key, source, "OwnedObjectConflict", e.getMessage());
                    throw e;
                }
            }
            if (o instanceof Service s) {
                managed = s;
            }
        }
        // prune what this request no longer needs: from memory, or (first time since start) from the cluster
        List<HasMetadata> toPrune = previous != null ? new ArrayList<>(previous.values())
                : servedBefore ? inCluster(key.id()) : List.of();
        for (HasMetadata stale : toPrune) {
            if (!now.containsKey(Applier.key(stale))) {
                state.requireLeading("prune " + Applier.key(stale));
                applier.delete(stale);
            }
        }
        state.applied.put(key, now);
        return managed;
    }

    /**
     * Deletes everything the request owns.
     *
     * @param gone whether the request source itself is gone (then it is forgotten entirely)
     * @return whether anything was deleted
     */
    boolean deleteAll(RequestKey key, boolean gone) {
        // from memory when this process applied it (or cleaned up already), else from the cluster
        Map<String, HasMetadata> known = state.applied.get(key);
        List<HasMetadata> owned = known != null ? new ArrayList<>(known.values()) : inCluster(key.id());
        owned.removeIf(o -> SourceKind.of(EngineState.labels(o)) != key.source());
        for (HasMetadata o : owned) {
            state.requireLeading("delete " + Applier.key(o));
            applier.delete(o);
        }
        if (gone) {
            state.applied.remove(key);
            state.recent.forget(key.toString());
        } else {
            state.applied.put(key, new ConcurrentSkipListMap<>()); // owns nothing now; forgotten with the request
        }
        return !owned.isEmpty();
    }

    private static void labelSource(HasMetadata o, RequestKey key) {
        Map<String, String> l = new TreeMap<>(EngineState.labels(o));
        l.put(KubeLbLabels.SOURCE, key.source().label());
        o.getMetadata().setLabels(l);
    }

    private List<HasMetadata> inCluster(LoadBalancerId id) {
        List<HasMetadata> out = new ArrayList<>();
        try {
            out.addAll(state.client.services().inNamespace(id.tenant())
                    .withLabel(KubeLbLabels.MANAGED_BY, KubeLbLabels.MANAGER)
                    .withLabel(KubeLbLabels.REQUEST, id.name()).list().getItems());
            out.addAll(state.client.discovery().v1().endpointSlices().inNamespace(id.tenant())
                    .withLabel(KubeLbLabels.MANAGED_BY, KubeLbLabels.MANAGER)
                    .withLabel(KubeLbLabels.REQUEST, id.name()).list().getItems());
        } catch (KubernetesClientException e) {
            throw Applier.wrap("list objects of " + id, e);
        }
        out.removeIf(o -> !id.tenant().equals(EngineState.labels(o).get(KubeLbLabels.TENANT)));
        return out;
    }

    private static boolean sameJson(HasMetadata a, HasMetadata b) {
        return Trees.SERIALIZATION.asJson(a).equals(Trees.SERIALIZATION.asJson(b));
    }
}
