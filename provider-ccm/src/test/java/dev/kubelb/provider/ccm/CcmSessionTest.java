package dev.kubelb.provider.ccm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubelb.api.AddressPool;
import dev.kubelb.api.Allocation;
import dev.kubelb.api.ApplianceConfig;
import dev.kubelb.api.ConfigurationException;
import dev.kubelb.api.ExposureOptions;
import dev.kubelb.api.HealthCheck;
import dev.kubelb.api.IpAddress;
import dev.kubelb.api.IpFamily;
import dev.kubelb.api.IpFamilyPolicy;
import dev.kubelb.api.PortSpec;
import dev.kubelb.api.Problem;
import dev.kubelb.api.Protocol;
import dev.kubelb.api.TrafficPolicy;
import dev.kubelb.api.Visibility;
import io.fabric8.kubernetes.api.model.LoadBalancerIngressBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The rendered Service, and the update check for create-only options. */
class CcmSessionTest {
    private static final KubernetesSerialization YAML = new KubernetesSerialization();

    @Test
    void rendersALoadBalancerServiceForTheDefaultServiceController() {
        CcmSession s = Fixtures.session("azure");
        var request = Fixtures.web().port(PortSpec.of("dns", Protocol.UDP, 53))
                .ipFamilyPolicy(IpFamilyPolicy.REQUIRE_DUAL_STACK).ipFamilies(IpFamily.IPV6, IpFamily.IPV4)
                .trafficPolicy(TrafficPolicy.LOCAL).sessionAffinity(true)
                .exposure(new ExposureOptions(Optional.of(Visibility.INTERNAL), Optional.empty(), HealthCheck.DEFAULT,
                        false, List.of("10.0.0.0/8", "fd00::/8")))
                .annotation("team.example/owner", "web")
                .annotation("service.beta.kubernetes.io/azure-load-balancer-internal", "false")
                .build();
        Service svc = s.renderService(request, Optional.empty(), ApplianceConfig.EMPTY);
        assertThat(svc.getSpec().getType()).isEqualTo("LoadBalancer");
        assertThat(svc.getSpec().getSelector()).isNullOrEmpty();
        assertThat(svc.getSpec().getLoadBalancerClass()).as("the default service controller serves class-less Services")
                .isNull();
        assertThat(svc.getSpec().getPorts()).extracting(p -> p.getName() + "/" + p.getProtocol() + "/" + p.getPort())
                .containsExactly("https/TCP/443", "dns/UDP/53");
        assertThat(svc.getSpec().getIpFamilyPolicy()).isEqualTo("RequireDualStack");
        assertThat(svc.getSpec().getIpFamilies()).containsExactly("IPv6", "IPv4");
        assertThat(svc.getSpec().getExternalTrafficPolicy()).isEqualTo("Local");
        assertThat(svc.getSpec().getSessionAffinity()).isEqualTo("ClientIP");
        assertThat(svc.getSpec().getLoadBalancerSourceRanges()).containsExactly("10.0.0.0/8", "fd00::/8");
        assertThat(svc.getSpec().getLoadBalancerIP()).isNull();
        assertThat(svc.getMetadata().getFinalizers()).isNullOrEmpty();
        assertThat(svc.getMetadata().getAnnotations()).containsExactly(
                java.util.Map.entry(CcmSession.REQUEST_ANNOTATION, "tenant-a/web"),
                java.util.Map.entry("service.beta.kubernetes.io/azure-load-balancer-internal", "true"),
                java.util.Map.entry("team.example/owner", "web"));
        assertThat(YAML.asYaml(s.renderService(request, Optional.empty(), ApplianceConfig.EMPTY)))
                .isEqualTo(YAML.asYaml(svc));
    }

