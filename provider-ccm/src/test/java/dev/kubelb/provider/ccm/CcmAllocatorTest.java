package dev.kubelb.provider.ccm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelb.api.Allocation;
import dev.kubelb.api.AllocationResult;
import dev.kubelb.api.FailureReason;
import dev.kubelb.api.IpAddress;
import dev.kubelb.api.IpFamily;
import dev.kubelb.api.LoadBalancerId;
import dev.kubelb.api.Visibility;
import dev.kubelb.spi.ApplianceStatus;
import io.fabric8.kubernetes.api.model.LoadBalancerIngressBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The delegating allocator: pending until the cloud answers, then the cloud's addresses. */
class CcmAllocatorTest {
    private static final LoadBalancerId WEB = LoadBalancerId.of("tenant-a", "web");

    @Test
    void pendingUntilTheCloudReportsAnIpThenAllocated() {
        CcmAllocator a = new CcmAllocator(Fixtures.profile("gcp"));
        AllocationResult first = a.allocate(Fixtures.web().build());
        assertThat(first).isEqualTo(new AllocationResult.Pending(WEB,
                "waiting for the gcp cloud controller to provision the load balancer"));
        assertThat(a.lookup(WEB)).isEmpty();
        a.record(WEB, ApplianceStatus.ready(List.of(ApplianceStatus.Ingress.ofIp("34.1.2.3"),
                ApplianceStatus.Ingress.ofIp("2600:1900::7"), ApplianceStatus.Ingress.ofIp("34.1.2.4"))));
        Allocation expected = new Allocation(WEB, "ccm/gcp", List.of(IpAddress.parse("34.1.2.3"),
                IpAddress.parse("2600:1900::7")), Optional.empty());
        assertThat(a.allocate(Fixtures.web().build())).isEqualTo(new AllocationResult.Allocated(expected));
        assertThat(a.lookup(WEB)).contains(expected);
        assertThat(a.allocations()).containsExactly(expected);
        assertThat(a.snapshot().addressesByTenant()).isEqualTo(Map.of("tenant-a", 2L));
        assertThat(a.snapshot().pools()).isEmpty();
        assertThat(a.release(WEB)).isTrue();
        assertThat(a.release(WEB)).isFalse();
        assertThat(a.lookup(WEB)).isEmpty();
    }

    @Test
    void aHostnameOnlyAnswerStaysPendingAndSaysWhy() {
        CcmAllocator a = new CcmAllocator(Fixtures.profile("aws"));
        a.allocate(Fixtures.web().build());
        ApplianceStatus aws = ApplianceStatus.ready(List.of(new ApplianceStatus.Ingress(Optional.empty(),
                Optional.of("web-1.elb.eu-west-1.amazonaws.com"), Optional.empty(), List.of())));
        assertThat(a.record(WEB, aws)).isEqualTo(new AllocationResult.Pending(WEB, "the aws cloud controller reports"
                + " host name web-1.elb.eu-west-1.amazonaws.com and no IP address; the host name is the load"
                + " balancer's address (see the observed status)"));
        assertThat(a.observed(WEB)).contains(aws);
        assertThat(a.allocations()).isEmpty();
    }

    @Test
    void aFailureReportedByTheCloudIsPendingWhileItRetries() {
        CcmAllocator a = new CcmAllocator(Fixtures.profile("gcp"));
        ApplianceStatus failed = new ApplianceStatus(ApplianceStatus.State.FAILED, List.of(), Optional.empty(),
                "SyncLoadBalancerFailed: quota", Optional.empty());
        a.record(WEB, failed);
        assertThat(a.allocate(Fixtures.web().build())).isEqualTo(new AllocationResult.Pending(WEB,
                "the gcp cloud controller reports a failure and retries: SyncLoadBalancerFailed: quota"));
    }

    @Test
    void refusesStaticAddressesAndFamiliesTheCloudCannotServe() {
        AllocationResult hetzner = new CcmAllocator(Fixtures.profile("hetzner"))
                .allocate(Fixtures.web().requestedAddresses("203.0.113.7").build());
        assertThat(hetzner.failure()).hasValueSatisfying(f -> {
            assertThat(f.reason()).isEqualTo(FailureReason.ADDRESS_NOT_IN_POOL);
            assertThat(f.message()).startsWith("cloud 'hetzner' supports address.ipv4 only for internal load"
                    + " balancers, this one is public: Hetzner Cloud assigns");
        });
        AllocationResult internal = new CcmAllocator(Fixtures.profile("hetzner")).allocate(Fixtures.web()
                .exposure(Fixtures.exposure(Visibility.INTERNAL)).requestedAddresses("10.0.0.7").build());
        assertThat(internal).isInstanceOf(AllocationResult.Pending.class);
        AllocationResult v6 = new CcmAllocator(Fixtures.profile("aws")).allocate(Fixtures.web()
                .ipFamilies(IpFamily.IPV6).build());
        assertThat(v6.failure()).hasValueSatisfying(f -> assertThat(f.reason())
                .isEqualTo(FailureReason.FAMILY_UNAVAILABLE));
    }

    @Test
    void reserveRebuildsFromTheClusterAndRefusesAnAddressReportedForAnother() {
        CcmAllocator a = new CcmAllocator(Fixtures.profile("azure"));
        Allocation existing = new Allocation(WEB, "ccm/azure", List.of(IpAddress.parse("20.1.2.3")),
                Optional.empty());
        assertThat(a.reserve(Fixtures.web().build(), existing)).isEqualTo(new AllocationResult.Allocated(existing));
        var other = dev.kubelb.api.LoadBalancerRequest.builder("tenant-b", "api")
                .port(dev.kubelb.api.PortSpec.tcp(80)).build();
        AllocationResult clash = a.reserve(other, new Allocation(other.id(), "ccm/azure",
                List.of(IpAddress.parse("20.1.2.3")), Optional.empty()));
        assertThat(clash.failure()).hasValueSatisfying(f -> {
            assertThat(f.reason()).isEqualTo(FailureReason.ADDRESS_IN_USE);
            assertThat(f.message()).isEqualTo("20.1.2.3 is already reported for tenant-a/web");
        });
    }

    @Test
    void observingARenderedServiceFeedsTheSessionsAllocator() {
        CcmSession s = Fixtures.session("gcp");
        Service rendered = s.renderService(Fixtures.web().build(), Optional.empty(),
                dev.kubelb.api.ApplianceConfig.EMPTY);
        assertThat(CcmSession.requestOf(rendered)).contains(WEB);
        assertThat(s.allocator().allocate(Fixtures.web().build())).isInstanceOf(AllocationResult.Pending.class);
        Service served = new ServiceBuilder(rendered).withNewStatus().withNewLoadBalancer()
                .withIngress(new LoadBalancerIngressBuilder().withIp("34.9.9.9").build()).endLoadBalancer()
                .endStatus().build();
        s.observe(served);
        assertThat(s.allocator().allocate(Fixtures.web().build()).allocation()).hasValueSatisfying(al ->
                assertThat(al.addresses()).containsExactly(IpAddress.parse("34.9.9.9")));
        Service foreign = new ServiceBuilder(served).editMetadata()
                .addToAnnotations(CcmSession.REQUEST_ANNOTATION, "not an id").endMetadata().build();
        assertThat(CcmSession.requestOf(foreign)).isEmpty();
    }
}
