package dev.kubelb.examples.customprovider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubelb.api.AddressPool;
import dev.kubelb.api.Allocation;
import dev.kubelb.api.ApplianceConfig;
import dev.kubelb.api.ConfigurationException;
import dev.kubelb.api.IpAddress;
import dev.kubelb.api.IpFamily;
import dev.kubelb.api.IpFamilyPolicy;
import dev.kubelb.api.LoadBalancerRequest;
import dev.kubelb.api.PortSpec;
import dev.kubelb.api.Protocol;
import dev.kubelb.spi.ApplianceStatus;
import dev.kubelb.spi.Assignment;
import dev.kubelb.spi.ClusterInfo;
import dev.kubelb.spi.LoadBalancerProvider;
import dev.kubelb.spi.ProviderContext;
import dev.kubelb.spi.ProviderSession;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LoadBalancerIngressBuilder;
import io.fabric8.kubernetes.api.model.PortStatusBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** Step 3 of writing a provider: test the translation offline, from the appliance's own YAML. */
class KubeVipProviderTest {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    /** A kubevip ConfigMap as an operator writes it (spaces after commas included). */
    private static final String CONFIG_MAP = """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: kubevip
              namespace: kube-system
            data:
              range-global: 10.10.255.200-10.10.255.250, fd00:10::10-fd00:10::ff
              cidr-tenant-b: 10.30.0.0/29
              cidr-tenant-a: 10.20.0.0/28,fd00:20::/120
              range-tenant-a: 10.20.1.1-10.20.1.9
            """;

    private final ProviderSession session = new KubeVipProvider().open(ProviderContext.offline("kube-system"));

    private static HasMetadata parse(String yaml) {
        return SERIALIZATION.unmarshal(yaml);
    }

    @Test
    void serviceLoaderDiscoversTheProvider() {
        // other providers may be on the class path too; this jar must contribute exactly one
        List<LoadBalancerProvider> found = ServiceLoader.load(LoadBalancerProvider.class).stream()
                .map(ServiceLoader.Provider::get).filter(KubeVipProvider.class::isInstance).toList();
        assertThat(found).hasSize(1);
        assertThat(found.get(0).name()).isEqualTo("kube-vip");
        assertThat(session.providerName()).isEqualTo("kube-vip");
    }

    @Test
    void isACandidateOnlyWhenTheHostSaysKubeVip() {
        KubeVipProvider p = new KubeVipProvider();
        assertThat(p.supports(ClusterInfo.UNKNOWN)).isFalse();
        assertThat(p.supports(new ClusterInfo(java.util.Set.of("v1"), java.util.Set.of(), Map.of("appliance",
                "kube-vip")))).isTrue();
        assertThat(p.capabilities().addressPinning()).isTrue();
        assertThat(p.capabilities().delegatedAllocation()).isFalse();
    }

    @Test
    void importsTheConfigMapIntoPools() {
        ApplianceConfig config = session.importConfig(List.of(parse(CONFIG_MAP)));
        assertThat(config.pools()).map(AddressPool::name).containsExactly("global", "tenant-a", "tenant-b");
        AddressPool global = config.pool("global").orElseThrow();
        assertThat(global.scope()).isEmpty();
        assertThat(global.ranges()).map(Object::toString)
                .containsExactly("10.10.255.200-10.10.255.250", "fd00:10::10-fd00:10::ff");
        AddressPool tenantA = config.pool("tenant-a").orElseThrow();
        assertThat(tenantA.scope().orElseThrow().tenants()).containsExactly("tenant-a");
        assertThat(tenantA.ranges()).map(Object::toString)
                .containsExactly("10.20.0.0/28", "fd00:20::/120", "10.20.1.1-10.20.1.9");
        assertThat(session.validate(config).isValid()).isTrue();
    }

