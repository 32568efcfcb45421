package dev.kubelb.provider.cilium;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelb.core.ApplyStrategy;
import dev.kubelb.core.KubeLb;
import dev.kubelb.core.testkit.Clusters;
import dev.kubelb.provider.cilium.model.CiliumBGPAdvertisement;
import dev.kubelb.provider.cilium.model.CiliumBGPClusterConfig;
import dev.kubelb.provider.cilium.model.CiliumBGPPeerConfig;
import dev.kubelb.provider.cilium.model.CiliumL2AnnouncementPolicy;
import dev.kubelb.provider.cilium.model.CiliumLoadBalancerIPPool;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LoadBalancerIngressBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServiceStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * Through the lead's engine ({@link KubeLb}) on the mock server: the engine finds the Cilium provider by
 * name through ServiceLoader, applies the rendered Cilium objects and the pinned Service, a simulated
 * Cilium answers on the managed Service, and the engine copies the answer back to the tenant's Service.
 * With the rules of Cilium 1.16 (provider option {@code cilium.version}), a MetalLB-style TCP/53 + UDP/53 share
 * is refused before anything is pinned (Cilium 1.18 accepts it: {@link LbIpamConformanceTest}).
 */
abstract class KubeLbCiliumSuite {
    static KubernetesClient client;

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        Clusters.await(condition, what, Duration.ofSeconds(15));
    }

    private static Service tenantService(String name, String protocol, int port, String sharingKey) {
        ServiceBuilder b = new ServiceBuilder().withNewMetadata().withName(name).withNamespace("tenant-a").endMetadata()
                .withNewSpec().withType("LoadBalancer").withLoadBalancerClass("kubelb.dev/l4")
                .addNewPort().withName(protocol.toLowerCase() + "-" + port)
                .withProtocol(protocol).withPort(port).withNodePort(dev.kubelb.core.testkit.Clusters.nodePortFor(port)).endPort().endSpec();
        if (sharingKey != null) {
            b.editMetadata().addToAnnotations("lbipam.cilium.io/sharing-key", sharingKey).endMetadata();
        }
        return b.build();
    }

    private static Service get(String name) {
        return client.services().inNamespace("tenant-a").withName(name).get();
    }

    /** Cilium's answer on a pinned managed Service: the pinned addresses, condition satisfied. */
    private static void answerAsCilium(String managedName) {
        Service s = get(managedName);
        String ips = s.getMetadata().getAnnotations().get(CiliumNames.ANN_IPS);
        Condition c = new ConditionBuilder().withType(CiliumNames.CONDITION_SATISFIED).withStatus("True")
                .withReason("satisfied").withMessage("").withLastTransitionTime("2026-11-25T12:00:00Z").build();
        var st = new ServiceStatusBuilder().withConditions(c).withNewLoadBalancer();
        for (String ip : ips.split(",")) {
            st = st.addToIngress(new LoadBalancerIngressBuilder().withIp(ip).build());
        }
        s.setStatus(st.endLoadBalancer().build());
        client.services().inNamespace("tenant-a").resource(s).updateStatus();
    }

    private static List<Condition> conditions(String name) {
        Service s = get(name);
        return s == null || s.getStatus() == null || s.getStatus().getConditions() == null ? List.of()
                : s.getStatus().getConditions();
    }

    @Test
    void theEngineServesATenantServiceThroughCilium() throws Exception {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("tenant-a").endMetadata().build())
                .createOr(n -> n.update());
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName("node-1").endMetadata().withNewStatus()
                .addNewAddress().withType("InternalIP").withAddress("192.0.2.11").endAddress().endStatus().build())
                .createOr(n -> n.update());
        try (KubeLb lb = KubeLb.builder().client(client).provider("cilium").providerOption(CiliumVersion.OPTION, "1.16")
                .configuration(Fixtures.config())
                .applyStrategy(ApplyStrategy.createOrUpdate()).retryBackoff(Duration.ofMillis(20), Duration.ofMillis(200))
                .build()) {
            assertThat(lb.provider()).isInstanceOf(CiliumProvider.class);
            // the running reconciler serves requests; the configuration objects are applied through a plan
            var report = lb.apply(lb.plan(List.of()));
            assertThat(report.created()).hasSize(10);
            lb.start();
            client.services().resource(tenantService("web", "TCP", 80, null)).create();
            await(() -> get("kubelb-web") != null, "managed Service");
            Service managed = get("kubelb-web");
            assertThat(managed.getSpec().getLoadBalancerClass()).isEqualTo(CiliumNames.CLASS_BGP);
            assertThat(managed.getSpec().getAllocateLoadBalancerNodePorts()).isFalse();
            assertThat(managed.getSpec().getPorts()).as("no NodePort taken").allSatisfy(p -> assertThat(p.getNodePort()).isNull());
            assertThat(managed.getMetadata().getAnnotations()).containsEntry(CiliumNames.ANN_IPS, "10.10.255.200");
            assertThat(managed.getMetadata().getLabels()).containsEntry(CiliumNames.LABEL_POOL, "extern")
                    .containsEntry(CiliumNames.LABEL_TENANT, "tenant-a");

            // the Cilium configuration was applied, and the advertisement selecting pool extern selects the Service
            List<HasMetadata> applied = new ArrayList<>();
            applied.addAll(client.resources(CiliumLoadBalancerIPPool.class).list().getItems());
            applied.addAll(client.resources(CiliumBGPAdvertisement.class).list().getItems());
            applied.addAll(client.resources(CiliumBGPPeerConfig.class).list().getItems());
            applied.addAll(client.resources(CiliumBGPClusterConfig.class).list().getItems());
            applied.addAll(client.resources(CiliumL2AnnouncementPolicy.class).list().getItems());
            assertThat(applied).hasSize(10);
            assertThat(Fixtures.session().importConfig(applied).pools()).isEqualTo(Fixtures.config().pools());
            CiliumBGPAdvertisement extern = client.resources(CiliumBGPAdvertisement.class).withName("extern").get();
            assertThat(Selectors.fromFabric8(extern.getSpec().getAdvertisements().get(0).getSelector())
                    .matches(managed.getMetadata().getLabels())).isTrue();

            answerAsCilium("kubelb-web");
            await(() -> {
                Service t = get("web");
                return t.getStatus() != null && t.getStatus().getLoadBalancer() != null
                        && t.getStatus().getLoadBalancer().getIngress() != null
                        && !t.getStatus().getLoadBalancer().getIngress().isEmpty();
            }, "status copied back to the tenant Service");
            assertThat(get("web").getStatus().getLoadBalancer().getIngress().get(0).getIp()).isEqualTo("10.10.255.200");

            // MetalLB would share TCP/53 and UDP/53 under one key; Cilium 1.16 compares port numbers only and gives
            // the incompatible newcomer another address (lbipam.go): the engine allocates it again without the
            // address Cilium's rules refused, so both are served, on different addresses
            client.services().resource(tenantService("dns-tcp", "TCP", 53, "dns")).create();
            client.services().resource(tenantService("dns-udp", "UDP", 53, "dns")).create();
            await(() -> get("kubelb-dns-tcp") != null && get("kubelb-dns-udp") != null, "both served");
            assertThat(lb.awaitIdle(Duration.ofSeconds(10))).isTrue();
            String tcp = get("kubelb-dns-tcp").getMetadata().getAnnotations().get(CiliumNames.ANN_IPS);
            String udp = get("kubelb-dns-udp").getMetadata().getAnnotations().get(CiliumNames.ANN_IPS);
            assertThat(tcp).isNotNull();
            assertThat(udp).isNotNull().isNotEqualTo(tcp);
            assertThat(List.of(tcp, udp)).doesNotContain("10.10.255.200");
            for (String n : List.of("dns-tcp", "dns-udp")) {
                assertThat(conditions(n)).as(n).noneMatch(c -> "False".equals(c.getStatus()));
            }
        }
    }
}
