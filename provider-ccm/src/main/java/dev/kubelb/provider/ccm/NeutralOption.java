package dev.kubelb.provider.ccm;

import java.util.Optional;

/**
 * The neutral exposure options a {@link CloudProfile} maps to a cloud's own annotations. The
 * {@link #key()} is the key used in profile files and in error messages.
 */
public enum NeutralOption {
    /** A public (internet-facing) load balancer; also what an unset visibility means. */
    VISIBILITY_PUBLIC("visibility.public", "exposure.visibility"),
    /** An internal (private network only) load balancer. */
    VISIBILITY_INTERNAL("visibility.internal", "exposure.visibility"),
    /** A static IPv4 address asked for by the request. */
    ADDRESS_IPV4("address.ipv4", "requestedAddresses"),
    /** A static IPv6 address asked for by the request. */
    ADDRESS_IPV6("address.ipv6", "requestedAddresses"),
    /** Both address families on one load balancer. */
    DUAL_STACK("dualStack", "ipFamilyPolicy"),
    /** The subnet / network the load balancer is placed in. */
    SUBNET("subnet", "exposure.subnet"),
    /** The health-check protocol ({@code TCP}, {@code HTTP}, {@code HTTPS}). */
    HEALTH_CHECK_PROTOCOL("healthCheck.protocol", "exposure.healthCheck.protocol"),
    /** The health-check port. */
    HEALTH_CHECK_PORT("healthCheck.port", "exposure.healthCheck.port"),
    /** The health-check HTTP path. */
    HEALTH_CHECK_PATH("healthCheck.path", "exposure.healthCheck.path"),
    /** Seconds between health checks. */
    HEALTH_CHECK_INTERVAL("healthCheck.intervalSeconds", "exposure.healthCheck.intervalSeconds"),
    /** Successes before a back end is healthy. */
    HEALTH_CHECK_HEALTHY_THRESHOLD("healthCheck.healthyThreshold", "exposure.healthCheck.healthyThreshold"),
    /** Failures before a back end is unhealthy. */
    HEALTH_CHECK_UNHEALTHY_THRESHOLD("healthCheck.unhealthyThreshold", "exposure.healthCheck.unhealthyThreshold"),
    /** PROXY protocol towards the back ends. */
    PROXY_PROTOCOL("proxyProtocol", "exposure.proxyProtocol"),
    /** Client CIDRs allowed. */
    SOURCE_RANGES("sourceRanges", "exposure.sourceRanges");

    private final String key;
    private final String requestField;

    NeutralOption(String key, String requestField) {
        this.key = key;
        this.requestField = requestField;
    }

    /**
     * @return the key in profile files and messages, e.g. {@code healthCheck.path}
     */
    public String key() {
        return key;
    }

    /**
     * @return the field of the {@link dev.kubelb.api.LoadBalancerRequest} that carries the option
     */
    public String requestField() {
        return requestField;
    }

    /**
     * @param key a profile-file key such as {@code address.ipv4}
     * @return the option of that key
     */
    public static Optional<NeutralOption> fromKey(String key) {
        for (NeutralOption o : values()) {
            if (o.key.equals(key)) {
                return Optional.of(o);
            }
        }
        return Optional.empty();
    }
}
