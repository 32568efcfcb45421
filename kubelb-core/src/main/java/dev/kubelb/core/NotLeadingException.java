package dev.kubelb.core;

/**
 * A write was about to be made by a replica that does not lead (any more): it is not made. The reconcile
 * ends there; the leader reconciles every request when its term starts.
 */
final class NotLeadingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotLeadingException(String what) {
        super("not leading: " + what + " not written", null, false, false);
    }
}