    @Test
    void rendersTheConfigMapBackCanonicallyAndRoundTrips() {
        ApplianceConfig config = session.importConfig(List.of(parse(CONFIG_MAP)));
        List<HasMetadata> rendered = session.renderConfig(config, List.of());
        assertThat(rendered).hasSize(1);
        assertThat(SERIALIZATION.asYaml(rendered.get(0))).isEqualTo("""
                ---
                apiVersion: "v1"
                kind: "ConfigMap"
                metadata:
                  name: "kubevip"
                  namespace: "kube-system"
                data:
                  cidr-tenant-a: "10.20.0.0/28,fd00:20::/120"
                  cidr-tenant-b: "10.30.0.0/29"
                  range-global: "10.10.255.200-10.10.255.250,fd00:10::10-fd00:10::ff"
                  range-tenant-a: "10.20.1.1-10.20.1.9"
                """);
        assertThat(session.importConfig(rendered)).isEqualTo(config);
    }

    @Test
    void acceptsGenericObjects() {
        GenericKubernetesResource generic = SERIALIZATION.unmarshal(CONFIG_MAP, GenericKubernetesResource.class);
        assertThat(session.recognizes(generic)).isTrue();
        assertThat(session.importConfig(List.of(generic))).isEqualTo(session.importConfig(List.of(parse(CONFIG_MAP))));
    }

    @Test
    void ignoresOtherConfigMaps() {
        HasMetadata other = parse(CONFIG_MAP.replace("name: kubevip", "name: kube-proxy"));
        assertThat(session.recognizes(other)).isFalse();
        assertThat(session.importConfig(List.of(other)).pools()).isEmpty();
    }

