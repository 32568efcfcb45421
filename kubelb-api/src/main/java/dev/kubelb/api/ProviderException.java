package dev.kubelb.api;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * An appliance provider failed, or the cluster it talks to answered with an error. Carries the name of
 * the provider and, when the failure came from the Kubernetes API, its HTTP status code.
 */
public class ProviderException extends KubeLbException {
    private static final long serialVersionUID = 1L;

    private final String provider;
    private final int httpCode;

    /**
     * @param provider the provider's name (or {@code kubernetes} for API failures outside a provider)
     * @param message what failed
     * @param cause the underlying failure, may be null
     */
    public ProviderException(String provider, String message, Throwable cause) {
        this(provider, message, 0, cause);
    }

    /**
     * @param provider the provider's name
     * @param message what failed
     * @param httpCode the Kubernetes API's HTTP status code, 0 when none
     * @param cause the underlying failure, may be null
     */
    public ProviderException(String provider, String message, int httpCode, Throwable cause) {
        super("[" + Objects.requireNonNull(provider, "provider") + "] " + message
                + (httpCode > 0 ? " (HTTP " + httpCode + ")" : ""), cause);
        this.provider = provider;
        this.httpCode = httpCode;
    }

    /**
     * @return the provider's name
     */
    public String provider() {
        return provider;
    }

    /**
     * @return the HTTP status code of the Kubernetes API answer, if the failure came from one
     */
    public OptionalInt httpCode() {
        return httpCode > 0 ? OptionalInt.of(httpCode) : OptionalInt.empty();
    }
}
