package dev.kubelb.provider.metallb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.kubelb.api.Allocation;
import dev.kubelb.api.ApplianceConfig;
import dev.kubelb.api.ConfigurationException;
import dev.kubelb.api.FailureReason;
import dev.kubelb.api.IpAddress;
import dev.kubelb.api.IpFamily;
import dev.kubelb.api.IpFamilyPolicy;
import dev.kubelb.api.LoadBalancerRequest;
import dev.kubelb.api.PortSpec;
import dev.kubelb.api.Problem;
import dev.kubelb.api.Protocol;
import dev.kubelb.api.TrafficPolicy;
import dev.kubelb.spi.ApplianceStatus;
import dev.kubelb.spi.ProviderContext;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.LoadBalancerIngressBuilder;
import io.fabric8.kubernetes.api.model.PortStatusBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The management-cluster Service MetalLB serves, tenant Service hints, and MetalLB's answers. */
class ServicesTest {
    private final MetalLbSession session = new MetalLbSession(ProviderContext.offline("metallb-system"));

    private static LoadBalancerRequest.Builder request() {
        return LoadBalancerRequest.builder("tenant-a", "web")
                .port(PortSpec.of("http", Protocol.TCP, 80))
                .port(PortSpec.of("dns", Protocol.UDP, 53));
    }

    @Test
    void rendersAPinnedLoadBalancerServiceWithoutSelector() {
        LoadBalancerRequest r = request().sharingKey("shared").trafficPolicy(TrafficPolicy.LOCAL)
                .sessionAffinity(true).build();
        Allocation a = new Allocation(r.id(), "extern", List.of(IpAddress.parse("10.10.255.200")),
                Optional.of("shared"));
        Service svc = session.renderService(r, Optional.of(a), ApplianceConfig.EMPTY);
        assertThat(Manifests.SERIALIZATION.asYaml(svc)).isEqualTo("""
                ---
                apiVersion: "v1"
                kind: "Service"
                metadata:
                  annotations:
                    metallb.io/address-pool: "extern"
                    metallb.io/allow-shared-ip: "shared"
                    metallb.io/loadBalancerIPs: "10.10.255.200"
                spec:
                  allocateLoadBalancerNodePorts: false
                  externalTrafficPolicy: "Local"
                  ipFamilies:
                  - "IPv4"
                  ipFamilyPolicy: "SingleStack"
                  ports:
                  - name: "http"
                    port: 80
                    protocol: "TCP"
                    targetPort: 80
                  - name: "dns"
                    port: 53
                    protocol: "UDP"
                    targetPort: 53
                  sessionAffinity: "ClientIP"
                  type: "LoadBalancer"
                """);
    }

    @Test
    void dualStackListsBothAddressesIpv4FirstAndFamiliesInRequestOrder() {
        LoadBalancerRequest r = request().ipFamilyPolicy(IpFamilyPolicy.REQUIRE_DUAL_STACK)
                .ipFamilies(IpFamily.IPV6, IpFamily.IPV4).build();
        Allocation a = new Allocation(r.id(), "dual", List.of(IpAddress.parse("2001:db8::5"),
                IpAddress.parse("192.0.2.5")), Optional.empty());
        Service svc = session.renderService(r, Optional.of(a), ApplianceConfig.EMPTY);
        assertThat(svc.getMetadata().getAnnotations()).containsExactly(
                Map.entry("metallb.io/address-pool", "dual"),
                Map.entry("metallb.io/loadBalancerIPs", "192.0.2.5,2001:db8::5"));
        assertThat(svc.getSpec().getIpFamilies()).containsExactly("IPv6", "IPv4");
        assertThat(svc.getSpec().getIpFamilyPolicy()).isEqualTo("RequireDualStack");
        assertThat(svc.getSpec().getExternalTrafficPolicy()).isEqualTo("Cluster");
        assertThat(svc.getSpec().getSessionAffinity()).isNull();
        assertThat(svc.getSpec().getSelector()).isNullOrEmpty();
    }

    @Test
    void singleStackIpv6AllocationSetsIpv6Family() {
        LoadBalancerRequest r = request().build();
        Allocation a = new Allocation(r.id(), "v6", List.of(IpAddress.parse("2001:db8::5")), Optional.empty());
        assertThat(session.renderService(r, Optional.of(a), ApplianceConfig.EMPTY).getSpec().getIpFamilies())
                .containsExactly("IPv6");
    }

