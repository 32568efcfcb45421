package dev.kubelb.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubelb.api.ConfigurationException;
import dev.kubelb.api.IpAddress;
import dev.kubelb.api.IpFamily;
import dev.kubelb.api.IpFamilyPolicy;
import dev.kubelb.api.LoadBalancerRequest;
import dev.kubelb.api.PortSpec;
import dev.kubelb.api.Protocol;
import dev.kubelb.api.TrafficPolicy;
import dev.kubelb.core.Requests;
import dev.kubelb.core.crd.KubeLbAddresses;
import dev.kubelb.core.crd.KubeLbLoadBalancer;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RequestsTest {

    static ServiceBuilder svc() {
        return new ServiceBuilder().withNewMetadata().withName("web").withNamespace("tenant-a").endMetadata()
                .withNewSpec().withType("LoadBalancer")
                .addNewPort().withName("http").withProtocol("TCP").withPort(80).withNodePort(30080).endPort()
                .addNewPort().withName("dns").withProtocol("UDP").withPort(53).withNodePort(30053).endPort()
                .endSpec();
    }

    @Test
    void readsEveryFieldOfATenantService() {
        Service s = svc().editMetadata().addToLabels("app", "web")
                .addToAnnotations("metallb.io/loadBalancerIPs", "10.0.0.5,fd00::5")
                .addToAnnotations("metallb.io/address-pool", "extern")
                .addToAnnotations("metallb.io/allow-shared-ip", "key-1")
                .addToAnnotations("kubelb.dev/visibility", "internal")
                .endMetadata().editSpec().withIpFamilyPolicy("RequireDualStack").withIpFamilies("IPv4", "IPv6")
                .withExternalTrafficPolicy("Local").withSelector(Map.of("app", "web"))
                .withSessionAffinity("ClientIP").withLoadBalancerClass("kubelb.dev/l4").endSpec().build();
        LoadBalancerRequest r = Requests.fromService(s, Map.of("team", "a"), List.of("192.0.2.11"));
        assertThat(r.id().toString()).isEqualTo("tenant-a/web");
        assertThat(r.ports()).containsExactly(PortSpec.of("http", Protocol.TCP, 80), PortSpec.of("dns", Protocol.UDP, 53));
        assertThat(r.backends()).singleElement().satisfies(b -> {
            assertThat(b.addresses()).containsExactly("192.0.2.11");
            assertThat(b.ports()).containsExactly(PortSpec.of("http", Protocol.TCP, 30080),
                    PortSpec.of("dns", Protocol.UDP, 30053));
        });
        assertThat(r.ipFamilyPolicy()).isEqualTo(IpFamilyPolicy.REQUIRE_DUAL_STACK);
        assertThat(r.ipFamilies()).containsExactly(IpFamily.IPV4, IpFamily.IPV6);
        assertThat(r.requestedAddresses()).containsExactly(IpAddress.parse("10.0.0.5"), IpAddress.parse("fd00::5"));
        assertThat(r.pool()).contains("extern");
        assertThat(r.sharingKey()).contains("key-1");
        assertThat(r.trafficPolicy()).isEqualTo(TrafficPolicy.LOCAL);
        assertThat(r.podSelector()).containsEntry("app", "web");
        assertThat(r.tenantLabels()).containsEntry("team", "a");
        assertThat(r.loadBalancerClass()).contains("kubelb.dev/l4");
        assertThat(r.sessionAffinity()).isTrue();
        assertThat(r.exposure().visibility()).contains(dev.kubelb.api.Visibility.INTERNAL);
    }

    @Test
    void olderAnnotationKeysAndCiliumKeysAreRead() {
        Service s = svc().editMetadata().addToAnnotations("metallb.universe.tf/address-pool", "old")
                .addToAnnotations("lbipam.cilium.io/ips", "10.0.0.7")
                .addToAnnotations("lbipam.cilium.io/sharing-key", "k")
                .addToAnnotations("lbipam.cilium.io/sharing-cross-namespace", "tenant-b,tenant-c").endMetadata()
                .editSpec().withLoadBalancerIP("10.0.0.7").endSpec().build();
        LoadBalancerRequest r = Requests.fromService(s, Map.of(), List.of());
        assertThat(r.pool()).contains("old");
        assertThat(r.requestedAddresses()).containsExactly(IpAddress.parse("10.0.0.7"));
        assertThat(r.sharingKey()).contains("k");
        assertThat(r.sharingTenants()).containsExactly("tenant-b", "tenant-c");
    }

    @Test
    void metallbAnnotationTogetherWithLoadBalancerIpIsAnError() {
        Service s = svc().editMetadata().addToAnnotations("metallb.io/loadBalancerIPs", "10.0.0.5").endMetadata()
                .editSpec().withLoadBalancerIP("10.0.0.6").endSpec().build();
        assertThatThrownBy(() -> Requests.fromService(s, Map.of(), List.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("Service/tenant-a/web: spec.loadBalancerIP: both spec.loadBalancerIP and the "
                        + "metallb.io/loadBalancerIPs annotation are set; use only the annotation");
    }

    @Test
    void everyBadFieldIsReportedWithObjectAndField() {
        Service s = svc().editMetadata().addToAnnotations("metallb.io/loadBalancerIPs", "10.0.0.300").endMetadata()
                .editSpec().editFirstPort().withPort(70000).endPort().withExternalTrafficPolicy("Sometimes").endSpec()
                .build();
        assertThatThrownBy(() -> Requests.fromService(s, Map.of(), List.of()))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems())
                        .extracting(Object::toString).containsExactly(
                                "Service/tenant-a/web: spec.ports[0].port: port 70000 is out of range 1..65535",
                                "Service/tenant-a/web: metadata.annotations[metallb.io/loadBalancerIPs]: "
                                        + "'10.0.0.300' is not a valid IP address",
                                "Service/tenant-a/web: spec.externalTrafficPolicy: unknown policy 'Sometimes' "
                                        + "(expected Cluster or Local)"));
    }

    static KubeLbLoadBalancer loadBalancer() {
        KubeLbLoadBalancer lb = new KubeLbLoadBalancer();
        lb.getMetadata().setName("3f1c2b7e-uid");
        lb.getMetadata().setNamespace("tenant-acme");
        KubeLbLoadBalancer.Spec spec = new KubeLbLoadBalancer.Spec();
        spec.type = "LoadBalancer";
        spec.ports.add(new KubeLbLoadBalancer.Port("HTTP", 80, "TCP"));
        spec.ports.add(new KubeLbLoadBalancer.Port(null, 53, "UDP"));
        KubeLbLoadBalancer.Endpoints ep = new KubeLbLoadBalancer.Endpoints();
        ep.name = "default";
        ep.addresses.add(new KubeLbLoadBalancer.EndpointAddress("192.0.2.21"));
        ep.addressesReference = new KubeLbLoadBalancer.Reference();
        ep.addressesReference.name = "default";
        ep.ports.add(new KubeLbLoadBalancer.Port("http", 31080, "TCP"));
        ep.ports.add(new KubeLbLoadBalancer.Port("", 31053, "UDP"));
        spec.endpoints.add(ep);
        spec.persistence = new KubeLbLoadBalancer.Persistence();
        spec.persistence.type = "SourceIP";
        lb.setSpec(spec);
        return lb;
    }

    @Test
    void readsAKubeLbLoadBalancerWithKubeLbPortNamingAndAddressReferences() {
        KubeLbAddresses addrs = new KubeLbAddresses();
        addrs.setSpec(new KubeLbAddresses.Spec());
        addrs.getSpec().addresses.add(new KubeLbLoadBalancer.EndpointAddress("192.0.2.22"));
        LoadBalancerRequest r = Requests.fromLoadBalancer(loadBalancer(), Map.of(),
                n -> n.equals("default") ? Optional.of(addrs) : Optional.empty());
        assertThat(r.ports()).containsExactly(PortSpec.of("http", Protocol.TCP, 80), PortSpec.of("53-udp", Protocol.UDP, 53));
        assertThat(r.backends()).singleElement().satisfies(b -> {
            assertThat(b.addresses()).containsExactly("192.0.2.21", "192.0.2.22");
            assertThat(b.ports()).containsExactly(PortSpec.of("http", Protocol.TCP, 31080),
                    PortSpec.of("53-udp", Protocol.UDP, 31053));
        });
        assertThat(r.sessionAffinity()).isTrue();
    }

    @Test
    void aMissingAddressesReferenceIsNamed() {
        assertThatThrownBy(() -> Requests.fromLoadBalancer(loadBalancer(), Map.of(), n -> Optional.empty()))
                .hasMessage("LoadBalancer/tenant-acme/3f1c2b7e-uid: spec.endpoints[0].addressesReference.name: "
                        + "Addresses 'default' not found in namespace tenant-acme");
    }
}
