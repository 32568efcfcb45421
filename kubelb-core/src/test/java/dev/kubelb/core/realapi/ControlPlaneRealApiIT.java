package dev.kubelb.core.realapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubelb.core.crd.KubeLbLoadBalancer;
import dev.kubelb.core.testkit.RealApi;
import dev.kubelb.core.testkit.RealApiServer;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the real control plane decides and fabric8's mock server does not: the appliances' schemas
 * (unknown fields pruned, types and enums enforced), immutable fields, NodePort allocation, RBAC. Each
 * test here is a fact the engine must live with.
 */
@RealApi
class ControlPlaneRealApiIT {
    static RealApiServer real;

    private static final ResourceDefinitionContext METALLB_POOLS = new ResourceDefinitionContext.Builder()
            .withGroup("metallb.io").withVersion("v1beta1").withKind("IPAddressPool").withPlural("ipaddresspools")
            .withNamespaced(true).build();
    private static final ResourceDefinitionContext CILIUM_POOLS = new ResourceDefinitionContext.Builder()
            .withGroup("cilium.io").withVersion("v2").withKind("CiliumLoadBalancerIPPool")
            .withPlural("ciliumloadbalancerippools").withNamespaced(false).build();

    private static GenericKubernetesResource metallbPool(String ns, String name, Map<String, Object> spec) {
        return new GenericKubernetesResourceBuilder().withApiVersion("metallb.io/v1beta1").withKind("IPAddressPool")
                .withNewMetadata().withName(name).withNamespace(ns).endMetadata()
                .withAdditionalProperties(Map.of("spec", spec)).build();
    }

    @Test
    void theServerIsTheReleaseBuiltFromItsGoModule() {
        assertThat(real.admin().getKubernetesVersion().getGitVersion()).startsWith("v1.");
        assertThat(real.admin().getKubernetesVersion().getMinor()).isNotBlank();
        assertThat(real.url()).startsWith("https://127.0.0.1:");
    }

    @Test
    void theAppliancesAndKubeLbCrdsAreInstalledAndServed() {
        List<String> crds = real.admin().apiextensions().v1().customResourceDefinitions().list().getItems().stream()
                .map(c -> c.getMetadata().getName()).toList();
        assertThat(crds).contains("ipaddresspools.metallb.io", "bgpadvertisements.metallb.io", "bgppeers.metallb.io",
                "l2advertisements.metallb.io", "communities.metallb.io",
                "ciliumloadbalancerippools.cilium.io", "ciliumbgpclusterconfigs.cilium.io",
                "ciliumbgpadvertisements.cilium.io", "ciliumbgppeerconfigs.cilium.io",
                "loadbalancers.kubelb.k8c.io", "addresses.kubelb.k8c.io");
    }

