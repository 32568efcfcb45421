package dev.kubelb.api;

import java.util.Objects;
import java.util.Optional;

/**
 * What an allocator answered for one request: {@link Allocated}, {@link Failed}, or {@link Pending}
 * (delegated allocation: the appliance has not answered yet).
 */
public sealed interface AllocationResult permits AllocationResult.Allocated, AllocationResult.Failed,
        AllocationResult.Pending {

    /** @return the request this result is for */
    LoadBalancerId id();

    /** @return the allocation, when allocated */
    default Optional<Allocation> allocation() {
        return this instanceof Allocated a ? Optional.of(a.value()) : Optional.empty();
    }

    /** @return the failure, when failed */
    default Optional<AllocationFailure> failure() {
        return this instanceof Failed f ? Optional.of(f.value()) : Optional.empty();
    }

    /**
     * @return the allocation
     * @throws AllocationException when the result is not {@link Allocated}
     */
    default Allocation orElseThrow() {
        if (this instanceof Allocated a) {
            return a.value();
        }
        if (this instanceof Failed f) {
            throw new AllocationException(f.value());
        }
        throw new KubeLbException(id() + ": allocation is pending: " + ((Pending) this).message());
    }

    /**
     * Addresses were allocated.
     *
     * @param value the allocation
     */
    record Allocated(Allocation value) implements AllocationResult {
        /** Validates non-null. */
        public Allocated {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public LoadBalancerId id() {
            return value.id();
        }
    }

    /**
     * Allocation failed; nothing was changed.
     *
     * @param value the failure
     */
    record Failed(AllocationFailure value) implements AllocationResult {
        /** Validates non-null. */
        public Failed {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public LoadBalancerId id() {
            return value.id();
        }
    }

    /**
     * The appliance allocates and has not answered yet.
     *
     * @param id the request
     * @param message what is awaited
     */
    record Pending(LoadBalancerId id, String message) implements AllocationResult {
        /** Validates non-null. */
        public Pending {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(message, "message");
        }
    }
}
