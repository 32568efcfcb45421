package dev.kubelb.provider.metallb.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelb.api.Allocation;
import dev.kubelb.api.ApplianceConfig;
import dev.kubelb.api.ConfigurationException;
import dev.kubelb.api.IpAddress;
import dev.kubelb.api.LoadBalancerRequest;
import dev.kubelb.core.Plan;
import dev.kubelb.core.Planner;
import dev.kubelb.core.Requests;
import dev.kubelb.provider.metallb.MetalLbSession;
import dev.kubelb.spi.ProviderContext;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Our translation of MetalLB's controller/controller_test.go {@code TestControllerMutation} (v0.16): one
 * Service, as the table gives it (type, cluster IPs, family policy, annotations, labels, namespace, the
 * addresses its status holds), converged by the controller ({@code SetBalancer} → service.go
 * {@code convergeBalancer}); the status it ends with, or a warning event. Here the Service goes the engine's
 * way: {@link Requests#fromService} reads it, the {@link Planner} (through the MetalLB session) plans it with
 * what its status holds.
 *
 * <p>Adaptations, each because MetalLB's own configuration refuses the upstream table's pools: pool5 overlaps
 * pool1 and pool3 (config.go "CIDR ... overlaps with already defined CIDR"), so it gets 1.2.4.0/31 and
 * 1001::/127 and the rows served from it expect those. A Service whose cluster IPs are dual-stack but gives no
 * family policy (the API server never stores such a Service) is read as RequireDualStack, which is what
 * MetalLB's {@code ipfamily.ForService} makes of it.
 *
 * <p>Not expressible (listed in provider-metallb/README.md): "deleted balancer", "simple non-LoadBalancer",
 * "former LoadBalancer, now NodePort" (only Services of type LoadBalancer become requests: the engine's watch
 * filters them, nothing reaches the Planner), "No ClusterIP" (a request carries no cluster IPs; the API server
 * assigns them before any controller sees the Service), "request IPs from dualstack pool with RequireDualStack
 * policy but single stack clusterip" (the API server refuses RequireDualStack in a single-stack cluster), and
 * "simple LoadBalancer, ips already assigned but can't determine family" (a status with three addresses: an
 * {@link Allocation} holds at most one address per family, so such a status cannot be handed to the Planner).
 */
class ControllerConformanceTest {
    private static final KubernetesSerialization YAML = new KubernetesSerialization();
    private static final String POOLS = """
            apiVersion: metallb.io/v1beta1
            kind: IPAddressPool
            metadata: {name: pool1, namespace: metallb-system}
            spec: {addresses: [1.2.3.0/31]}
            ---
            apiVersion: metallb.io/v1beta1
            kind: IPAddressPool
            metadata: {name: pool2, namespace: metallb-system}
            spec: {autoAssign: false, addresses: [3.4.5.6/32]}
            ---
            apiVersion: metallb.io/v1beta1
            kind: IPAddressPool
            metadata: {name: pool3, namespace: metallb-system}
            spec: {addresses: ["1000::/127"]}
            ---
            apiVersion: metallb.io/v1beta1
            kind: IPAddressPool
            metadata: {name: pool4, namespace: metallb-system}
            spec: {autoAssign: false, addresses: ["2000::1/128"]}
            ---
            apiVersion: metallb.io/v1beta1
            kind: IPAddressPool
            metadata: {name: pool5, namespace: metallb-system}
            spec: {addresses: [1.2.4.0/31, "1001::/127"]}
            ---
            apiVersion: metallb.io/v1beta1
            kind: IPAddressPool
            metadata: {name: pool6, namespace: metallb-system}
            spec:
              addresses: [7.8.9.0/31]
              serviceAllocation: {namespaces: [test-ns1], priority: 10}
            ---
            apiVersion: metallb.io/v1beta1
            kind: IPAddressPool
            metadata: {name: pool7, namespace: metallb-system}
            spec:
              addresses: [10.11.12.0/31]
              serviceAllocation: {namespaces: [test-ns1], priority: 11}
            ---
            apiVersion: metallb.io/v1beta1
            kind: IPAddressPool
            metadata: {name: pool8, namespace: metallb-system}
            spec:
              addresses: [13.14.15.0/31]
              serviceAllocation:
                priority: 9
                serviceSelectors: [{matchLabels: {team: metallb}}]
            ---
            apiVersion: metallb.io/v1beta1
            kind: IPAddressPool
            metadata: {name: pool9, namespace: metallb-system}
            spec:
              addresses: [16.17.18.0/31]
              serviceAllocation: {namespaces: [test-ns2]}
            ---
            apiVersion: metallb.io/v1beta1
            kind: IPAddressPool
            metadata: {name: pool10, namespace: metallb-system}
            spec:
              addresses: [19.20.21.0/31]
              serviceAllocation:
                priority: 8
                serviceSelectors: [{matchLabels: {team: metallb}}]
            ---
            apiVersion: metallb.io/v1beta1
            kind: IPAddressPool
            metadata: {name: pool11, namespace: metallb-system}
            spec:
              addresses: [22.23.24.0/31]
              serviceAllocation:
                priority: 8
                namespaces: [test-ns1]
                serviceSelectors: [{matchLabels: {team: metallb}}]
            ---
            apiVersion: metallb.io/v1beta1
            kind: IPAddressPool
            metadata: {name: pool12, namespace: metallb-system}
            spec:
              addresses: [25.26.27.0/31]
              serviceAllocation:
                priority: 5
                namespaces: [test-ns1]
                serviceSelectors: [{matchLabels: {team: metallb}}]
            """;
    private static final String ERR = "warning";

    /**
     * One row of the upstream table.
     *
     * @param desc upstream {@code desc}
     * @param svc the Service ({@code in})
     * @param want the addresses of its status afterwards ({@code want}), or empty with {@code wantErr}
     * @param wantErr whether MetalLB logs a warning event (refuses or clears)
     */
    record Row(String desc, Service svc, List<String> want, boolean wantErr) {
        @Override
        public String toString() {
            return desc;
        }
    }

    /** A Service of the table. */
    private static final class Svc {
        private final ServiceBuilder b = new ServiceBuilder().withNewMetadata().withName("test")
                .withNamespace("default").endMetadata().withNewSpec().withType("LoadBalancer").addNewPort()
                .withProtocol("TCP").withPort(8080).endPort().endSpec();
        private final Map<String, String> annotations = new LinkedHashMap<>();
        private final List<String> status = new ArrayList<>();
        private String policy;
        private List<String> clusterIps = List.of("1.2.3.4");

        Svc ns(String ns) {
            b.editMetadata().withNamespace(ns).endMetadata();
            return this;
        }

        Svc label(String k, String v) {
            b.editMetadata().addToLabels(k, v).endMetadata();
            return this;
        }

        Svc ann(String k, String v) {
            annotations.put("metallb.io/" + k, v);
            return this;
        }

        Svc lbIp(String ip) {
            b.editSpec().withLoadBalancerIP(ip).endSpec();
            return this;
        }

        Svc local() {
            b.editSpec().withExternalTrafficPolicy("Local").endSpec();
            return this;
        }

        Svc clusterIps(String... ips) {
            clusterIps = List.of(ips);
            return this;
        }

        Svc policy(String p) {
            policy = p;
            return this;
        }

        Svc status(String... ips) {
            status.addAll(List.of(ips));
            return this;
        }

        Service build() {
            // the API server derives spec.ipFamilies from the cluster IPs
            List<String> fams = clusterIps.stream().map(ip -> ip.contains(":") ? "IPv6" : "IPv4").toList();
            String p = policy != null ? policy : fams.size() == 2 ? "RequireDualStack" : "SingleStack";
            Service s = b.editSpec().withClusterIPs(clusterIps).withClusterIP(clusterIps.get(0)).withIpFamilies(fams)
                    .withIpFamilyPolicy(p).endSpec().editMetadata().withAnnotations(annotations).endMetadata()
                    .build();
            if (!status.isEmpty()) {
                s.setStatus(new io.fabric8.kubernetes.api.model.ServiceStatusBuilder().withNewLoadBalancer()
                        .withIngress(status.stream().map(ip -> new LoadBalancerIngress(null, ip, null, null))
                                .toList()).endLoadBalancer().build());
            }
            return s;
        }
    }

    private static Svc svc() {
        return new Svc();
    }

    private static Row ok(String desc, Svc s, String... want) {
        return new Row(desc, s.build(), List.of(want), false);
    }

    private static Row err(String desc, Svc s) {
        return new Row(desc, s.build(), List.of(), true);
    }

    static Stream<Row> rows() {
        return Stream.of(
                ok("simple LoadBalancer", svc(), "1.2.3.0"),
                ok("request specific IP", svc().lbIp("1.2.3.1"), "1.2.3.1"),
                ok("request specific IP via custom annotation", svc().ann("loadBalancerIPs", "1.2.3.1"), "1.2.3.1"),
                err("request IP from both svc.spec.LoadBalancerIP and custom annotation",
                        svc().ann("loadBalancerIPs", "1.2.3.1").lbIp("1.2.3.2")),
                err("request invalid IP", svc().lbIp("please sir may I have an IP address thank you")),
                err("incompatible ip and address pool annotations", svc().ann("loadBalancerIPs", "1.2.3.1")
                        .ann("address-pool", "pool2")),
                err("request invalid IP via custom annotation", svc().ann("loadBalancerIPs",
                        "please sir may I have an IP address thank you")),
                err("request two IPs from same ip family via custom annotation", svc().ann("loadBalancerIPs",
                        "1.2.3.1,1.2.3.2")),
                err("request infeasible IP", svc().lbIp("1.2.3.4").status("1.2.3.1")),
                ok("request IP from specific pool", svc().ann("address-pool", "pool1"), "1.2.3.0"),
                ok("switch to a different specific pool", svc().ann("address-pool", "pool2").status("1.2.3.0"),
                        "3.4.5.6"),
                err("unknown pool requested", svc().ann("address-pool", "does-not-exist")),
                ok("invalid IP assigned", svc().status("2.3.4.5"), "1.2.3.0"),
                ok("invalid ingress state", svc().status("10.10.10.10"), "1.2.3.0"),
                ok("request layer2 service", svc().lbIp("3.4.5.6"), "3.4.5.6"),
                ok("Layer2 service with local traffic policy", svc().lbIp("3.4.5.6").local(), "3.4.5.6"),
                err("request IP from wrong ip-family (ipv4)", svc().lbIp("1.2.3.1").clusterIps("3000::1")),
                err("request IP from wrong ip-family (ipv4) via custom annotation", svc().ann("loadBalancerIPs",
                        "1.2.3.1").clusterIps("3000::1")),
                err("request IP from wrong ip-family (ipv6)", svc().lbIp("1000::")),
                err("request IP from wrong ip-family (ipv6) via custom annotation", svc().ann("loadBalancerIPs",
                        "1000::")),
                ok("IP from wrong ip-family (ipv6) assigned", svc().status("1000::"), "1.2.3.0"),
                ok("IP from wrong ip-family (ipv4) assigned", svc().clusterIps("3000::1").status("1.2.3.0"), "1000::"),
                ok("simple dual-stack LoadBalancer", svc().clusterIps("1.2.3.4", "3000::1")
                        .policy("RequireDualStack"), "1.2.4.0", "1001::"),
                ok("request IPs from specific pool", svc().ann("address-pool", "pool5").clusterIps("1.2.3.4",
                        "3000::1").policy("RequireDualStack"), "1.2.4.0", "1001::"),
                ok("simple dual-stack LoadBalancer with PreferDualStack policy", svc().clusterIps("1.2.3.4",
                        "3000::1").policy("PreferDualStack"), "1.2.4.0", "1001::"),
                ok("single-stack LoadBalancer with PreferDualStack policy", svc().ns("test-ns1")
                        .policy("PreferDualStack"), "7.8.9.0"),
                ok("request IPs from dualstack pool with PreferDualStack policy", svc().ann("address-pool", "pool5")
                        .clusterIps("1.2.3.4", "3000::1").policy("PreferDualStack"), "1.2.4.0", "1001::"),
                ok("request IP from single-stack ipv4 pool with PreferDualStack policy", svc().ann("address-pool",
                        "pool1").clusterIps("1.2.3.4", "1000::").policy("PreferDualStack"), "1.2.3.0"),
                ok("request IP from single-stack ipv6 pool with PreferDualStack policy", svc().ann("address-pool",
                        "pool3").clusterIps("1000::1").policy("PreferDualStack"), "1000::"),
                ok("request IPs from dualstack pool with PreferDualStack policy but single stack clusterip",
                        svc().ann("address-pool", "pool5").policy("PreferDualStack"), "1.2.4.0"),
                err("request specific loadbalancer IP with dual-stack", svc().clusterIps("1.2.3.4", "3000::1")
                        .lbIp("1.2.3.1")),
                err("request specific loadbalancer IPv4 address via custom annotation for dual-stack config",
                        svc().ann("loadBalancerIPs", "1.2.3.1").clusterIps("1.2.3.4", "3000::1")),
                ok("request dual-stack loadbalancer IPs via custom annotation", svc().ann("loadBalancerIPs",
                        "1.2.4.0,1001::").clusterIps("1.2.3.4", "3000::1").policy("RequireDualStack"),
                        "1.2.4.0", "1001::"),
                ok("request dual-stack loadbalancer with invalid ingress", svc().clusterIps("3000::1", "5.6.7.8")
                        .policy("RequireDualStack").status("1000::"), "1.2.4.0", "1001::"),
                err("request dual-stack loadbalancer IPs via custom annotation in a single stack cluster",
                        svc().ann("loadBalancerIPs", "1.2.4.0,1001::")),
                ok("request IP for service from namespace specific ip pool", svc().ns("test-ns1"), "7.8.9.0"),
                ok("request IP for service from no priority namespace specific ip pool", svc().ns("test-ns2"),
                        "16.17.18.0"),
                ok("request IP for service from service label specific ip pool", svc().label("team", "metallb"),
                        "19.20.21.0"),
                ok("request IP for service from ip pool having both namespace and service label", svc()
                        .ns("test-ns1").label("team", "metallb"), "25.26.27.0"));
    }

    private final MetalLbSession session = new MetalLbSession(ProviderContext.offline("metallb-system"));
    private final ApplianceConfig config = importConfig();

    @SuppressWarnings("unchecked")
    private ApplianceConfig importConfig() {
        return session.importConfig((List<HasMetadata>) YAML.unmarshal(POOLS));
    }

    @ParameterizedTest(name = "TestControllerMutation \"{0}\"")
    @MethodSource("rows")
    void converges(Row row) {
        LoadBalancerRequest request;
        try {
            request = Requests.fromService(row.svc, Map.of(), List.of());
        } catch (ConfigurationException e) {
            // the Service cannot be read: reported (an Event on it), nothing allocated
            assertThat(row.wantErr).as(row.desc + ": MetalLB accepts it, we refused: " + e.getMessage()).isTrue();
            return;
        }
        List<Allocation> held = new ArrayList<>();
        List<IpAddress> status = row.svc.getStatus() == null ? List.of() : row.svc.getStatus().getLoadBalancer()
                .getIngress().stream().map(i -> IpAddress.parse(i.getIp())).toList();
        if (!status.isEmpty()) {
            // the pool its status came from is not known (no ip-allocated-from-pool annotation in the table)
            held.add(new Allocation(request.id(), "unknown", status, request.sharingKey()));
        }
        Plan plan = Planner.builder(session).build().plan(config, List.of(request), held);
        Optional<Allocation> got = plan.allocations().stream().filter(a -> a.id().equals(request.id())).findFirst();
        if (row.wantErr) {
            assertThat(plan.failures()).as(row.desc + ": MetalLB refuses it; we gave " + got).isNotEmpty();
            assertThat(got).as(row.desc + ": the status is cleared").isEmpty();
            return;
        }
        assertThat(plan.failures()).as(row.desc).isEmpty();
        assertThat(got.orElseThrow().addresses()).as(row.desc).map(IpAddress::toString)
                .containsExactlyInAnyOrderElementsOf(row.want);
    }
}