    @Test
    void metallbsSchemaPrunesUnknownFieldsAndRefusesWrongTypes() {
        String ns = real.newNamespace("metallb");
        GenericKubernetesResource created = real.admin().genericKubernetesResources(METALLB_POOLS).inNamespace(ns)
                .resource(metallbPool(ns, "extern", Map.of("addresses", List.of("10.10.255.200-10.10.255.250"),
                        "avoidBuggyIPs", true, "avoidBuggyIps", true)))
                .create();
        @SuppressWarnings("unchecked")
        Map<String, Object> spec = (Map<String, Object>) created.getAdditionalProperties().get("spec");
        assertThat(spec).containsEntry("avoidBuggyIPs", true).doesNotContainKey("avoidBuggyIps");
        assertThatThrownBy(() -> real.admin().genericKubernetesResources(METALLB_POOLS).inNamespace(ns)
                .resource(metallbPool(ns, "typed", Map.of("addresses", "10.0.0.0/24"))).create())
                .isInstanceOf(KubernetesClientException.class)
                .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(422));
    }

    @Test
    void ciliumsPoolSchemaIsEnforced() {
        GenericKubernetesResource pool = new GenericKubernetesResourceBuilder().withApiVersion("cilium.io/v2")
                .withKind("CiliumLoadBalancerIPPool").withNewMetadata().withName("blue").endMetadata()
                .withAdditionalProperties(Map.of("spec", Map.of("blocks", List.of(Map.of("cidr", "10.0.10.0/24")))))
                .build();
        assertThat(real.admin().genericKubernetesResources(CILIUM_POOLS).resource(pool).create().getMetadata()
                .getUid()).isNotBlank();
        GenericKubernetesResource bad = new GenericKubernetesResourceBuilder(pool).editMetadata().withName("bad")
                .endMetadata().withAdditionalProperties(Map.of("spec", Map.of("blocks", "10.0.10.0/24"))).build();
        assertThatThrownBy(() -> real.admin().genericKubernetesResources(CILIUM_POOLS).resource(bad).create())
                .isInstanceOf(KubernetesClientException.class);
    }

    @Test
    void kubeLbsLoadBalancerNeedsEndpointsAndKeepsStatusApart() {
        String ns = real.newNamespace("tenant");
        KubeLbLoadBalancer lb = new KubeLbLoadBalancer();
        lb.getMetadata().setName("web");
        lb.getMetadata().setNamespace(ns);
        lb.setSpec(new KubeLbLoadBalancer.Spec());
        lb.getSpec().ports.add(new KubeLbLoadBalancer.Port("http", 80, "TCP"));
        assertThatThrownBy(() -> real.admin().resources(KubeLbLoadBalancer.class).resource(lb).create())
                .as("KubeLB's CRD requires spec.endpoints").isInstanceOf(KubernetesClientException.class)
                .hasMessageContaining("spec.endpoints");
        KubeLbLoadBalancer.Endpoints set = new KubeLbLoadBalancer.Endpoints();
        set.addresses.add(new KubeLbLoadBalancer.EndpointAddress("192.0.2.11"));
        set.ports.add(new KubeLbLoadBalancer.Port("http", 30080, "TCP"));
        lb.getSpec().endpoints.add(set);
        KubeLbLoadBalancer created = real.admin().resources(KubeLbLoadBalancer.class).resource(lb).create();
        assertThat(created.getMetadata().getGeneration()).isEqualTo(1L);
        assertThat(created.getSpec().type).as("defaulted by the CRD").isEqualTo("ClusterIP");
        assertThat(created.getStatus()).as("status is a subresource: not written on create").isNull();
    }

    @Test
    void aServicesLoadBalancerClassIsImmutable() {
        String ns = real.newNamespace("immutable");
        Service s = real.admin().services().resource(new ServiceBuilder().withNewMetadata().withName("web")
                .withNamespace(ns).endMetadata().withNewSpec().withType("LoadBalancer")
                .withLoadBalancerClass("kubelb.dev/l4").addNewPort().withPort(80).endPort().endSpec().build()).create();
        assertThatThrownBy(() -> real.admin().services().inNamespace(ns).withName("web")
                .edit(x -> new ServiceBuilder(x).editSpec().withLoadBalancerClass("other.example/lb").endSpec().build()))
                .isInstanceOf(KubernetesClientException.class).hasMessageContaining("loadBalancerClass");
        assertThat(s.getSpec().getPorts().get(0).getNodePort()).as("a NodePort is allocated by default")
                .isBetween(30000, 32767);
    }

    @Test
    void aServiceWithoutNodePortsTakesNone() {
        String ns = real.newNamespace("noports");
        Service s = real.admin().services().resource(new ServiceBuilder().withNewMetadata().withName("web")
                .withNamespace(ns).endMetadata().withNewSpec().withType("LoadBalancer")
                .withAllocateLoadBalancerNodePorts(false).addNewPort().withPort(80).endPort().endSpec().build())
                .create();
        assertThat(s.getSpec().getPorts().get(0).getNodePort()).isNull();
    }

    @Test
    void aServiceAccountWithoutRolesIsForbidden() {
        try (KubernetesClient nobody = real.clientAs("default", "nobody")) {
            assertThatThrownBy(() -> nobody.services().inAnyNamespace().list())
                    .isInstanceOf(KubernetesClientException.class)
                    .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(403));
        }
    }
}
