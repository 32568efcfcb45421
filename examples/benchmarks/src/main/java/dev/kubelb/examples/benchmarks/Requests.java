package dev.kubelb.examples.benchmarks;

import dev.kubelb.api.AddressPool;
import dev.kubelb.api.IpFamily;
import dev.kubelb.api.LoadBalancerRequest;
import dev.kubelb.api.PortSpec;
import dev.kubelb.core.PoolAllocator;

/** Requests and pools shared by the benchmarks. */
final class Requests {
    static final String V6_POOL = "fd00::/64";
    static final String V4_POOL = "10.0.0.1-10.0.255.254"; // the 65,534 host addresses of 10.0.0.0/16
    private static final PortSpec TCP80 = PortSpec.tcp(80);

    private Requests() {
    }

    static LoadBalancerRequest v4(int i) {
        return LoadBalancerRequest.builder("bench", "lb-" + i).port(TCP80).build();
    }

    static LoadBalancerRequest v6(int i) {
        return v6("lb-" + i);
    }

    static LoadBalancerRequest v6(String name) {
        return LoadBalancerRequest.builder("bench", name).port(TCP80).ipFamilies(IpFamily.IPV6).build();
    }

    static PoolAllocator allocator(String range) {
        return PoolAllocator.builder().pool(AddressPool.builder("bench").addresses(range).build()).build();
    }
}
