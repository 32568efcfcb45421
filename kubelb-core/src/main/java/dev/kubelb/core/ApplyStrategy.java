package dev.kubelb.core;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * How a desired object is written: the seam between the engine and the API server. Both built-in
 * strategies write nothing when the observed object already carries everything desired.
 */
@FunctionalInterface
public interface ApplyStrategy {

    /**
     * @param client the client
     * @param desired a freshly built desired object (never a cached one)
     * @param existing the observed object, or null when absent
     * @return what happened
     */
    Outcome apply(KubernetesClient client, HasMetadata desired, HasMetadata existing);

    /**
     * Whether applying to an absent object ({@code existing == null}) fails when the object exists after
     * all (a create does, with 409; server-side apply does not: it would change the object). When it does
     * not, the engine reads before writing an object it has not seen, so that it never takes over an
     * object it does not manage.
     *
     * @return true when a write meant to create never changes an existing object
     */
    default boolean createFailsWhenPresent() {
        return false;
    }

    /** What an apply did. */
    enum Outcome {
        /** The object was created. */
        CREATED,
        /** The object was changed. */
        UPDATED,
        /** Nothing was written. */
        UNCHANGED
    }

    /**
     * @return server-side apply with field manager {@code kubelb} and forced conflicts (for real clusters)
     */
    static ApplyStrategy serverSideApply() {
        return new dev.kubelb.core.internal.ServerSideApply();
    }

    /**
     * @return create, or update with optimistic locking on the observed resourceVersion, merging the
     *     desired fields onto the observed object (for API servers without server-side apply, such as the
     *     fabric8 mock server)
     */
    static ApplyStrategy createOrUpdate() {
        return new dev.kubelb.core.internal.CreateOrUpdate();
    }
}
