package dev.kubelb.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelb.api.AddressPool;
import dev.kubelb.api.Allocation;
import dev.kubelb.api.AllocationFailure;
import dev.kubelb.api.AllocationResult;
import dev.kubelb.api.ApplianceConfig;
import dev.kubelb.api.FailureReason;
import dev.kubelb.api.IpAddress;
import dev.kubelb.api.LoadBalancerId;
import dev.kubelb.api.LoadBalancerRequest;
import dev.kubelb.api.PortSpec;
import dev.kubelb.api.Protocol;
import dev.kubelb.api.ValidationReport;
import dev.kubelb.core.PoolAllocator;
import dev.kubelb.core.fixtures.TestProvider;
import dev.kubelb.spi.ApplianceStatus;
import dev.kubelb.spi.Assignment;
import dev.kubelb.spi.ProviderContext;
import dev.kubelb.spi.ProviderSession;
import dev.kubelb.spi.ResourceKind;
import dev.kubelb.spi.RouteAdvertiser;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The one allocate → vet path: re-allocation after a vet refusal, and the managed Service names given to vet. */
class AllocationPassTest {
    private static final ApplianceConfig CONFIG = ApplianceConfig.builder()
            .pool(AddressPool.builder("p").addresses("10.0.0.0-10.0.0.3").build()).build();

    /** Refuses, like Cilium before 1.18, sharers using one port number whatever the protocol. */
    static final class PortOnlySession implements ProviderSession {
        private final ProviderSession base = new TestProvider().open(ProviderContext.offline("x"));
        final List<String> names = new ArrayList<>();

        @Override
        public List<AllocationFailure> vet(ApplianceConfig config, List<Assignment> assignments) {
            return vet(config, assignments, id -> id.name());
        }

        @Override
        public List<AllocationFailure> vet(ApplianceConfig config, List<Assignment> assignments,
                Function<LoadBalancerId, String> serviceNames) {
            List<AllocationFailure> out = new ArrayList<>();
            for (Assignment a : assignments) {
                names.add(serviceNames.apply(a.request().id()));
                for (Assignment b : assignments) {
                    if (a != b && a.request().id().compareTo(b.request().id()) > 0 && collide(a, b)) {
                        out.add(new AllocationFailure(a.request().id(), FailureReason.INCOMPATIBLE_SHARING,
                                "port number in use on " + a.allocation().addresses()));
                    }
                }
            }
            return out;
        }

        private static boolean collide(Assignment a, Assignment b) {
            return a.allocation().addresses().stream().anyMatch(b.allocation().addresses()::contains)
                    && a.request().ports().stream().anyMatch(p -> b.request().ports().stream()
                            .anyMatch(q -> p.port() == q.port()));
        }

        @Override
        public String providerName() {
            return base.providerName();
        }

        @Override
        public List<ResourceKind> configKinds() {
            return base.configKinds();
        }

        @Override
        public boolean recognizes(HasMetadata object) {
            return base.recognizes(object);
        }

        @Override
        public ApplianceConfig importConfig(List<? extends HasMetadata> objects) {
            return base.importConfig(objects);
        }

        @Override
        public ValidationReport validate(ApplianceConfig config) {
            return base.validate(config);
        }

        @Override
        public List<HasMetadata> renderConfig(ApplianceConfig config, List<Assignment> assignments) {
            return base.renderConfig(config, assignments);
        }

        @Override
        public Service renderService(LoadBalancerRequest request, Optional<Allocation> allocation,
                ApplianceConfig config) {
            return base.renderService(request, allocation, config);
        }

        @Override
        public ApplianceStatus observe(Service service) {
            return base.observe(service);
        }

        @Override
        public RouteAdvertiser advertiser() {
            return base.advertiser();
        }
    }

    private static LoadBalancerRequest req(String name, Protocol proto, int port, String... requested) {
        LoadBalancerRequest.Builder b = LoadBalancerRequest.builder("t", name).sharingKey("k")
                .port(PortSpec.of(port + "-" + proto.name().toLowerCase(), proto, port));
        for (String r : requested) {
            b.requestedAddresses(List.of(IpAddress.parse(r)));
        }
        return b.build();
    }

    private static String addr(AllocationResult r) {
        return r.orElseThrow().addresses().get(0).toString();
    }

    @Test
    void aNewcomerRefusedOnASharedAddressGetsAnotherAndLaterSharersStillJoin() {
        PortOnlySession session = new PortOnlySession();
        PoolAllocator allocator = PoolAllocator.builder().pool(CONFIG.pools().get(0)).build();
        AllocationPass pass = new AllocationPass(session, CONFIG, allocator);
        assertThat(addr(pass.allocate(req("dns-tcp", Protocol.TCP, 53)))).isEqualTo("10.0.0.0");
        // the allocator would share 10.0.0.0 (TCP/53 and UDP/53 do not collide for it); the vet refuses
        AllocationResult udp = pass.allocate(req("dns-udp", Protocol.UDP, 53));
        assertThat(addr(udp)).isEqualTo("10.0.0.1");
        assertThat(addr(pass.allocate(req("dns-udp2", Protocol.UDP, 53)))).isEqualTo("10.0.0.2");
        // a compatible sharer still joins the lowest address
        assertThat(addr(pass.allocate(req("web", Protocol.TCP, 80)))).isEqualTo("10.0.0.0");
        assertThat(allocator.allocations()).hasSize(4);
        assertThat(session.names).contains("kubelb-dns-tcp", "kubelb-dns-udp").doesNotContain("dns-udp");
    }

    @Test
    void aRefusedPinStaysRefusedAndHoldsNothing() {
        PoolAllocator allocator = PoolAllocator.builder().pool(CONFIG.pools().get(0)).build();
        AllocationPass pass = new AllocationPass(new PortOnlySession(), CONFIG, allocator);
        pass.allocate(req("dns-tcp", Protocol.TCP, 53, "10.0.0.2"));
        AllocationResult r = pass.allocate(req("dns-udp", Protocol.UDP, 53, "10.0.0.2"));
        assertThat(r).isInstanceOf(AllocationResult.Failed.class);
        assertThat(r.failure().orElseThrow().reason()).isEqualTo(FailureReason.INCOMPATIBLE_SHARING);
        assertThat(allocator.lookup(new LoadBalancerId("t", "dns-udp"))).isEmpty();
    }

    @Test
    void whenEveryAddressIsRefusedTheAllocatorsFailureIsReturned() {
        ApplianceConfig one = ApplianceConfig.builder().pool(AddressPool.builder("p").addresses("10.0.0.9/32").build())
                .build();
        PoolAllocator allocator = PoolAllocator.builder().pool(one.pools().get(0)).build();
        AllocationPass pass = new AllocationPass(new PortOnlySession(), one, allocator);
        pass.allocate(req("dns-tcp", Protocol.TCP, 53));
        AllocationResult r = pass.allocate(req("dns-udp", Protocol.UDP, 53));
        assertThat(r.failure().orElseThrow().reason()).isEqualTo(FailureReason.POOL_EXHAUSTED);
        assertThat(allocator.lookup(new LoadBalancerId("t", "dns-udp"))).isEmpty();
    }
}
