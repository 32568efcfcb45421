package dev.kubelb.core;

import dev.kubelb.api.Allocation;
import dev.kubelb.api.AllocationFailure;
import dev.kubelb.api.LoadBalancerId;
import dev.kubelb.api.UsageSnapshot;

/**
 * Hooks for metrics and auditing; every method has an empty default, so a host overrides only what it
 * needs (e.g. binding counters to Micrometer) and no metrics library is forced on anyone. Called from
 * worker threads; implementations must be thread-safe and fast.
 */
public interface KubeLbListener {

    /**
     * @param id the request
     * @param outcome {@code ok}, {@code failed}, {@code error} (retried), {@code deleted} or {@code deferred}
     *     (its kind's cache not synced yet; retried)
     * @param nanos how long the reconcile took
     */
    default void reconciled(LoadBalancerId id, String outcome, long nanos) {
    }

    /**
     * @param allocation a new allocation
     */
    default void allocated(Allocation allocation) {
    }

    /**
     * Called once when a request is refused: not again while it stays refused for the same reason with
     * the same message (the request's Ready condition already says so).
     *
     * @param failure an allocation failure
     */
    default void allocationFailed(AllocationFailure failure) {
    }

    /**
     * @param id a request whose addresses were released
     */
    default void released(LoadBalancerId id) {
    }

    /**
     * @param snapshot pool utilisation after a change
     */
    default void usage(UsageSnapshot snapshot) {
    }

    /**
     * Called when the engine's health changes: leadership, a watch failing or recovering, the appliance
     * configuration becoming invalid or valid again.
     *
     * @param health the engine's health now
     */
    default void healthChanged(Health health) {
    }
}
