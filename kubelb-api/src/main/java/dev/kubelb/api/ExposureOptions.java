package dev.kubelb.api;

import java.util.List;
import java.util.Optional;

/**
 * Neutral options for appliances that build the load balancer themselves (cloud CCMs). Each cloud
 * profile maps them to its own annotations; an option a cloud does not support is a validation error.
 * Static addresses are a request's {@code requestedAddresses}.
 *
 * @param visibility internal or public; empty = the cloud's default (public)
 * @param subnet the subnet / network to place the load balancer in
 * @param healthCheck health-check settings
 * @param proxyProtocol whether PROXY protocol is sent to the back ends
 * @param sourceRanges client CIDRs allowed (Kubernetes {@code loadBalancerSourceRanges})
 */
public record ExposureOptions(Optional<Visibility> visibility, Optional<String> subnet, HealthCheck healthCheck,
        boolean proxyProtocol, List<String> sourceRanges) {

    /** No options: the cloud's defaults. */
    public static final ExposureOptions DEFAULT =
            new ExposureOptions(Optional.empty(), Optional.empty(), HealthCheck.DEFAULT, false, List.of());

    /** Validates the source ranges as CIDRs. */
    public ExposureOptions {
        Checks.opt(visibility, "visibility");
        Checks.opt(subnet, "subnet");
        java.util.Objects.requireNonNull(healthCheck, "healthCheck");
        sourceRanges = Checks.list(sourceRanges, "sourceRanges");
        for (int i = 0; i < sourceRanges.size(); i++) {
            try {
                if (!AddressRange.parse(sourceRanges.get(i)).isCidr()) {
                    throw ConfigurationException.field("", "'" + sourceRanges.get(i) + "' is not a CIDR");
                }
            } catch (ConfigurationException e) {
                throw e.locate("", "sourceRanges[" + i + "]");
            }
        }
    }
}
