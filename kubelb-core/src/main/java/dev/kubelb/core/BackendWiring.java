package dev.kubelb.core;

import dev.kubelb.api.LoadBalancerRequest;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import java.util.List;

/**
 * How the management-cluster Service reaches the request's back ends. The default owns one
 * {@code EndpointSlice} per back-end set and address type, listing the tenant node addresses × NodePorts;
 * a host may plug another wiring (e.g. its own proxy) instead.
 */
@FunctionalInterface
public interface BackendWiring {

    /**
     * @param request the request (its back ends)
     * @param service the managed Service as rendered (name, namespace, labels, ports)
     * @return the objects that connect the Service to the back ends; the engine labels and owns them
     */
    List<HasMetadata> render(LoadBalancerRequest request, Service service);

    /**
     * @return the default wiring: {@code discovery.k8s.io/v1} EndpointSlices
     */
    static BackendWiring endpointSlices() {
        return new dev.kubelb.core.internal.EndpointSliceWiring();
    }
}
