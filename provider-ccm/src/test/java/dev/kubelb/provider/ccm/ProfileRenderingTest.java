package dev.kubelb.provider.ccm;

import static dev.kubelb.provider.ccm.Fixtures.exposure;
import static dev.kubelb.provider.ccm.Fixtures.fullHealthCheck;
import static dev.kubelb.provider.ccm.Fixtures.healthCheck;
import static dev.kubelb.provider.ccm.Fixtures.web;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelb.api.ExposureOptions;
import dev.kubelb.api.HealthCheck;
import dev.kubelb.api.IpFamily;
import dev.kubelb.api.IpFamilyPolicy;
import dev.kubelb.api.LoadBalancerRequest;
import dev.kubelb.api.PortSpec;
import dev.kubelb.api.Problem;
import dev.kubelb.api.Protocol;
import dev.kubelb.api.Visibility;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Each built-in profile's rendering, key by key, and the options each cloud refuses. */
class ProfileRenderingTest {
    private static final String OBJ = "LoadBalancerRequest/tenant-a/web";
    private static final String AWS = "service.beta.kubernetes.io/aws-load-balancer-";

    private static ExposureMapper.Mapped map(String cloud, LoadBalancerRequest request) {
        return ExposureMapper.map(Fixtures.profile(cloud), request);
    }

    private static Map<String, String> sorted(Map<String, String> m) {
        return new TreeMap<>(m);
    }

    private static ExposureOptions everything(Visibility v, String subnet, HealthCheck hc) {
        return new ExposureOptions(Optional.of(v), Optional.of(subnet), hc, true, List.of("10.0.0.0/8"));
    }

    // ---------------------------------------------------------------- AWS (cloud-provider-aws, NLB)

    @Test
    void awsInternalWithEveryOption() {
        var m = map("aws", web().exposure(everything(Visibility.INTERNAL, "subnet-1", fullHealthCheck()))
                .requestedAddresses("10.1.2.3").build());
        assertThat(m.problems()).isEmpty();
        assertThat(m.annotations()).isEqualTo(sorted(Map.ofEntries(
                Map.entry(AWS + "type", "nlb"),
                Map.entry(AWS + "internal", "true"),
                Map.entry(AWS + "private-ipv4-addresses", "10.1.2.3"),
                Map.entry(AWS + "subnets", "subnet-1"),
                Map.entry(AWS + "healthcheck-protocol", "HTTP"),
                Map.entry(AWS + "healthcheck-port", "8080"),
                Map.entry(AWS + "healthcheck-path", "/healthz"),
                Map.entry(AWS + "healthcheck-interval", "10"),
                Map.entry(AWS + "healthcheck-healthy-threshold", "3"),
                Map.entry(AWS + "healthcheck-unhealthy-threshold", "2"),
                Map.entry(AWS + "target-group-attributes", "proxy_protocol_v2.enabled=true"))));
        assertThat(m.sourceRanges()).containsExactly("10.0.0.0/8");
        assertThat(m.loadBalancerIp()).isEmpty();
    }

    @Test
    void awsPublicByDefaultWritesOnlyTheType() {
        var m = map("aws", web().build());
        assertThat(m.problems()).isEmpty();
        assertThat(m.annotations()).isEqualTo(Map.of(AWS + "type", "nlb"));
        assertThat(m.sourceRanges()).isEmpty();
    }

    @Test
    void awsRefusesAStaticPublicAddressAndExplainsElasticIps() {
        var m = map("aws", web().requestedAddresses("198.51.100.4").build());
        assertThat(m.problems()).containsExactly(Problem.of(OBJ, "requestedAddresses[0]",
                "cloud 'aws' supports address.ipv4 only for internal load balancers, this one is public: an"
                        + " internet-facing NLB takes Elastic IP allocation IDs"
                        + " (service.beta.kubernetes.io/aws-load-balancer-eip-allocations), not addresses; internal"
                        + " NLBs take one private address per subnet"));
    }

