package dev.kubelb.core.internal;

import dev.kubelb.core.ApplyStrategy;
import dev.kubelb.core.KubeLbLabels;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;

/** Server-side apply as field manager {@code kubelb}, forcing conflicts. */
public final class ServerSideApply implements ApplyStrategy {
    @Override
    public Outcome apply(KubernetesClient client, HasMetadata desired, HasMetadata existing) {
        if (existing != null && Trees.covers(existing, desired)) {
            return Outcome.UNCHANGED;
        }
        client.resource(desired).fieldManager(KubeLbLabels.FIELD_MANAGER).forceConflicts().serverSideApply();
        return existing == null ? Outcome.CREATED : Outcome.UPDATED;
    }
}