    @Test
    void rendersTheProfilesClassAndStaticAddressField() {
        Service lbc = Fixtures.session("aws-lbc").renderService(Fixtures.web().build(), Optional.empty(),
                ApplianceConfig.EMPTY);
        assertThat(lbc.getSpec().getLoadBalancerClass()).isEqualTo("service.k8s.aws/nlb");
        Service gcp = Fixtures.session("gcp").renderService(Fixtures.web().requestedAddresses("34.1.2.3").build(),
                Optional.of(new Allocation(dev.kubelb.api.LoadBalancerId.of("tenant-a", "web"), "x",
                        List.of(IpAddress.parse("10.9.9.9")), Optional.empty())), ApplianceConfig.EMPTY);
        assertThat(gcp.getSpec().getLoadBalancerIP()).as("the requested address, never a kubelb allocation")
                .isEqualTo("34.1.2.3");
        assertThat(YAML.asYaml(gcp)).doesNotContain("10.9.9.9");
    }

    @Test
    void neverRendersTheControllersReadOnlyAnnotationsOrFinalizers() {
        var request = Fixtures.web()
                .annotation("load-balancer.hetzner.cloud/ipv4", "203.0.113.1")
                .annotation("load-balancer.hetzner.cloud/id", "42")
                .annotation("load-balancer.hetzner.cloud/location", "fsn1")
                .build();
        Service svc = Fixtures.session("hetzner").renderService(request, Optional.empty(), ApplianceConfig.EMPTY);
        assertThat(svc.getMetadata().getAnnotations()).doesNotContainKeys("load-balancer.hetzner.cloud/ipv4",
                "load-balancer.hetzner.cloud/id").containsEntry("load-balancer.hetzner.cloud/location", "fsn1");
        assertThat(YAML.asYaml(svc)).doesNotContain(CloudProfile.CLEANUP_FINALIZER).doesNotContain("finalizers");
    }