    @Test
    void awsRefusesIpv6AndDualStack() {
        assertThat(map("aws", web().ipFamilies(IpFamily.IPV6).build()).problems()).containsExactly(Problem.of(OBJ,
                "ipFamilies", "cloud 'aws' serves no single-stack IPv6 load balancers (it serves IPv4)"));
        assertThat(map("aws", web().ipFamilyPolicy(IpFamilyPolicy.REQUIRE_DUAL_STACK).build()).problems())
                .containsExactly(Problem.of(OBJ, "ipFamilyPolicy", "cloud 'aws' does not support dualStack: the AWS"
                        + " service controller provisions IPv4 NLBs only; use the AWS Load Balancer Controller"
                        + " (profile aws-lbc)"));
        assertThat(map("aws", web().ipFamilyPolicy(IpFamilyPolicy.PREFER_DUAL_STACK).build()).problems())
                .as("PreferDualStack falls back to IPv4 single stack").isEmpty();
    }

    // ---------------------------------------------------------------- AWS Load Balancer Controller

    @Test
    void awsLbcIsPublicUnlessAskedAndUsesItsClass() {
        var m = map("aws-lbc", web().build());
        assertThat(m.problems()).isEmpty();
        assertThat(m.annotations()).isEqualTo(Map.of(AWS + "scheme", "internet-facing"));
        assertThat(Fixtures.profile("aws-lbc").loadBalancerClass()).contains("service.k8s.aws/nlb");
    }

    @Test
    void awsLbcInternalDualStackWithStaticAddresses() {
        var m = map("aws-lbc", web().exposure(new ExposureOptions(Optional.of(Visibility.INTERNAL),
                Optional.of("subnet-a"), fullHealthCheck(), true, List.of()))
                .ipFamilyPolicy(IpFamilyPolicy.REQUIRE_DUAL_STACK)
                .requestedAddresses("10.0.0.9", "2001:db8::9").build());
        assertThat(m.problems()).isEmpty();
        assertThat(m.annotations()).isEqualTo(sorted(Map.ofEntries(
                Map.entry(AWS + "scheme", "internal"),
                Map.entry(AWS + "ip-address-type", "dualstack"),
                Map.entry(AWS + "private-ipv4-addresses", "10.0.0.9"),
                Map.entry(AWS + "ipv6-addresses", "2001:db8::9"),
                Map.entry(AWS + "subnets", "subnet-a"),
                Map.entry(AWS + "healthcheck-protocol", "HTTP"),
                Map.entry(AWS + "healthcheck-port", "8080"),
                Map.entry(AWS + "healthcheck-path", "/healthz"),
                Map.entry(AWS + "healthcheck-interval", "10"),
                Map.entry(AWS + "healthcheck-healthy-threshold", "3"),
                Map.entry(AWS + "healthcheck-unhealthy-threshold", "2"),
                Map.entry(AWS + "proxy-protocol", "*"))));
    }

    // ---------------------------------------------------------------- GCP / GKE

    @Test
    void gcpInternalWithSubnetAndStaticAddress() {
        var m = map("gcp", web().exposure(Fixtures.subnet(Visibility.INTERNAL, "lb-subnet"))
                .requestedAddresses("10.128.0.7").build());
        assertThat(m.problems()).isEmpty();
        assertThat(m.annotations()).isEqualTo(sorted(Map.of(
                "networking.gke.io/load-balancer-type", "Internal",
                "networking.gke.io/internal-load-balancer-subnet", "lb-subnet")));
        assertThat(m.loadBalancerIp()).contains("10.128.0.7");
    }

    @Test
    void gcpRefusesSubnetForPublicHealthChecksProxyAndStaticIpv6() {
        assertThat(map("gcp", web().exposure(Fixtures.subnet(Visibility.PUBLIC, "s")).build()).problems())
                .containsExactly(Problem.of(OBJ, "exposure.subnet", "cloud 'gcp' supports subnet only for internal"
                        + " load balancers, this one is public: GKE places external passthrough load balancers"
                        + " itself; a subnet applies to internal ones only"));
        var hc = map("gcp", web().exposure(new ExposureOptions(Optional.empty(), Optional.empty(), fullHealthCheck(),
                true, List.of())).build());
        assertThat(hc.problems()).extracting(Problem::field).containsExactly("exposure.healthCheck.protocol",
                "exposure.healthCheck.port", "exposure.healthCheck.path", "exposure.healthCheck.intervalSeconds",
                "exposure.healthCheck.healthyThreshold", "exposure.healthCheck.unhealthyThreshold",
                "exposure.proxyProtocol");
        assertThat(hc.problems().get(2).message()).isEqualTo("cloud 'gcp' does not support healthCheck.path: GKE"
                + " derives L4 health checks from externalTrafficPolicy (healthCheckNodePort); they are not"
                + " configurable per Service");
        assertThat(map("gcp", web().ipFamilies(IpFamily.IPV6).requestedAddresses("2001:db8::1").build()).problems())
                .containsExactly(Problem.of(OBJ, "requestedAddresses[0]", "cloud 'gcp' does not support address.ipv6:"
                        + " GKE takes reserved IPv6 addresses by name (networking.gke.io/load-balancer-ip-addresses),"
                        + " not by address"));
    }

