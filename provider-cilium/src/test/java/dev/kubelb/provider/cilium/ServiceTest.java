package dev.kubelb.provider.cilium;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelb.api.ApplianceConfig;
import dev.kubelb.api.FailureReason;
import dev.kubelb.api.IpFamily;
import dev.kubelb.api.IpFamilyPolicy;
import dev.kubelb.api.TrafficPolicy;
import dev.kubelb.spi.ApplianceStatus;
import dev.kubelb.spi.Assignment;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.LoadBalancerIngressBuilder;
import io.fabric8.kubernetes.api.model.PortStatusBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceStatusBuilder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ServiceTest {
    private final CiliumSession session = Fixtures.session();
    private final ApplianceConfig config = Fixtures.config();

    private Service render(Assignment a) {
        return session.renderService(a.request(), Optional.of(a.allocation()), config);
    }

    @Test
    void bgpServicePinsTheAddressAndCarriesTheLabelsSelectorsMatch() {
        var r = Fixtures.request("tenant-a", "web", Fixtures.tcp(80), Fixtures.udp(443)).label("app", "web")
                .annotation("lbipam.cilium.io/ips", "1.2.3.4").annotation("io.cilium/lb-ipam-ips", "1.2.3.5")
                .annotation("example.com/team", "blue").build();
        Service s = render(Fixtures.assign(r, "extern", "10.10.255.201"));
        assertThat(s.getSpec().getType()).isEqualTo("LoadBalancer");
        assertThat(s.getSpec().getSelector()).isNullOrEmpty();
        assertThat(s.getSpec().getLoadBalancerClass()).isEqualTo("io.cilium/bgp-control-plane");
        assertThat(s.getSpec().getPorts()).extracting(p -> p.getProtocol() + "/" + p.getPort() + "/" + p.getName())
                .containsExactly("TCP/80/tcp-80", "UDP/443/udp-443");
        assertThat(s.getSpec().getExternalTrafficPolicy()).isEqualTo("Cluster");
        assertThat(s.getSpec().getIpFamilyPolicy()).isEqualTo("SingleStack");
        assertThat(s.getSpec().getIpFamilies()).containsExactly("IPv4");
        assertThat(s.getMetadata().getAnnotations()).containsExactly(Map.entry("example.com/team", "blue"),
                Map.entry("lbipam.cilium.io/ips", "10.10.255.201"));
        assertThat(s.getMetadata().getLabels()).containsExactly(Map.entry("app", "web"),
                Map.entry("kubelb.dev/pool", "extern"), Map.entry("kubelb.dev/tenant", "tenant-a"));
    }

    @Test
    void l2OnlyPoolsGetTheL2Class() {
        var r = Fixtures.request("tenant-a", "printer", Fixtures.tcp(631)).build();
        assertThat(render(Fixtures.assign(r, "office", "192.168.50.20")).getSpec().getLoadBalancerClass())
                .isEqualTo("io.cilium/l2-announcer");
    }

    @Test
    void sharingKeyAndCrossNamespaceOnlyWhenAllowed() {
        var plain = Fixtures.request("tenant-a", "dns", Fixtures.tcp(53)).sharingKey("dns").build();
        Map<String, String> ann = render(Fixtures.assign(plain, "extern", "10.10.255.201")).getMetadata().getAnnotations();
        assertThat(ann).containsEntry("lbipam.cilium.io/sharing-key", "dns")
                .doesNotContainKey("lbipam.cilium.io/sharing-cross-namespace");
        var withTenants = plain.toBuilder().sharingTenants("tenant-c", "tenant-b").build();
        assertThat(render(Fixtures.assign(withTenants, "extern", "10.10.255.201")).getMetadata().getAnnotations())
                .containsEntry("lbipam.cilium.io/sharing-cross-namespace", "tenant-b,tenant-c");
        ApplianceConfig crossPool = ApplianceConfig.builder().pool(dev.kubelb.api.AddressPool.builder("x")
                .addresses("10.60.0.0/24").allowCrossTenantSharing(true).build()).build();
        assertThat(session.renderService(plain, Optional.of(Fixtures.assign(plain, "x", "10.60.0.1").allocation()),
                crossPool).getMetadata().getAnnotations()).containsEntry("lbipam.cilium.io/sharing-cross-namespace", "*");
        var noKey = Fixtures.request("tenant-a", "web", Fixtures.tcp(80)).sharingTenants("tenant-b").build();
        assertThat(render(Fixtures.assign(noKey, "extern", "10.10.255.202")).getMetadata().getAnnotations())
                .doesNotContainKeys("lbipam.cilium.io/sharing-key", "lbipam.cilium.io/sharing-cross-namespace");
    }

    @Test
    void dualStackPinsBothAddressesIpv4First() {
        var r = Fixtures.request("tenant-a", "dual", Fixtures.tcp(80)).label("tier", "internal")
                .ipFamilyPolicy(IpFamilyPolicy.REQUIRE_DUAL_STACK).ipFamilies(IpFamily.IPV6, IpFamily.IPV4)
                .trafficPolicy(TrafficPolicy.LOCAL).sessionAffinity(true).build();
        Service s = render(Fixtures.assign(r, "internal", "fd00:20::5", "10.20.0.5"));
        assertThat(s.getMetadata().getAnnotations()).containsEntry("lbipam.cilium.io/ips", "10.20.0.5,fd00:20::5");
        assertThat(s.getSpec().getIpFamilyPolicy()).isEqualTo("RequireDualStack");
        assertThat(s.getSpec().getIpFamilies()).containsExactly("IPv6", "IPv4");
        assertThat(s.getSpec().getExternalTrafficPolicy()).isEqualTo("Local");
        assertThat(s.getSpec().getSessionAffinity()).isEqualTo("ClientIP");
        // PreferDualStack with one address: single stack, so Cilium does not pick a second address itself
        var prefer = r.toBuilder().ipFamilyPolicy(IpFamilyPolicy.PREFER_DUAL_STACK).build();
        Service one = render(Fixtures.assign(prefer, "internal", "10.20.0.6"));
        assertThat(one.getSpec().getIpFamilyPolicy()).isEqualTo("SingleStack");
        assertThat(one.getSpec().getIpFamilies()).containsExactly("IPv4");
    }

    @Test
    void renderingIsByteStable() {
        var r = Fixtures.request("tenant-a", "web", Fixtures.tcp(80)).label("b", "2").label("a", "1").build();
        Assignment a = Fixtures.assign(r, "extern", "10.10.255.201");
        assertThat(Fixtures.SERIALIZATION.asYaml(render(a))).isEqualTo(Fixtures.SERIALIZATION.asYaml(render(a)));
    }

    private static Service withStatus(List<Condition> conditions, String... ips) {
        Service s = new Service();
        var b = new ServiceStatusBuilder().withConditions(conditions).withNewLoadBalancer();
        for (String ip : ips) {
            b = b.addToIngress(new LoadBalancerIngressBuilder().withIp(ip).build());
        }
        s.setStatus(b.endLoadBalancer().build());
        return s;
    }

    private static Condition condition(String type, String status, String reason, String message) {
        return new ConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message).build();
    }

    @ParameterizedTest
    @CsvSource({"no_pool,NO_POOL", "out_of_ips,POOL_EXHAUSTED", "pool_selector_mismatch,POOL_NOT_ALLOWED",
            "already_allocated,ADDRESS_IN_USE", "already_allocated_incompatible_service,INCOMPATIBLE_SHARING"})
    void ciliumReasonsMapToNeutralReasons(String cilium, FailureReason neutral) {
        for (String type : List.of("cilium.io/IPAMRequestSatisfied", "io.cilium/lb-ipam-request-satisfied")) {
            ApplianceStatus st = session.observe(withStatus(List.of(condition(type, "False", cilium, "details here"))));
            assertThat(st.state()).isEqualTo(ApplianceStatus.State.FAILED);
            assertThat(st.reason()).contains(neutral);
            assertThat(st.message()).isEqualTo("Cilium LB-IPAM: " + cilium + ": details here");
        }
    }

    @Test
    void satisfiedWithIngressIsReady() {
        ApplianceStatus st = session.observe(withStatus(List.of(condition("cilium.io/IPAMRequestSatisfied", "True",
                "satisfied", "")), "10.10.255.201", "fd00::1"));
        assertThat(st.state()).isEqualTo(ApplianceStatus.State.READY);
        assertThat(st.ingress()).extracting(i -> i.ip().orElseThrow()).containsExactly("10.10.255.201", "fd00::1");
    }

    @Test
    void noAnswerYetIsPendingAndUnknownReasonsFailWithoutANeutralReason() {
        assertThat(session.observe(new Service()).state()).isEqualTo(ApplianceStatus.State.PENDING);
        assertThat(session.observe(withStatus(List.of(condition("cilium.io/IPAMRequestSatisfied", "True", "satisfied",
                "")))).state()).isEqualTo(ApplianceStatus.State.PENDING);
        ApplianceStatus odd = session.observe(withStatus(List.of(condition("cilium.io/IPAMRequestSatisfied", "False",
                "something_new", ""))));
        assertThat(odd.state()).isEqualTo(ApplianceStatus.State.FAILED);
        assertThat(odd.reason()).isEmpty();
        assertThat(odd.message()).isEqualTo("Cilium LB-IPAM: something_new");
    }

    @Test
    void portErrorsAreReported() {
        Service s = new Service();
        s.setStatus(new ServiceStatusBuilder().withNewLoadBalancer().addToIngress(new LoadBalancerIngressBuilder()
                .withIp("10.0.0.1").withIpMode("VIP").withPorts(new PortStatusBuilder().withPort(53).withProtocol("UDP")
                        .withError("Pending").build()).build()).endLoadBalancer().build());
        ApplianceStatus st = session.observe(s);
        assertThat(st.ingress().get(0).portErrors()).containsExactly("53/UDP: Pending");
        assertThat(st.ingress().get(0).ipMode()).contains("VIP");
    }

    @Test
    void failureReasonLookup() {
        assertThat(CiliumSession.failureReason("out_of_ips")).contains(FailureReason.POOL_EXHAUSTED);
        assertThat(CiliumSession.failureReason("satisfied")).isEmpty();
    }
}
