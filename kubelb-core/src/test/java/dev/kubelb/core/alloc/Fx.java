package dev.kubelb.core.alloc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelb.api.AddressPool;
import dev.kubelb.api.AllocationFailure;
import dev.kubelb.api.AllocationResult;
import dev.kubelb.api.FailureReason;
import dev.kubelb.api.IpAddress;
import dev.kubelb.api.LoadBalancerRequest;
import dev.kubelb.api.PortSpec;
import dev.kubelb.core.PoolAllocator;
import java.util.stream.Collectors;

/** Shared fixtures for the allocator tests. */
final class Fx {
    private Fx() {
    }

    static AddressPool pool(String name, String... ranges) {
        return AddressPool.builder(name).addresses(ranges).build();
    }

    static PoolAllocator allocator(AddressPool... pools) {
        PoolAllocator.Builder b = PoolAllocator.builder();
        for (AddressPool p : pools) {
            b.pool(p);
        }
        return b.build();
    }

    /** A request with one TCP port 80. */
    static LoadBalancerRequest.Builder rb(String tenant, String name) {
        return LoadBalancerRequest.builder(tenant, name).port(PortSpec.tcp(80));
    }

    /** A request with the given ports. */
    static LoadBalancerRequest.Builder rbp(String tenant, String name, PortSpec... ports) {
        LoadBalancerRequest.Builder b = LoadBalancerRequest.builder(tenant, name);
        for (PortSpec p : ports) {
            b.port(p);
        }
        return b;
    }

    static LoadBalancerRequest req(String tenant, String name) {
        return rb(tenant, name).build();
    }

    /** @return the allocated addresses as text, comma-separated, IPv4 first */
    static String addrs(AllocationResult r) {
        return r.orElseThrow().addresses().stream().map(IpAddress::toString).collect(Collectors.joining(","));
    }

    static String pool(AllocationResult r) {
        return r.orElseThrow().pool();
    }

    static AllocationFailure failure(AllocationResult r, FailureReason reason) {
        assertThat(r).isInstanceOf(AllocationResult.Failed.class);
        AllocationFailure f = r.failure().orElseThrow();
        assertThat(f.reason()).as(f.message()).isEqualTo(reason);
        return f;
    }
}
