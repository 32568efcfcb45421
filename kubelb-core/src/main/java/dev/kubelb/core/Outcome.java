package dev.kubelb.core;

/** What reconciling one request came to, as the listener is told. */
enum Outcome {
    /** Served (or nothing to do). */
    OK("ok"),
    /** Released and cleaned up. */
    DELETED("deleted"),
    /** Refused, with the reason on the request. */
    FAILED("failed"),
    /** Put off: the cache of its kind has not synced yet (its CRD may not be installed); retried later. */
    DEFERRED("deferred"),
    /** An error; retried with backoff. */
    ERROR("error");

    private final String label;

    Outcome(String label) {
        this.label = label;
    }

    /** @return the name {@link KubeLbListener#reconciled} receives */
    String label() {
        return label;
    }
}