    @Test
    void withoutAllocationTheRequestsOwnWishesAreForwarded() {
        LoadBalancerRequest r = request().pool("cheap").sharingKey("k").requestedAddresses("192.0.2.9").build();
        Service svc = session.renderService(r, Optional.empty(), ApplianceConfig.EMPTY);
        assertThat(svc.getMetadata().getAnnotations()).containsExactly(
                Map.entry("metallb.io/address-pool", "cheap"),
                Map.entry("metallb.io/allow-shared-ip", "k"),
                Map.entry("metallb.io/loadBalancerIPs", "192.0.2.9"));
    }

    @Test
    void loadBalancerClassComesFromTheSessionOption() {
        MetalLbSession s = new MetalLbSession(new ProviderContext(Optional.empty(), "", dev.kubelb.spi.ClusterInfo.UNKNOWN,
                Map.of(MetalLbSession.OPTION_LOAD_BALANCER_CLASS, "metallb.io/metallb")));
        assertThat(s.namespace()).isEqualTo("metallb-system");
        assertThat(s.renderService(request().loadBalancerClass("kubelb").build(), Optional.empty(),
                ApplianceConfig.EMPTY).getSpec().getLoadBalancerClass()).isEqualTo("metallb.io/metallb");
        assertThat(session.renderService(request().loadBalancerClass("kubelb").build(), Optional.empty(),
                ApplianceConfig.EMPTY).getSpec().getLoadBalancerClass()).isNull();
    }

    private static Service tenant(Map<String, String> annotations, String loadBalancerIp) {
        return new ServiceBuilder().withNewMetadata().withName("web").withNamespace("shop")
                .withAnnotations(annotations).endMetadata().withNewSpec().withType("LoadBalancer")
                .withLoadBalancerIP(loadBalancerIp).endSpec().build();
    }

    @Test
    void readsCurrentAndOlderAnnotations() {
        var hints = MetalLbServices.readHints(tenant(Map.of("metallb.io/loadBalancerIPs", "192.0.2.1, 2001:db8::1",
                "metallb.io/address-pool", "extern", "metallb.io/allow-shared-ip", "k"), null));
        assertThat(hints.addresses()).extracting(IpAddress::toString).containsExactly("192.0.2.1", "2001:db8::1");
        assertThat(hints.pool()).contains("extern");
        assertThat(hints.sharingKey()).contains("k");
        var old = MetalLbServices.readHints(tenant(Map.of("metallb.universe.tf/loadBalancerIPs", "192.0.2.2",
                "metallb.universe.tf/address-pool", "old", "metallb.universe.tf/allow-shared-ip", "ok"), null));
        assertThat(old.addresses()).extracting(IpAddress::toString).containsExactly("192.0.2.2");
        assertThat(old.pool()).contains("old");
        assertThat(old.sharingKey()).contains("ok");
        var both = MetalLbServices.readHints(tenant(Map.of("metallb.io/address-pool", "new",
                "metallb.universe.tf/address-pool", "old"), "192.0.2.3"));
        assertThat(both.pool()).as("the current key wins").contains("new");
        assertThat(both.addresses()).extracting(IpAddress::toString).containsExactly("192.0.2.3");
        assertThat(MetalLbServices.readHints(tenant(Map.of(), null)))
                .isEqualTo(new MetalLbServices.Hints(List.of(), Optional.empty(), Optional.empty()));
        LoadBalancerRequest r = hints.applyTo(LoadBalancerRequest.builder("shop", "web").port(PortSpec.tcp(80))
                .ipFamilyPolicy(IpFamilyPolicy.PREFER_DUAL_STACK)).build();
        assertThat(r.requestedAddresses()).isEqualTo(hints.addresses());
        assertThat(r.pool()).contains("extern");
        assertThat(r.sharingKey()).contains("k");
    }

    @Test
    void annotationAndFieldTogetherAreRefusedNamingTheField() {
        ConfigurationException e = catchThrowableOfType(ConfigurationException.class, () -> MetalLbServices.readHints(
                tenant(Map.of("metallb.io/loadBalancerIPs", "192.0.2.1"), "192.0.2.1")));
        assertThat(e.problems()).extracting(Problem::toString).containsExactly(
                "Service/shop/web: spec.loadBalancerIP: service can not have both metallb.io/loadBalancerIPs and "
                        + "spec.loadBalancerIP");
        ConfigurationException bad = catchThrowableOfType(ConfigurationException.class, () -> MetalLbServices.readHints(
                tenant(Map.of("metallb.universe.tf/loadBalancerIPs", "192.0.2.1,nope,192.0.2.2"), null)));
        assertThat(bad.problems()).extracting(Problem::toString).containsExactly(
                "Service/shop/web: metadata.annotations[metallb.universe.tf/loadBalancerIPs]: 'nope' is not a valid "
                        + "IP address",
                "Service/shop/web: metadata.annotations[metallb.universe.tf/loadBalancerIPs]: at most one address "
                        + "per family, got [192.0.2.1, 192.0.2.2]");
    }

