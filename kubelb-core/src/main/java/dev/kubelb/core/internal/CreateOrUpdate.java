package dev.kubelb.core.internal;

import dev.kubelb.core.ApplyStrategy;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;

/**
 * Create, or update with optimistic locking: the desired fields are merged onto the observed object and
 * written with the observed {@code resourceVersion}, so a concurrent change fails with 409 and is retried
 * by the caller with a fresh read.
 */
public final class CreateOrUpdate implements ApplyStrategy {
    @Override
    public boolean createFailsWhenPresent() {
        return true;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Outcome apply(KubernetesClient client, HasMetadata desired, HasMetadata existing) {
        if (existing == null) {
            client.resource(desired).create();
            return Outcome.CREATED;
        }
        if (Trees.covers(existing, desired)) {
            return Outcome.UNCHANGED;
        }
        Map<String, Object> merged = (Map<String, Object>) Trees.merge(Trees.toMap(existing), Trees.toMap(desired));
        merged.remove("status");
        HasMetadata update = Trees.SERIALIZATION.convertValue(merged, desired.getClass());
        update.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
        client.resource(update).update();
        return Outcome.UPDATED;
    }
}
