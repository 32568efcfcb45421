package dev.kubelb.provider.metallb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelb.api.AddressPool;
import dev.kubelb.api.Allocation;
import dev.kubelb.api.AllocationFailure;
import dev.kubelb.api.ApplianceConfig;
import dev.kubelb.api.IpAddress;
import dev.kubelb.api.LabelSelector;
import dev.kubelb.api.LoadBalancerRequest;
import dev.kubelb.api.PoolScope;
import dev.kubelb.api.PortSpec;
import dev.kubelb.spi.Assignment;
import dev.kubelb.spi.ProviderContext;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** MetalLB's own checks on kubelb's allocations before they are pinned. */
class VetTest {
    private final MetalLbSession session = new MetalLbSession(ProviderContext.offline("metallb-system"));

    private static final ApplianceConfig CONFIG = ApplianceConfig.builder()
            .pool(AddressPool.builder("extern").addresses("10.10.255.0/24").avoidBuggyIps(true).build())
            .pool(AddressPool.builder("team").addresses("192.0.2.0/24").scope(new PoolScope(Optional.empty(),
                    List.of("team-a"), List.of(LabelSelector.of(Map.of("team", "b"))), List.of())).build())
            .build();

    private static Assignment assign(String tenant, Map<String, String> tenantLabels, String pool, String address) {
        LoadBalancerRequest r = LoadBalancerRequest.builder(tenant, "web").port(PortSpec.tcp(80))
                .tenantLabels(tenantLabels).build();
        return new Assignment(r, new Allocation(r.id(), pool, List.of(IpAddress.parse(address)), Optional.empty()));
    }

    @Test
    void acceptsWhatMetalLbAccepts() {
        assertThat(session.vet(CONFIG, List.of(assign("tenant-a", Map.of(), "extern", "10.10.255.1"),
                assign("team-a", Map.of(), "team", "192.0.2.1"),
                assign("other", Map.of("team", "b"), "team", "192.0.2.2")))).isEmpty();
    }

    @Test
    void refusesWhatMetalLbRefuses() {
        List<AllocationFailure> f = session.vet(CONFIG, List.of(
                assign("a", Map.of(), "extern", "10.10.255.255"),
                assign("b", Map.of(), "gone", "10.10.255.7"),
                assign("c", Map.of("team", "c"), "team", "192.0.2.3")));
        assertThat(f).extracting(AllocationFailure::toString).containsExactly(
                "a/web: ADDRESS_NOT_IN_POOL: MetalLB would refuse 10.10.255.255: IPAddressPool/extern does not hand "
                        + "it out",
                "b/web: NO_POOL: MetalLB would refuse [10.10.255.7]: IPAddressPool/gone is not in its configuration",
                "c/web: POOL_NOT_ALLOWED: MetalLB would refuse [192.0.2.3]: IPAddressPool/team does not serve "
                        + "namespace c");
    }
}