    @Test
    void gcpServesDualStackWithoutAnnotations() {
        var m = map("gcp", web().ipFamilyPolicy(IpFamilyPolicy.REQUIRE_DUAL_STACK).build());
        assertThat(m.problems()).isEmpty();
        assertThat(m.annotations()).isEmpty();
    }

    // ---------------------------------------------------------------- Azure

    @Test
    void azureInternalDualStackWithPerPortHealthProbe() {
        HealthCheck hc = new HealthCheck(Optional.of("HTTP"), Optional.of(8080), Optional.of("/healthz"),
                Optional.of(10), Optional.empty(), Optional.of(2));
        var m = map("azure", web().port(PortSpec.of("alt", Protocol.TCP, 8443))
                .exposure(new ExposureOptions(Optional.of(Visibility.INTERNAL), Optional.of("lb-subnet"), hc, false,
                        List.of("10.0.0.0/8")))
                .ipFamilyPolicy(IpFamilyPolicy.REQUIRE_DUAL_STACK)
                .requestedAddresses("10.240.0.10", "fd00::10").build());
        assertThat(m.problems()).isEmpty();
        String b = "service.beta.kubernetes.io/";
        assertThat(m.annotations()).isEqualTo(sorted(Map.ofEntries(
                Map.entry(b + "azure-load-balancer-internal", "true"),
                Map.entry(b + "azure-load-balancer-internal-subnet", "lb-subnet"),
                Map.entry(b + "azure-load-balancer-ipv4", "10.240.0.10"),
                Map.entry(b + "azure-load-balancer-ipv6", "fd00::10"),
                Map.entry(b + "azure-load-balancer-health-probe-protocol", "HTTP"),
                Map.entry(b + "port_443_health-probe_port", "8080"),
                Map.entry(b + "port_8443_health-probe_port", "8080"),
                Map.entry(b + "azure-load-balancer-health-probe-request-path", "/healthz"),
                Map.entry(b + "azure-load-balancer-health-probe-interval", "10"),
                Map.entry(b + "azure-load-balancer-health-probe-num-of-probe", "2"))));
        assertThat(m.sourceRanges()).containsExactly("10.0.0.0/8");
        assertThat(m.loadBalancerIp()).as("Azure's annotations replace the deprecated field").isEmpty();
    }

    @Test
    void azureRefusesHealthyThresholdAndProxyProtocol() {
        var m = map("azure", web().exposure(new ExposureOptions(Optional.empty(), Optional.empty(),
                new HealthCheck(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(3),
                        Optional.empty()), true, List.of())).build());
        assertThat(m.problems()).containsExactly(
                Problem.of(OBJ, "exposure.healthCheck.healthyThreshold", "cloud 'azure' does not support"
                        + " healthCheck.healthyThreshold: Azure health probes have no healthy threshold; a back end is"
                        + " healthy after one successful probe"),
                Problem.of(OBJ, "exposure.proxyProtocol", "cloud 'azure' does not support proxyProtocol: Azure Load"
                        + " Balancer is a passthrough load balancer and sends no PROXY protocol header"));
    }

    // ---------------------------------------------------------------- Hetzner

    @Test
    void hetznerHasNoStaticPublicAddress() {
        var m = map("hetzner", web().requestedAddresses("203.0.113.8").build());
        assertThat(m.problems()).containsExactly(Problem.of(OBJ, "requestedAddresses[0]", "cloud 'hetzner' supports"
                + " address.ipv4 only for internal load balancers, this one is public: Hetzner Cloud assigns a load"
                + " balancer's public IPs itself and has no static public IPs for load balancers; only the"
                + " private-network address can be chosen"));
    }

