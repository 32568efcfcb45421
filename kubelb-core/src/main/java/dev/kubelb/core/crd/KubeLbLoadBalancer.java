package dev.kubelb.core.crd;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LoadBalancerStatus;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** KubeLB's {@code LoadBalancer} resource ({@code kubelb.k8c.io/v1alpha1}, namespaced, short name {@code lb}). */
@Group("kubelb.k8c.io")
@Version("v1alpha1")
@Kind("LoadBalancer")
@Plural("loadbalancers")
@ShortNames("lb")
public class KubeLbLoadBalancer extends CustomResource<KubeLbLoadBalancer.Spec, KubeLbLoadBalancer.Status>
        implements Namespaced {
    private static final long serialVersionUID = 1L;

    /** The resource's spec. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static class Spec {
        /** Back-end sets: addresses × ports. */
        public List<Endpoints> endpoints = new ArrayList<>();
        /** Ports the load balancer exposes. */
        public List<Port> ports = new ArrayList<>();
        /** {@code ClusterIP} (default) or {@code LoadBalancer}. */
        public String type;
        /** L7 host name (out of scope for L4). */
        public String hostname;
        /** {@code Cluster} or {@code Local}. */
        public String externalTrafficPolicy;
        /** Session persistence. */
        public Persistence persistence;
    }

    /** One back-end set. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static class Endpoints {
        /** Name of the set. */
        public String name;
        /** Addresses of the set. */
        public List<EndpointAddress> addresses = new ArrayList<>();
        /** Reference to an {@code Addresses} object in the same namespace. */
        public Reference addressesReference;
        /** Back-end ports. */
        public List<Port> ports = new ArrayList<>();
    }

    /** An address: IP or host name. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static class EndpointAddress {
        /** IP literal. */
        public String ip;
        /** Host name. */
        public String hostname;

        /** For Jackson. */
        public EndpointAddress() {
        }

        /** @param ip IP literal */
        public EndpointAddress(String ip) {
            this.ip = ip;
        }
    }

    /** An object reference by name. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static class Reference {
        /** Name. */
        public String name;
        /** Namespace (ignored: references stay in the tenant's namespace). */
        public String namespace;
    }

    /** A port. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static class Port {
        /** Name. */
        public String name;
        /** Number. */
        public Integer port;
        /** TCP or UDP. */
        public String protocol;

        /** For Jackson. */
        public Port() {
        }

        /** @param name name @param port number @param protocol protocol */
        public Port(String name, int port, String protocol) {
            this.name = name;
            this.port = port;
            this.protocol = protocol;
        }
    }

    /** Session persistence. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static class Persistence {
        /** {@code SourceIP}. */
        public String type;
    }

    /**
     * A part of the status that keeps the fields KubeLB's CRD has and this model does not (read, then
     * written back unchanged), so a status write never erases what KubeLB's own manager wrote.
     */
    public abstract static class KeepsUnknownFields {
        private final Map<String, Object> other = new LinkedHashMap<>();

        /** @return the fields this model does not know, by name */
        @JsonAnyGetter
        public Map<String, Object> other() {
            return other;
        }

        /**
         * @param key a field this model does not know
         * @param value its value
         */
        @JsonAnySetter
        public void other(String key, Object value) {
            other.put(key, value);
        }
    }

    /** The resource's status. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static class Status extends KeepsUnknownFields {
        /** The load balancer's ingress. */
        public LoadBalancerStatus loadBalancer;
        /** The exposed service's ports. */
        public ServiceStatus service;
        // no conditions: KubeLB's CRD has none, and the server prunes what its schema lacks; the engine's
        // Ready state lives in the KubeLbLabels.READY_ANNOTATION annotation instead
    }

    /** Service part of the status. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static class ServiceStatus extends KeepsUnknownFields {
        /** Ports with their upstream target ports. */
        public List<ServicePortStatus> ports = new ArrayList<>();
    }

    /** A service port with the upstream target port. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static class ServicePortStatus extends KeepsUnknownFields {
        /** Name. */
        public String name;
        /** Port. */
        public Integer port;
        /** Protocol. */
        public String protocol;
        /** Target port on the management cluster Service (int or string, as in KubeLB's CRD). */
        public IntOrString targetPort;
        /** Upstream (tenant) target port. */
        public Integer upstreamTargetPort;
    }
}
