package dev.kubelb.api;

import java.util.Objects;

/**
 * A credential given in clear text (MetalLB's {@code BGPPeer.spec.password}). Its {@link #toString()}
 * never shows the value, so it cannot leak into logs; prefer a {@link SecretRef}.
 *
 * @param value the clear-text value
 */
public record Password(String value) {

    /** Validates that the value is present. */
    public Password {
        Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
        return "Password[****]";
    }
}