    @Test
    void hetznerInternalWithPrivateAddressHealthCheckAndProxyProtocol() {
        HealthCheck hc = new HealthCheck(Optional.of("HTTP"), Optional.of(8080), Optional.of("/healthz"),
                Optional.of(15), Optional.empty(), Optional.of(3));
        var m = map("hetzner", web().exposure(new ExposureOptions(Optional.of(Visibility.INTERNAL),
                Optional.of("10.0.1.0/24"), hc, true, List.of())).requestedAddresses("10.0.1.5").build());
        assertThat(m.problems()).isEmpty();
        String h = "load-balancer.hetzner.cloud/";
        assertThat(m.annotations()).isEqualTo(sorted(Map.ofEntries(
                Map.entry(h + "disable-public-network", "true"),
                Map.entry(h + "private-ipv4", "10.0.1.5"),
                Map.entry(h + "private-subnet-ip-range", "10.0.1.0/24"),
                Map.entry(h + "health-check-protocol", "http"),
                Map.entry(h + "health-check-port", "8080"),
                Map.entry(h + "health-check-http-path", "/healthz"),
                Map.entry(h + "health-check-interval", "15s"),
                Map.entry(h + "health-check-retries", "3"),
                Map.entry(h + "uses-proxyprotocol", "true"))));
    }

    @Test
    void hetznerRefusesSourceRanges() {
        var m = map("hetzner", web().exposure(new ExposureOptions(Optional.empty(), Optional.empty(),
                HealthCheck.DEFAULT, false, List.of("192.0.2.0/24"))).build());
        assertThat(m.problems()).containsExactly(Problem.of(OBJ, "exposure.sourceRanges", "cloud 'hetzner' does not"
                + " support sourceRanges: the Hetzner CCM does not read spec.loadBalancerSourceRanges; use a Hetzner"
                + " firewall"));
        assertThat(m.sourceRanges()).isEmpty();
    }

    // ---------------------------------------------------------------- OpenStack

    @Test
    void openstackInternalWithHealthMonitorAndProxyProtocol() {
        HealthCheck hc = new HealthCheck(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(5),
                Optional.of(2), Optional.of(3));
        var m = map("openstack", web().exposure(new ExposureOptions(Optional.of(Visibility.INTERNAL),
                Optional.of("3f1c-subnet"), hc, true, List.of("10.0.0.0/8"))).requestedAddresses("10.0.0.50").build());
        assertThat(m.problems()).isEmpty();
        String o = "loadbalancer.openstack.org/";
        assertThat(m.annotations()).isEqualTo(sorted(Map.of(
                "service.beta.kubernetes.io/openstack-internal-load-balancer", "true",
                o + "subnet-id", "3f1c-subnet",
                o + "enable-health-monitor", "true",
                o + "health-monitor-delay", "5",
                o + "health-monitor-max-retries", "2",
                o + "health-monitor-max-retries-down", "3",
                o + "proxy-protocol", "true")));
        assertThat(m.loadBalancerIp()).contains("10.0.0.50");
        assertThat(m.sourceRanges()).containsExactly("10.0.0.0/8");
    }

    @Test
    void openstackTakesOneAddressAndNoDualStack() {
        var m = map("openstack", web().ipFamilyPolicy(IpFamilyPolicy.PREFER_DUAL_STACK)
                .requestedAddresses("192.0.2.10", "2001:db8::10").build());
        assertThat(m.problems()).containsExactly(Problem.of(OBJ, "requestedAddresses[1]", "cloud 'openstack' takes a"
                + " single address in spec.loadBalancerIP, already set to 192.0.2.10"));
        assertThat(map("openstack", web().ipFamilyPolicy(IpFamilyPolicy.REQUIRE_DUAL_STACK).build()).problems())
                .containsExactly(Problem.of(OBJ, "ipFamilyPolicy", "cloud 'openstack' does not support dualStack: an"
                        + " Octavia load balancer has one VIP of one family"));
        var v6 = map("openstack", web().ipFamilies(IpFamily.IPV6).requestedAddresses("2001:db8::10").build());
        assertThat(v6.problems()).isEmpty();
        assertThat(v6.loadBalancerIp()).contains("2001:db8::10");
    }

    // ---------------------------------------------------------------- DigitalOcean

