package dev.kubelb.api;

import java.util.Objects;

/**
 * A typed allocation failure: which request, why, and a message a human reads.
 *
 * @param id the request
 * @param reason the typed reason
 * @param message the explanation
 */
public record AllocationFailure(LoadBalancerId id, FailureReason reason, String message) {

    /** Validates non-null components. */
    public AllocationFailure {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return id + ": " + reason + ": " + message;
    }
}
