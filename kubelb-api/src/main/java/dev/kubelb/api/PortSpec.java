package dev.kubelb.api;

import java.util.Objects;

/**
 * One port: a front-end port a load balancer exposes, or a back-end port (e.g. a tenant NodePort).
 * Front-end and back-end ports are paired by name.
 *
 * @param name the port's name (may be empty when a request has a single port)
 * @param protocol the protocol
 * @param port the port number, 1..65535
 */
public record PortSpec(String name, Protocol protocol, int port) {

    /** Validates the port number. */
    public PortSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(protocol, "protocol");
        if (port < 1 || port > 65535) {
            throw ConfigurationException.field("port", "port " + port + " is out of range 1..65535");
        }
    }

    /**
     * @param name the name
     * @param protocol the protocol
     * @param port the number
     * @return the port
     */
    public static PortSpec of(String name, Protocol protocol, int port) {
        return new PortSpec(name, protocol, port);
    }

    /**
     * @param port the number
     * @return an unnamed TCP port
     */
    public static PortSpec tcp(int port) {
        return new PortSpec("", Protocol.TCP, port);
    }

    /**
     * @param other another port
     * @return whether the two collide for MetalLB-style sharing: same number and same protocol
     */
    public boolean collidesWith(PortSpec other) {
        return port == other.port && protocol == other.protocol;
    }
}
