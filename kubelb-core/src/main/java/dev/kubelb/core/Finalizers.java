package dev.kubelb.core;

import dev.kubelb.api.ProviderException;
import dev.kubelb.core.crd.KubeLbLoadBalancer;
import dev.kubelb.core.internal.Trees;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.function.Supplier;

/**
 * The engine's finalizer on request sources, added before an address is handed out and removed once it is
 * released. Written as JSON patches guarded by the resourceVersion of the copy they are based on (no read
 * first; a stale copy fails and is retried), and remembered until the cache shows them.
 */
final class Finalizers {
    private static final PatchContext JSON_PATCH = new PatchContext.Builder().withPatchType(PatchType.JSON).build();

    private final EngineState state;
    private final Watches watches;

    Finalizers(EngineState state, Watches watches) {
        this.state = state;
        this.watches = watches;
    }

    static boolean has(HasMetadata o) {
        return o.getMetadata().getFinalizers() != null && o.getMetadata().getFinalizers().contains(KubeLbLabels.FINALIZER);
    }

    /** @return the source as it is after the finalizer is in place */
    HasMetadata ensure(RequestKey key, HasMetadata source) {
        if (has(source)) {
            return source;
        }
        boolean none = source.getMetadata().getFinalizers() == null || source.getMetadata().getFinalizers().isEmpty();
        String add = none ? "{\"op\":\"add\",\"path\":\"/metadata/finalizers\",\"value\":[\"" + KubeLbLabels.FINALIZER + "\"]}"
                : "{\"op\":\"add\",\"path\":\"/metadata/finalizers/-\",\"value\":\"" + KubeLbLabels.FINALIZER + "\"}";
        try {
            HasMetadata patched = patchGuarded(key, source, add, () -> null);
            return patched == null ? source : patched;
        } catch (KubernetesClientException e) {
            throw guardFailed("add finalizer to " + key, e);
        }
    }

    void remove(RequestKey key, HasMetadata source) {
        // remove the finalizer at the index observed
        int at = source.getMetadata().getFinalizers().indexOf(KubeLbLabels.FINALIZER);
        String remove = "{\"op\":\"test\",\"path\":\"/metadata/finalizers/" + at + "\",\"value\":\""
                + KubeLbLabels.FINALIZER + "\"},{\"op\":\"remove\",\"path\":\"/metadata/finalizers/" + at + "\"}";
        try {
            patchGuarded(key, source, remove, () -> {
                // the last finalizer gone, the server deleted the object and answered without it: remember
                // the object as it was left, so a reconcile before the watch tells does not patch again
                HasMetadata left = Trees.SERIALIZATION.clone(source);
                left.getMetadata().getFinalizers().remove(KubeLbLabels.FINALIZER);
                return left;
            });
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw guardFailed("remove finalizer from " + key, e);
            }
        }
    }

    /**
     * Sends a JSON patch (no read) guarded by a test of {@code source}'s resourceVersion, and remembers
     * the answer. It goes through {@code resource(source)}: fabric8 reads the object first when patching by
     * name only.
     *
     * @param ops the operations after the guard, comma-separated JSON objects
     * @param ifNoAnswer the object as the patch left it, for a server that answers without one
     * @return the object as it is after the patch
     */
    private HasMetadata patchGuarded(RequestKey key, HasMetadata source, String ops, Supplier<HasMetadata> ifNoAnswer) {
        state.requireLeading("finalizer of " + key);
        HasMetadata cached = watches.source(key);
        String patch = "[{\"op\":\"test\",\"path\":\"/metadata/resourceVersion\",\"value\":\""
                + source.getMetadata().getResourceVersion() + "\"}," + ops + "]";
        HasMetadata patched = source instanceof Service svc
                ? state.client.services().resource(svc).patch(JSON_PATCH, patch)
                : state.client.resources(KubeLbLoadBalancer.class).resource((KubeLbLoadBalancer) source)
                        .patch(JSON_PATCH, patch);
        if (patched == null) {
            patched = ifNoAnswer.get();
        }
        state.recent.wrote(key.toString(), cached, source.getMetadata().getResourceVersion(), patched);
        return patched;
    }

    /**
     * A guarded JSON patch that failed its {@code test} (the API server answers 422) or its
     * resourceVersion precondition (409) was based on a stale copy: reported as a conflict (409).
     */
    private static ProviderException guardFailed(String what, KubernetesClientException e) {
        if (e.getCode() == 422 || e.getCode() == 409) {
            return new ProviderException("kubernetes", what + ": the copy it was based on is stale", 409, e);
        }
        return Applier.wrap(what, e);
    }
}
