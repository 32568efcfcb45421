package dev.kubelb.core;

import dev.kubelb.api.LoadBalancerId;
import dev.kubelb.core.internal.ServiceNames;

/** Names of the objects the engine owns, derived only from the request's identity. */
public final class ObjectNames {

    private ObjectNames() {
    }

    /**
     * The managed Service's name: {@code kubelb-<name>}, a valid DNS-1035 label; names that are too
     * long or contain dots are shortened and suffixed with a hash so that distinct requests never collide.
     *
     * @param id the request
     * @return the Service name (in the request's tenant namespace)
     */
    public static String serviceName(LoadBalancerId id) {
        return ServiceNames.of(id);
    }
}