    @Test
    void refusesEveryUnsupportedOptionAtOnce() {
        var request = Fixtures.web().exposure(new ExposureOptions(Optional.empty(), Optional.empty(),
                new HealthCheck(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(2),
                        Optional.empty()), false, List.of("192.0.2.0/24"))).requestedAddresses("198.51.100.1").build();
        assertThatThrownBy(() -> Fixtures.session("hetzner").renderService(request, Optional.empty(),
                ApplianceConfig.EMPTY))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems())
                        .extracting(Problem::field).containsExactly("requestedAddresses[0]",
                                "exposure.healthCheck.healthyThreshold", "exposure.sourceRanges"));
    }

    private static Service existing(String cloud, boolean provisioned, String... annotations) {
        ServiceBuilder b = new ServiceBuilder(Fixtures.session(cloud).renderService(Fixtures.web().build(),
                Optional.empty(), ApplianceConfig.EMPTY))
                .editMetadata().withName("web").withNamespace("tenant-a").endMetadata();
        for (int i = 0; i < annotations.length; i += 2) {
            b.editMetadata().addToAnnotations(annotations[i], annotations[i + 1]).endMetadata();
        }
        if (provisioned) {
            b.withNewStatus().withNewLoadBalancer().withIngress(new LoadBalancerIngressBuilder()
                    .withHostname("web-1234.elb.eu-west-1.amazonaws.com").build()).endLoadBalancer().endStatus();
        }
        return b.build();
    }

    @Test
    void refusesChangingCreateOnlyOptionsOnceTheLoadBalancerExists() {
        CcmSession aws = Fixtures.session("aws");
        Service before = existing("aws", true, "service.beta.kubernetes.io/aws-load-balancer-subnets", "subnet-a");
        Service after = new ServiceBuilder(before).editMetadata()
                .addToAnnotations("service.beta.kubernetes.io/aws-load-balancer-subnets", "subnet-b")
                .addToAnnotations("service.beta.kubernetes.io/aws-load-balancer-internal", "true")
                .addToAnnotations("service.beta.kubernetes.io/aws-load-balancer-healthcheck-path", "/ready")
                .endMetadata().build();
        assertThat(aws.checkUpdate(before, after)).containsExactly(
                Problem.of("Service/tenant-a/web",
                        "metadata.annotations[service.beta.kubernetes.io/aws-load-balancer-internal]",
                        "create-only on cloud 'aws': its controller reads it only when it creates the load balancer,"
                                + " so changing it from (unset) to 'true' would be silently ignored; delete and"
                                + " recreate the Service to change it"),
                Problem.of("Service/tenant-a/web",
                        "metadata.annotations[service.beta.kubernetes.io/aws-load-balancer-subnets]",
                        "create-only on cloud 'aws': its controller reads it only when it creates the load balancer,"
                                + " so changing it from 'subnet-a' to 'subnet-b' would be silently ignored; delete and"
                                + " recreate the Service to change it"));
        assertThat(aws.checkUpdate(before, before)).isEmpty();
    }

    @Test
    void createOnlyOptionsMayChangeBeforeTheLoadBalancerExists() {
        CcmSession aws = Fixtures.session("aws");
        Service before = existing("aws", false, "service.beta.kubernetes.io/aws-load-balancer-subnets", "subnet-a");
        Service after = new ServiceBuilder(before).editMetadata()
                .addToAnnotations("service.beta.kubernetes.io/aws-load-balancer-subnets", "subnet-b").endMetadata()
                .build();
        assertThat(aws.checkUpdate(before, after)).isEmpty();
        Service finalized = new ServiceBuilder(before).editMetadata().addToFinalizers(CloudProfile.CLEANUP_FINALIZER)
                .endMetadata().build();
        assertThat(aws.checkUpdate(finalized, after)).as("the controller's finalizer shows the load balancer exists")
                .hasSize(1);
    }

    @Test
    void refusesChangingTheLoadBalancerClassAndTheStaticAddressField() {
        Service before = new ServiceBuilder(existing("aws-lbc", false)).build();
        Service after = new ServiceBuilder(before).editSpec().withLoadBalancerClass(null).endSpec().build();
        assertThat(Fixtures.session("aws-lbc").checkUpdate(before, after)).containsExactly(Problem.of(
                "Service/tenant-a/web", "spec.loadBalancerClass", "immutable once set: cannot change"
                        + " 'service.k8s.aws/nlb' to (unset); delete and recreate the Service to change it"));
        CcmSession doSession = Fixtures.session("digitalocean");
        Service ipBefore = existing("digitalocean", true, "service.beta.kubernetes.io/do-loadbalancer-ip", "192.0.2.1");
        Service ipAfter = new ServiceBuilder(ipBefore).editMetadata()
                .addToAnnotations("service.beta.kubernetes.io/do-loadbalancer-ip", "192.0.2.2").endMetadata().build();
        assertThat(doSession.checkUpdate(ipBefore, ipAfter)).extracting(Problem::field)
                .containsExactly("metadata.annotations[service.beta.kubernetes.io/do-loadbalancer-ip]");
    }

    @Test
    void configurationIsEmptyAndPoolsAreIgnoredWithAWarning() {
        CcmSession s = Fixtures.session("gcp");
        assertThat(s.configKinds()).isEmpty();
        assertThat(s.importConfig(List.of(existing("gcp", false)))).isEqualTo(ApplianceConfig.EMPTY);
        assertThat(s.renderConfig(ApplianceConfig.EMPTY, List.of())).isEmpty();
        ApplianceConfig withPool = ApplianceConfig.builder().pool(AddressPool.builder("extern")
                .addresses("10.10.255.200-10.10.255.250").build()).build();
        var report = s.validate(withPool);
        assertThat(report.isValid()).isTrue();
        assertThat(report.warnings()).extracting(Problem::toString)
                .containsExactly("pool/extern: ignored: the gcp cloud controller allocates addresses itself");
        assertThat(s.advertiser().advertisements(withPool, List.of()).routes()).isEmpty();
        assertThat(s.delegatedAllocator(withPool)).containsSame(s.allocator());
    }
}
