package dev.kubelb.api;

/**
 * The single unchecked root of every exception kubelb-java throws through its public API.
 *
 * <p>Hosts may catch this type to handle any library failure; the subclasses say what went wrong:
 * {@link ConfigurationException} (bad configuration or input, with object and field),
 * {@link AllocationException} (an address could not be given) and {@link ProviderException}
 * (an appliance provider or the cluster failed).
 */
public class KubeLbException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message a message a human reads
     */
    public KubeLbException(String message) {
        super(message);
    }

    /**
     * @param message a message a human reads
     * @param cause the underlying failure
     */
    public KubeLbException(String message, Throwable cause) {
        super(message, cause);
    }
}
