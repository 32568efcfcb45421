package dev.kubelb.core.internal;

import dev.kubelb.api.LoadBalancerId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The name of the Service the engine owns for a request (see {@link dev.kubelb.core.ObjectNames}). */
public final class ServiceNames {
    /** The prefix of every owned Service's name. */
    public static final String PREFIX = "kubelb-";

    private ServiceNames() {
    }

    /**
     * @param id the request
     * @return {@code kubelb-<name>}, a valid DNS-1035 label; names that are too long or contain dots are
     *     shortened and suffixed with a hash so that distinct requests never collide
     */
    public static String of(LoadBalancerId id) {
        String name = id.name();
        String candidate = PREFIX + name;
        if (candidate.length() <= 63 && name.indexOf('.') < 0) {
            return candidate;
        }
        String hash = hash(name);
        String body = (PREFIX + name.replace('.', '-'));
        body = body.substring(0, Math.min(body.length(), 63 - 9));
        while (body.endsWith("-")) {
            body = body.substring(0, body.length() - 1);
        }
        return body + "-" + hash;
    }

    private static String hash(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
