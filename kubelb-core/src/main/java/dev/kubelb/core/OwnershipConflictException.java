package dev.kubelb.core;

import dev.kubelb.api.ProviderException;

/**
 * An object the engine would own already exists and is not managed by kubelb (it lacks the label
 * {@code app.kubernetes.io/managed-by: kubelb}): the engine never takes over, changes or prunes such an
 * object. The request that needs the name is reported (condition {@code Ready=False}, reason
 * {@code OwnedObjectConflict}, and an Event) and retried with backoff, keeping its address, until the name
 * is free.
 */
public final class OwnershipConflictException extends ProviderException {
    private static final long serialVersionUID = 1L;

    /**
     * @param key {@code Kind/namespace/name} of the object found
     */
    public OwnershipConflictException(String key) {
        super("kubernetes", key + " exists and is not managed by kubelb (no label " + KubeLbLabels.MANAGED_BY
                + "=" + KubeLbLabels.MANAGER + "): it is never taken over", null);
    }
}
