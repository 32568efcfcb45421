package dev.kubelb.spi;

import dev.kubelb.api.FailureReason;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the appliance answered on a load balancer's {@code Service}.
 *
 * @param state pending, ready or failed
 * @param ingress the addresses / host names the appliance reports
 * @param reason the failure translated to a neutral reason, when failed and translatable
 * @param message the appliance's own words
 * @param pool the pool the appliance says it allocated from, if it says
 */
public record ApplianceStatus(State state, List<Ingress> ingress, Optional<FailureReason> reason, String message,
        Optional<String> pool) {

    /** Copies the list. */
    public ApplianceStatus {
        Objects.requireNonNull(state, "state");
        ingress = List.copyOf(ingress);
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(pool, "pool");
    }

    /**
     * @param message what is awaited
     * @return a pending status
     */
    public static ApplianceStatus pending(String message) {
        return new ApplianceStatus(State.PENDING, List.of(), Optional.empty(), message, Optional.empty());
    }

    /**
     * @param ingress the reported ingress points
     * @return a ready status
     */
    public static ApplianceStatus ready(List<Ingress> ingress) {
        return new ApplianceStatus(State.READY, ingress, Optional.empty(), "", Optional.empty());
    }

    /** The appliance's state for one load balancer. */
    public enum State {
        /** Not answered yet. */
        PENDING,
        /** Serving; ingress is set. */
        READY,
        /** Refused or failed. */
        FAILED
    }

    /**
     * One ingress point of {@code status.loadBalancer.ingress}.
     *
     * @param ip the IP, if the appliance gives one
     * @param hostname the host name, if the appliance gives one (AWS)
     * @param ipMode {@code VIP} or {@code Proxy}, if given
     * @param portErrors per-port errors ({@code ports[].error}), as {@code port/PROTOCOL: error}
     */
    public record Ingress(Optional<String> ip, Optional<String> hostname, Optional<String> ipMode,
            List<String> portErrors) {

        /** Validates that an IP or a host name is present. */
        public Ingress {
            Objects.requireNonNull(ip, "ip");
            Objects.requireNonNull(hostname, "hostname");
            Objects.requireNonNull(ipMode, "ipMode");
            portErrors = List.copyOf(portErrors);
            if (ip.isEmpty() && hostname.isEmpty()) {
                throw new IllegalArgumentException("an ingress point has an ip or a hostname");
            }
        }

        /**
         * Reads a Service's {@code status.loadBalancer.ingress}: entries with neither an IP nor a host name
         * are skipped; blank values count as absent; {@code ports[].error} becomes
         * {@code port/PROTOCOL: error}.
         *
         * @param service a Service as observed
         * @return its ingress points, in order (empty while the appliance has not answered)
         */
        public static List<Ingress> of(io.fabric8.kubernetes.api.model.Service service) {
            if (service.getStatus() == null || service.getStatus().getLoadBalancer() == null
                    || service.getStatus().getLoadBalancer().getIngress() == null) {
                return List.of();
            }
            List<Ingress> out = new java.util.ArrayList<>();
            for (io.fabric8.kubernetes.api.model.LoadBalancerIngress i : service.getStatus().getLoadBalancer()
                    .getIngress()) {
                Optional<String> ip = nonBlank(i.getIp());
                Optional<String> hostname = nonBlank(i.getHostname());
                if (ip.isEmpty() && hostname.isEmpty()) {
                    continue;
                }
                List<String> errors = new java.util.ArrayList<>();
                if (i.getPorts() != null) {
                    for (io.fabric8.kubernetes.api.model.PortStatus p : i.getPorts()) {
                        if (p.getError() != null && !p.getError().isBlank()) {
                            errors.add(p.getPort() + "/" + (p.getProtocol() == null ? "TCP" : p.getProtocol()) + ": "
                                    + p.getError());
                        }
                    }
                }
                out.add(new Ingress(ip, hostname, nonBlank(i.getIpMode()), errors));
            }
            return List.copyOf(out);
        }

        private static Optional<String> nonBlank(String s) {
            return s == null || s.isBlank() ? Optional.empty() : Optional.of(s);
        }

        /**
         * @param ip an IP literal
         * @return an ingress point with just an IP
         */
        public static Ingress ofIp(String ip) {
            return new Ingress(Optional.of(ip), Optional.empty(), Optional.empty(), List.of());
        }
    }
}
