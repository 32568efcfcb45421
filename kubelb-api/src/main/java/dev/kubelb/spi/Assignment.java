package dev.kubelb.spi;

import dev.kubelb.api.Allocation;
import dev.kubelb.api.LoadBalancerRequest;
import java.util.Objects;

/**
 * A request together with the addresses it holds.
 *
 * @param request the request
 * @param allocation its allocation
 */
public record Assignment(LoadBalancerRequest request, Allocation allocation) {

    /** Validates that both belong to the same request. */
    public Assignment {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(allocation, "allocation");
        if (!request.id().equals(allocation.id())) {
            throw new IllegalArgumentException("allocation " + allocation.id() + " is not for " + request.id());
        }
    }
}
