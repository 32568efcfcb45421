package dev.kubelb.api;

import java.util.List;
import java.util.Objects;

/**
 * A set of back ends, as KubeLB's {@code LoadBalancer.spec.endpoints[]}: every address combined with
 * every port (typically the tenant cluster's node addresses × the service's NodePorts).
 *
 * @param name the endpoint set's name (may be empty)
 * @param addresses the addresses (IP literals or host names)
 * @param ports the back-end ports, paired by name with the request's front-end ports
 */
public record Backend(String name, List<String> addresses, List<PortSpec> ports) {

    /** Copies the lists and checks that no address is blank. */
    public Backend {
        Objects.requireNonNull(name, "name");
        addresses = Checks.list(addresses, "addresses");
        ports = Checks.list(ports, "ports");
        for (int i = 0; i < addresses.size(); i++) {
            if (addresses.get(i).isBlank()) {
                throw ConfigurationException.field("addresses[" + i + "]", "must not be blank");
            }
        }
    }
}
