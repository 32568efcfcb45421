package dev.kubelb.api;

import java.util.Optional;

/**
 * A cloud load balancer's health check towards the back ends. Every field is optional: an unset field
 * keeps the cloud's default.
 *
 * @param protocol {@code TCP}, {@code HTTP} or {@code HTTPS}
 * @param port the port probed
 * @param path the HTTP path probed
 * @param intervalSeconds seconds between probes
 * @param healthyThreshold successes before a back end is healthy
 * @param unhealthyThreshold failures before a back end is unhealthy
 */
public record HealthCheck(Optional<String> protocol, Optional<Integer> port, Optional<String> path,
        Optional<Integer> intervalSeconds, Optional<Integer> healthyThreshold, Optional<Integer> unhealthyThreshold) {

    /** No health-check settings: the cloud's defaults. */
    public static final HealthCheck DEFAULT = new HealthCheck(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty());

    /** Validates the ranges. */
    public HealthCheck {
        Checks.opt(protocol, "healthCheck.protocol");
        Checks.opt(path, "healthCheck.path");
        protocol.ifPresent(p -> {
            if (!java.util.Set.of("TCP", "HTTP", "HTTPS").contains(p)) {
                throw ConfigurationException.field("healthCheck.protocol", "'" + p + "' is not TCP, HTTP or HTTPS");
            }
        });
        positive(Checks.opt(port, "healthCheck.port"), "healthCheck.port", 65535);
        positive(Checks.opt(intervalSeconds, "healthCheck.intervalSeconds"), "healthCheck.intervalSeconds", 3600);
        positive(Checks.opt(healthyThreshold, "healthCheck.healthyThreshold"), "healthCheck.healthyThreshold", 100);
        positive(Checks.opt(unhealthyThreshold, "healthCheck.unhealthyThreshold"), "healthCheck.unhealthyThreshold", 100);
    }

    private static void positive(Optional<Integer> v, String field, int max) {
        if (v.isPresent() && (v.get() < 1 || v.get() > max)) {
            throw ConfigurationException.field(field, "must be between 1 and " + max + ", got " + v.get());
        }
    }

    /** @return whether any setting is given */
    public boolean isSet() {
        return !equals(DEFAULT);
    }
}
