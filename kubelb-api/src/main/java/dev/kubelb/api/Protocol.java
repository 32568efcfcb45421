package dev.kubelb.api;

import java.util.Locale;

/** An L4 protocol a load balancer port serves. */
public enum Protocol {
    /** TCP. */
    TCP,
    /** UDP. */
    UDP,
    /** SCTP. */
    SCTP;

    /**
     * @param text {@code TCP}, {@code UDP} or {@code SCTP} (case-insensitive); empty means TCP, as in
     *     Kubernetes
     * @return the protocol
     */
    public static Protocol parse(String text) {
        if (text == null || text.isEmpty()) {
            return TCP;
        }
        try {
            return valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ConfigurationException.field("protocol", "unknown protocol '" + text + "' (expected TCP, UDP or SCTP)");
        }
    }
}
