package dev.kubelb.api;

/**
 * An address could not be allocated; carries the typed {@link AllocationFailure}.
 */
public class AllocationException extends KubeLbException {
    private static final long serialVersionUID = 1L;

    private final transient AllocationFailure failure;

    /**
     * @param failure the typed failure
     */
    public AllocationException(AllocationFailure failure) {
        super(failure.toString());
        this.failure = failure;
    }

    /**
     * @return the typed failure
     */
    public AllocationFailure failure() {
        return failure;
    }
}