    @Test
    void digitalOceanPublicDualStackWithLowercaseProtocol() {
        var m = map("digitalocean", web().exposure(healthCheck(fullHealthCheck()))
                .ipFamilyPolicy(IpFamilyPolicy.REQUIRE_DUAL_STACK).requestedAddresses("203.0.113.9").build());
        assertThat(m.problems()).isEmpty();
        String d = "service.beta.kubernetes.io/do-loadbalancer-";
        assertThat(m.annotations()).isEqualTo(sorted(Map.of(
                d + "network-stack", "DUALSTACK",
                d + "ip", "203.0.113.9",
                d + "healthcheck-protocol", "http",
                d + "healthcheck-port", "8080",
                d + "healthcheck-path", "/healthz",
                d + "healthcheck-check-interval-seconds", "10",
                d + "healthcheck-healthy-threshold", "3",
                d + "healthcheck-unhealthy-threshold", "2")));
    }

    @Test
    void digitalOceanInternalIsIpv4Only() {
        var m = map("digitalocean", web().exposure(exposure(Visibility.INTERNAL))
                .ipFamilyPolicy(IpFamilyPolicy.REQUIRE_DUAL_STACK).build());
        assertThat(m.problems()).containsExactly(Problem.of(OBJ, "ipFamilyPolicy", "cloud 'digitalocean' supports"
                + " dualStack only for public load balancers, this one is internal: DigitalOcean internal load"
                + " balancers are IPv4 only"));
        var prefer = map("digitalocean", web().exposure(exposure(Visibility.INTERNAL))
                .ipFamilyPolicy(IpFamilyPolicy.PREFER_DUAL_STACK).build());
        assertThat(prefer.problems()).isEmpty();
        assertThat(prefer.annotations()).isEqualTo(Map.of("service.beta.kubernetes.io/do-loadbalancer-network",
                "INTERNAL"));
    }

    // ---------------------------------------------------------------- OCI

    @Test
    void ociPublicWithReservedIpMillisecondIntervalAndProxyProtocol() {
        HealthCheck hc = new HealthCheck(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(10),
                Optional.empty(), Optional.of(4));
        var m = map("oci", web().exposure(new ExposureOptions(Optional.of(Visibility.PUBLIC), Optional.of("ocid1.subnet"),
                hc, true, List.of())).requestedAddresses("192.0.2.99").build());
        assertThat(m.problems()).isEmpty();
        String o = "service.beta.kubernetes.io/oci-load-balancer-";
        assertThat(m.annotations()).isEqualTo(sorted(Map.of(
                o + "subnet1", "ocid1.subnet",
                o + "health-check-interval", "10000",
                o + "health-check-retries", "4",
                o + "connection-proxy-protocol-version", "2")));
        assertThat(m.loadBalancerIp()).contains("192.0.2.99");
    }

    @Test
    void ociRefusesAReservedIpForAPrivateLoadBalancer() {
        var m = map("oci", web().exposure(exposure(Visibility.INTERNAL)).requestedAddresses("10.0.0.3").build());
        assertThat(m.problems()).containsExactly(Problem.of(OBJ, "requestedAddresses[0]", "cloud 'oci' supports"
                + " address.ipv4 only for public load balancers, this one is internal: OCI takes a reserved public IP"
                + " in spec.loadBalancerIP and cannot create a private load balancer with a reserved IP"));
    }

    // ---------------------------------------------------------------- every built-in profile

    @Test
    void everyBuiltInProfileMapsVisibilityAndNeverWritesItsOwnReadOnlyKeys() {
        for (String cloud : List.of("aws", "aws-lbc", "azure", "digitalocean", "gcp", "hetzner", "oci", "openstack")) {
            CloudProfile p = Fixtures.profile(cloud);
            assertThat(p.supports(NeutralOption.VISIBILITY_INTERNAL)).as(cloud).isTrue();
            var m = map(cloud, web().exposure(exposure(Visibility.INTERNAL)).build());
            assertThat(m.problems()).as(cloud).isEmpty();
            assertThat(m.annotations().keySet()).as(cloud).noneMatch(p::isReadOnly);
            assertThat(p.finalizers()).as(cloud).contains(CloudProfile.CLEANUP_FINALIZER);
        }
    }
}
