package dev.kubelb.api;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A set of back ends, as KubeLB's {@code LoadBalancer.spec.endpoints[]}: every address combined with
 * every port (typically the tenant cluster's node addresses × the service's NodePorts).
 *
 * @param name the endpoint set's name (may be empty)
 * @param addresses the addresses (IP literals or host names)
 * @param ports the back-end ports, paired by name with the request's front-end ports
 * @param nodes the node each address belongs to, where known (an EndpointSlice then names it, so that
 *     {@code externalTrafficPolicy: Local} finds the endpoints local to a node)
 */
public record Backend(String name, List<String> addresses, List<PortSpec> ports, Map<String, Node> nodes) {

    /**
     * The node an address belongs to.
     *
     * @param name the Node's name
     * @param zone its {@code topology.kubernetes.io/zone}, when labelled
     */
    public record Node(String name, Optional<String> zone) {
        /** Checks the name. */
        public Node {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(zone, "zone");
        }
    }

    /**
     * A back-end set whose addresses belong to no known node.
     *
     * @param name the set's name
     * @param addresses the addresses
     * @param ports the back-end ports
     */
    public Backend(String name, List<String> addresses, List<PortSpec> ports) {
        this(name, addresses, ports, Map.of());
    }

    /** Copies the lists and checks that no address is blank. */
    public Backend {
        Objects.requireNonNull(name, "name");
        addresses = Checks.list(addresses, "addresses");
        ports = Checks.list(ports, "ports");
        nodes = Map.copyOf(Objects.requireNonNull(nodes, "nodes"));
        for (int i = 0; i < addresses.size(); i++) {
            if (addresses.get(i).isBlank()) {
                throw ConfigurationException.field("addresses[" + i + "]", "must not be blank");
            }
        }
    }
}
