package dev.kubelb.core.internal;

import dev.kubelb.core.ApplyStrategy;
import dev.kubelb.core.KubeLbLabels;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * Server-side apply as field manager {@code kubelb}, forcing conflicts. Nothing is sent when the observed
 * object already holds everything desired and kubelb owns no field the desired object dropped (a field
 * dropped is removed only by applying the whole desired state again, which is then done).
 */
public final class ServerSideApply implements ApplyStrategy {
    @Override
    public Outcome apply(KubernetesClient client, HasMetadata desired, HasMetadata existing) {
        if (existing != null && Trees.covers(existing, desired)
                && !ManagedFields.ownsFieldsNotIn(existing, desired, KubeLbLabels.FIELD_MANAGER)) {
            return Outcome.UNCHANGED;
        }
        client.resource(desired).fieldManager(KubeLbLabels.FIELD_MANAGER).forceConflicts().serverSideApply();
        return existing == null ? Outcome.CREATED : Outcome.UPDATED;
    }
}
