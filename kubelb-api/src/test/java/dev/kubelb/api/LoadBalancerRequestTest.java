package dev.kubelb.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoadBalancerRequestTest {

    private static LoadBalancerRequest.Builder web() {
        return LoadBalancerRequest.builder("tenant-acme", "web").port(PortSpec.of("http", Protocol.TCP, 80));
    }

    @Test
    void buildsWithKubernetesDefaults() {
        LoadBalancerRequest r = web().build();
        assertThat(r.id()).isEqualTo(LoadBalancerId.of("tenant-acme", "web"));
        assertThat(r.ipFamilyPolicy()).isEqualTo(IpFamilyPolicy.SINGLE_STACK);
        assertThat(r.trafficPolicy()).isEqualTo(TrafficPolicy.CLUSTER);
        assertThat(r.exposure()).isEqualTo(ExposureOptions.DEFAULT);
        assertThat(r.effectiveFamilies()).containsExactly(IpFamily.IPV4);
        assertThat(r.toBuilder().build()).isEqualTo(r);
    }

    @Test
    void needsAtLeastOnePort() {
        assertThatThrownBy(() -> LoadBalancerRequest.builder("tenant-acme", "web").build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("ports: a load balancer needs at least one port");
    }

    @Test
    void rejectsDuplicatePortsByNumberAndProtocol() {
        assertThatThrownBy(() -> web().port(PortSpec.of("alt", Protocol.TCP, 80)).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("ports[1]: duplicate port 80/TCP");
        // the same number over another protocol is a different port
        LoadBalancerRequest dns = LoadBalancerRequest.builder("tenant-acme", "dns")
                .port(PortSpec.of("dns-tcp", Protocol.TCP, 53)).port(PortSpec.of("dns-udp", Protocol.UDP, 53)).build();
        assertThat(dns.ports()).hasSize(2);
    }

    @Test
    void rejectsDuplicatePortNames() {
        assertThatThrownBy(() -> web().port(PortSpec.of("http", Protocol.TCP, 8080)).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("ports[1].name: duplicate port name 'http'");
        // unnamed ports do not collide by name
        assertThat(LoadBalancerRequest.builder("t", "n").port(PortSpec.tcp(80)).port(PortSpec.tcp(443)).build()
                .ports()).hasSize(2);
    }

    @Test
    void portNumbersAreChecked() {
        assertThatThrownBy(() -> PortSpec.tcp(0))
                .isInstanceOf(ConfigurationException.class).hasMessage("port: port 0 is out of range 1..65535");
        assertThatThrownBy(() -> PortSpec.of("x", Protocol.UDP, 65536))
                .isInstanceOf(ConfigurationException.class).hasMessage("port: port 65536 is out of range 1..65535");
    }

    @Test
    void familiesMustAgreeWithRequestedAddresses() {
        assertThatThrownBy(() -> web().ipFamilies(IpFamily.IPV4).requestedAddresses("fd00::10").build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("requestedAddresses: fd00::10 is IPv6 but ipFamilies is [IPV4]");
        assertThatThrownBy(() -> web().requestedAddresses("10.0.0.1", "10.0.0.2").build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("requestedAddresses: at most one address per family, got [10.0.0.1, 10.0.0.2]");
        assertThatThrownBy(() -> web().requestedAddresses("10.0.0.1", "fd00::1").build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("requestedAddresses: two addresses requested but ipFamilyPolicy is SingleStack");
        assertThatThrownBy(() -> web().ipFamilyPolicy(IpFamilyPolicy.REQUIRE_DUAL_STACK)
                .requestedAddresses("10.0.0.1", "fd00::1", "10.0.0.2").build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("requestedAddresses: at most one address per family");
    }

    @Test
    void familiesAreUniqueAndSingleStackTakesOne() {
        assertThatThrownBy(() -> web().ipFamilies(IpFamily.IPV4, IpFamily.IPV6).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("ipFamilies: SingleStack takes one family, got [IPV4, IPV6]");
        assertThatThrownBy(() -> web().ipFamilyPolicy(IpFamilyPolicy.PREFER_DUAL_STACK)
                .ipFamilies(IpFamily.IPV6, IpFamily.IPV6).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("ipFamilies: at most one entry per family, got [IPV6, IPV6]");
    }

    @Test
    void effectiveFamilies() {
        assertThat(web().ipFamilies(IpFamily.IPV6).build().effectiveFamilies()).containsExactly(IpFamily.IPV6);
        assertThat(web().requestedAddresses("fd00::10").build().effectiveFamilies()).containsExactly(IpFamily.IPV6);
        assertThat(web().ipFamilyPolicy(IpFamilyPolicy.PREFER_DUAL_STACK).build().effectiveFamilies())
                .containsExactly(IpFamily.IPV4, IpFamily.IPV6);
        assertThat(web().ipFamilyPolicy(IpFamilyPolicy.REQUIRE_DUAL_STACK).ipFamilies(IpFamily.IPV6).build()
                .effectiveFamilies()).containsExactly(IpFamily.IPV6, IpFamily.IPV4);
        assertThat(web().ipFamilyPolicy(IpFamilyPolicy.REQUIRE_DUAL_STACK).requestedAddresses("fd00::1", "10.0.0.1")
                .build().effectiveFamilies()).containsExactly(IpFamily.IPV6, IpFamily.IPV4);
        assertThat(web().ipFamilyPolicy(IpFamilyPolicy.PREFER_DUAL_STACK).ipFamilies(IpFamily.IPV4, IpFamily.IPV6)
                .build().effectiveFamilies()).containsExactly(IpFamily.IPV4, IpFamily.IPV6);
    }

    @Test
    void sharingKeyMustNotBeBlank() {
        assertThatThrownBy(() -> web().sharingKey(" ").build())
                .isInstanceOf(ConfigurationException.class).hasMessage("sharingKey: must not be blank");
    }

    @Test
    void mapsAreSortedAndCopied() {
        LoadBalancerRequest r = web().label("z", "1").label("a", "2").annotation("k", "v").sharingTenants("b", "a")
                .build();
        assertThat(r.labels().keySet()).containsExactly("a", "z");
        assertThat(r.sharingTenants()).containsExactly("a", "b");
        assertThatThrownBy(() -> r.labels().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void idsAreKubernetesNames() {
        assertThat(LoadBalancerId.parse("tenant-acme/web")).isEqualTo(LoadBalancerId.of("tenant-acme", "web"));
        assertThat(LoadBalancerId.of("tenant-acme", "web")).hasToString("tenant-acme/web");
        assertThatThrownBy(() -> LoadBalancerId.parse("web"))
                .isInstanceOf(ConfigurationException.class).hasMessage("id: 'web' is not of the form tenant/name");
        assertThatThrownBy(() -> LoadBalancerId.of("Tenant", "web"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("tenant: 'Tenant' is not a valid DNS label");
        assertThat(List.of(LoadBalancerId.of("b", "a"), LoadBalancerId.of("a", "z")).stream().sorted())
                .containsExactly(LoadBalancerId.of("a", "z"), LoadBalancerId.of("b", "a"));
    }

    @Test
    void familyAndPolicyNames() {
        assertThat(IpFamily.fromKubernetesName("ipv6")).isEqualTo(IpFamily.IPV6);
        assertThatThrownBy(() -> IpFamily.fromKubernetesName("IPv5"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("ipFamily: unknown IP family 'IPv5' (expected IPv4 or IPv6)");
        assertThat(IpFamilyPolicy.fromKubernetesName(null)).isEqualTo(IpFamilyPolicy.SINGLE_STACK);
        assertThat(IpFamilyPolicy.fromKubernetesName("RequireDualStack")).isEqualTo(IpFamilyPolicy.REQUIRE_DUAL_STACK);
        assertThatThrownBy(() -> IpFamilyPolicy.fromKubernetesName("DualStack"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("ipFamilyPolicy: unknown policy 'DualStack' (expected SingleStack, PreferDualStack or "
                        + "RequireDualStack)");
    }

    @Test
    void exposureSourceRangesMustBeCidrs() {
        assertThatThrownBy(() -> new ExposureOptions(java.util.Optional.empty(), java.util.Optional.empty(),
                HealthCheck.DEFAULT, false, List.of("10.0.0.0/8", "10.0.0.1-10.0.0.2")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("sourceRanges[1]: '10.0.0.1-10.0.0.2' is not a CIDR");
        assertThatThrownBy(() -> new ExposureOptions(java.util.Optional.empty(), java.util.Optional.empty(),
                HealthCheck.DEFAULT, false, List.of("10.0.0.1/8")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("sourceRanges[0]: '10.0.0.1/8' has host bits set (did you mean 10.0.0.0/8?)");
    }

    @Test
    void allocationHoldsOneAddressPerFamilyIpv4First() {
        LoadBalancerId id = LoadBalancerId.of("t", "n");
        Allocation a = new Allocation(id, "extern", List.of(IpAddress.parse("fd00::1"), IpAddress.parse("10.0.0.1")),
                java.util.Optional.empty());
        assertThat(a.addresses()).map(IpAddress::toString).containsExactly("10.0.0.1", "fd00::1");
        assertThat(a.address(IpFamily.IPV6)).map(IpAddress::toString).contains("fd00::1");
        assertThatThrownBy(() -> new Allocation(id, "extern", List.of(), java.util.Optional.empty()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("addresses: an allocation holds at least one address");
        assertThatThrownBy(() -> new Allocation(id, "extern",
                List.of(IpAddress.parse("10.0.0.1"), IpAddress.parse("10.0.0.2")), java.util.Optional.empty()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("addresses: at most one address per family, got [10.0.0.1, 10.0.0.2]");
    }

    @Test
    void backendAddressesMustNotBeBlank() {
        assertThatThrownBy(() -> new Backend("nodes", List.of("10.0.0.1", " "), List.of(PortSpec.tcp(30080))))
                .isInstanceOf(ConfigurationException.class).hasMessage("addresses[1]: must not be blank");
        assertThat(new Backend("nodes", List.of("10.0.0.1"), List.of(PortSpec.tcp(30080))).addresses())
                .containsExactly("10.0.0.1");
    }
}
