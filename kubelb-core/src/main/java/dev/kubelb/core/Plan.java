package dev.kubelb.core;

import dev.kubelb.api.AdvertisementPreview;
import dev.kubelb.api.Allocation;
import dev.kubelb.api.AllocationFailure;
import dev.kubelb.api.LoadBalancerId;
import dev.kubelb.api.Problem;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The outcome of planning: what each request gets, what failed and why, and the exact objects that
 * must exist. Deterministic: the same input gives an identical plan.
 *
 * @param provider the provider's name
 * @param requests every request planned, in input order
 * @param allocations allocations, sorted by request id
 * @param pending requests whose appliance allocates and has not answered (delegated allocation)
 * @param failures typed failures, sorted by request id
 * @param warnings warnings from validation, allocation and the advertisement preview
 * @param objects the objects to exist: appliance configuration (when managed), then per request its
 *     Service and back-end wiring
 * @param preview what each peer will receive
 * @param managesConfiguration whether the appliance configuration objects are part of {@code objects}
 */
public record Plan(String provider, List<LoadBalancerId> requests, List<Allocation> allocations,
        List<LoadBalancerId> pending, List<AllocationFailure> failures, List<Problem> warnings,
        List<HasMetadata> objects, AdvertisementPreview preview, boolean managesConfiguration) {

    /** Copies the lists. */
    public Plan {
        Objects.requireNonNull(provider, "provider");
        requests = List.copyOf(requests);
        allocations = List.copyOf(allocations);
        pending = List.copyOf(pending);
        failures = List.copyOf(failures);
        warnings = List.copyOf(warnings);
        objects = List.copyOf(objects);
        Objects.requireNonNull(preview, "preview");
    }

    /**
     * @return the ids of failed requests (their existing objects are left as they are)
     */
    public Set<LoadBalancerId> failedIds() {
        Set<LoadBalancerId> s = new TreeSet<>();
        failures.forEach(f -> s.add(f.id()));
        return s;
    }
}