    @Test
    void rejectsBadEntriesNamingKeyAndIndex() {
        String bad = CONFIG_MAP.replace("cidr-tenant-b: 10.30.0.0/29", "cidr-tenant-b: 10.30.0.1/29")
                .replace("range-tenant-a: 10.20.1.1-10.20.1.9", "range-tenant-a: 10.20.1.1-10.20.1.9,10.20.2.0/24")
                + "  search-order: desc\n";
        assertThatThrownBy(() -> session.importConfig(List.of(parse(bad))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("""
                        ConfigMap/kubevip: data.cidr-tenant-b[0]: '10.30.0.1/29' has host bits set (did you mean \
                        10.30.0.0/29?)
                        ConfigMap/kubevip: data.range-tenant-a[1]: '10.20.2.0/24' is a CIDR; put CIDRs under \
                        cidr-tenant-a
                        ConfigMap/kubevip: data.search-order: not supported by this provider (supported keys: \
                        cidr-global, range-global, cidr-<namespace>, range-<namespace>)""");
    }

    @Test
    void rejectsOverlapInsideOnePool() {
        String overlapping = CONFIG_MAP.replace("range-tenant-a: 10.20.1.1-10.20.1.9", "range-tenant-a: 10.20.0.1-10.20.0.3");
        assertThatThrownBy(() -> session.importConfig(List.of(parse(overlapping))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("ConfigMap/kubevip: data: pool 'tenant-a': '10.20.0.1-10.20.0.3' overlaps '10.20.0.0/28' "
                        + "(ranges[0])");
    }

    @Test
    void validationRefusesWhatTheConfigMapCannotSay() {
        ApplianceConfig config = ApplianceConfig.builder()
                .pool(AddressPool.builder("extern").addresses("10.10.255.200-10.10.255.250").avoidBuggyIps(true).build())
                .pool(AddressPool.builder("global").addresses("10.10.255.0/24").build())
                .build();
        assertThat(session.validate(config).errors()).map(Object::toString).containsExactly(
                "pool/extern: scope: kube-vip has one unscoped pool named 'global' and one pool per namespace, named "
                        + "after the namespace and scoped to it alone",
                "pool/extern: autoAssign=false, avoidBuggyIPs, cross-tenant sharing and labels cannot be expressed in "
                        + "the kubevip ConfigMap",
                "pool/extern: ranges: overlaps pool 'global'");
        assertThatThrownBy(() -> session.renderConfig(config, List.of())).isInstanceOf(ConfigurationException.class);
    }

    @Test
    void renderServicePinsTheAllocatedAddresses() {
        LoadBalancerRequest request = LoadBalancerRequest.builder("tenant-a", "web")
                .port(PortSpec.of("http", Protocol.TCP, 80)).port(PortSpec.of("dns", Protocol.UDP, 53))
                .ipFamilyPolicy(IpFamilyPolicy.REQUIRE_DUAL_STACK).ipFamilies(IpFamily.IPV6, IpFamily.IPV4)
                .build();
        Allocation allocation = new Allocation(request.id(), "tenant-a",
                List.of(IpAddress.parse("10.20.0.1"), IpAddress.parse("fd00:20::1")), Optional.empty());
        ApplianceConfig config = session.importConfig(List.of(parse(CONFIG_MAP)));

        Service svc = session.renderService(request, Optional.of(allocation), config);

        // the preferred family first, as kube-vip reads the annotation
        assertThat(svc.getMetadata().getAnnotations())
                .containsExactly(Map.entry("kube-vip.io/loadbalancerIPs", "fd00:20::1,10.20.0.1"));
        assertThat(svc.getSpec().getType()).isEqualTo("LoadBalancer");
        assertThat(svc.getSpec().getLoadBalancerClass()).isEqualTo("kube-vip.io/kube-vip-class");
        assertThat(svc.getSpec().getSelector()).isNullOrEmpty();
        assertThat(svc.getSpec().getIpFamilies()).containsExactly("IPv6", "IPv4");
        assertThat(svc.getSpec().getIpFamilyPolicy()).isEqualTo("RequireDualStack");
        assertThat(svc.getSpec().getPorts()).extracting(p -> p.getName() + "/" + p.getProtocol() + "/" + p.getPort())
                .containsExactly("http/TCP/80", "dns/UDP/53");
        assertThat(svc.getSpec().getLoadBalancerIP()).as("deprecated field left alone").isNull();

        Service unpinned = session.renderService(request, Optional.empty(), config);
        assertThat(unpinned.getMetadata().getAnnotations()).isNullOrEmpty();
    }

    @Test
    void observeReadsTheIngress() {
        Service pinned = new ServiceBuilder().withNewMetadata().withName("web").withNamespace("tenant-a")
                .addToAnnotations("kube-vip.io/loadbalancerIPs", "10.20.0.1").endMetadata()
                .withNewSpec().withType("LoadBalancer").endSpec().build();
        ApplianceStatus pending = session.observe(pinned);
        assertThat(pending.state()).isEqualTo(ApplianceStatus.State.PENDING);
        assertThat(pending.message()).isEqualTo("waiting for kube-vip to announce 10.20.0.1");

        Service ready = new ServiceBuilder(pinned).withNewStatus().withNewLoadBalancer()
                .withIngress(new LoadBalancerIngressBuilder().withIp("10.20.0.1").withIpMode("VIP")
                        .withPorts(new PortStatusBuilder().withPort(53).withProtocol("UDP").withError("Pending").build(),
                                new PortStatusBuilder().withPort(80).withProtocol("TCP").build())
                        .build())
                .endLoadBalancer().endStatus().build();
        ApplianceStatus status = session.observe(ready);
        assertThat(status.state()).isEqualTo(ApplianceStatus.State.READY);
        assertThat(status.ingress()).hasSize(1);
        ApplianceStatus.Ingress ingress = status.ingress().get(0);
        assertThat(ingress.ip()).contains("10.20.0.1");
        assertThat(ingress.hostname()).isEmpty();
        assertThat(ingress.ipMode()).contains("VIP");
        assertThat(ingress.portErrors()).containsExactly("53/UDP: Pending");
    }

    @Test
    void previewsOneL2AnnouncementPerAddress() {
        LoadBalancerRequest b = LoadBalancerRequest.builder("tenant-b", "db").port(PortSpec.tcp(5432)).build();
        LoadBalancerRequest a = LoadBalancerRequest.builder("tenant-a", "web").port(PortSpec.tcp(80)).build();
        List<Assignment> assignments = List.of(
                new Assignment(b, new Allocation(b.id(), "tenant-b", List.of(IpAddress.parse("10.30.0.1")),
                        Optional.empty())),
                new Assignment(a, new Allocation(a.id(), "tenant-a", List.of(IpAddress.parse("10.20.0.1")),
                        Optional.empty())));
        var preview = session.advertiser().advertisements(ApplianceConfig.EMPTY, assignments);
        assertThat(preview.routes()).isEmpty();
        assertThat(preview.l2()).extracting(l -> l.service() + "=" + l.address())
                .containsExactly("tenant-a/web=10.20.0.1", "tenant-b/db=10.30.0.1");
    }
}