    private static Service observed(String... ips) {
        ServiceBuilder b = new ServiceBuilder().withNewMetadata().withName("web").withNamespace("tenant-a")
                .addToAnnotations("metallb.io/ip-allocated-from-pool", "extern").endMetadata()
                .withNewSpec().withType("LoadBalancer").endSpec();
        if (ips.length > 0) {
            var lb = b.withNewStatus().withNewLoadBalancer();
            for (String ip : ips) {
                lb.addToIngress(new LoadBalancerIngressBuilder().withIp(ip).withIpMode("VIP")
                        .withPorts(new PortStatusBuilder().withPort(80).withProtocol("TCP").withError("Pending")
                                .build()).build());
            }
            lb.endLoadBalancer().endStatus();
        }
        return b.build();
    }

    @Test
    void observesReadyWithPoolAndPending() {
        ApplianceStatus ready = session.observe(observed("10.10.255.200"));
        assertThat(ready.state()).isEqualTo(ApplianceStatus.State.READY);
        assertThat(ready.pool()).contains("extern");
        assertThat(ready.ingress()).containsExactly(new ApplianceStatus.Ingress(Optional.of("10.10.255.200"),
                Optional.empty(), Optional.of("VIP"), List.of("80/TCP: Pending")));
        ApplianceStatus pending = session.observe(observed());
        assertThat(pending.state()).isEqualTo(ApplianceStatus.State.PENDING);
        assertThat(pending.message()).isEqualTo("waiting for MetalLB to assign an address");
    }

    private static Event event(String reason, String message) {
        return new EventBuilder().withReason(reason).withMessage(message).withType("Warning").build();
    }

    @Test
    void allocationFailedEventsBecomeTypedFailures() {
        String msg = "Failed to allocate IP for \"tenant-a/web\": no available IPs";
        ApplianceStatus failed = session.observe(observed(), List.of(event("AllocationFailed", msg)));
        assertThat(failed.state()).isEqualTo(ApplianceStatus.State.FAILED);
        assertThat(failed.reason()).contains(FailureReason.POOL_EXHAUSTED);
        assertThat(failed.message()).isEqualTo(msg);
        assertThat(session.observe(observed(), List.of(event("AllocationFailed", msg),
                event("IPAllocated", "Assigned IP [\"10.10.255.200\"]"))).state())
                .as("a later success supersedes the failure").isEqualTo(ApplianceStatus.State.PENDING);
        assertThat(session.observe(observed("10.10.255.200"), List.of(event("AllocationFailed", msg))).state())
                .isEqualTo(ApplianceStatus.State.READY);
        assertThat(session.observe(observed(), List.of(event("nodeAssigned", "announcing"))).state())
                .isEqualTo(ApplianceStatus.State.PENDING);
    }

    @Test
    void metallbAllocatorMessagesMapToReasons() {
        Map<String, FailureReason> cases = Map.of(
                "[\"192.0.2.1\"] is not allowed in config", FailureReason.ADDRESS_NOT_IN_POOL,
                "pool extern not compatible for ip assignment", FailureReason.POOL_NOT_ALLOWED,
                "unknown pool \"nope\"", FailureReason.NO_POOL,
                "can't change sharing key for \"a/b\", address also in use by a/c", FailureReason.ADDRESS_IN_USE,
                "port TCP/80 is already in use on \"192.0.2.1\"", FailureReason.INCOMPATIBLE_SHARING,
                "requested loadBalancer IP(s) [\"2001:db8::1\"] does not match the ipFamily of the service",
                FailureReason.FAMILY_UNAVAILABLE,
                "no available IPs", FailureReason.POOL_EXHAUSTED);
        cases.forEach((m, r) -> assertThat(MetalLbServices.failureReason("Failed to allocate IP for \"a/b\": " + m))
                .as(m).contains(r));
        assertThat(MetalLbServices.failureReason("something else")).isEmpty();
        ApplianceStatus lbFailed = session.observe(observed(), List.of(event("LoadBalancerFailed",
                "invalid requested loadbalancer IPs: invalid metallb.io/loadBalancerIPs: \"x\"")));
        assertThat(lbFailed.state()).isEqualTo(ApplianceStatus.State.FAILED);
        assertThat(lbFailed.reason()).isEmpty();
    }
}
