package dev.kubelb.provider.cilium;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelb.api.AddressPool;
import dev.kubelb.api.AddressRange;
import dev.kubelb.api.ApplianceConfig;
import dev.kubelb.api.FailureReason;
import dev.kubelb.api.IpAddress;
import dev.kubelb.provider.cilium.model.CiliumBGPAdvertisement;
import dev.kubelb.provider.cilium.model.CiliumBGPClusterConfig;
import dev.kubelb.provider.cilium.model.CiliumBGPPeerConfig;
import dev.kubelb.provider.cilium.model.CiliumL2AnnouncementPolicy;
import dev.kubelb.provider.cilium.model.CiliumLoadBalancerIPPool;
import dev.kubelb.spi.ApplianceStatus;
import dev.kubelb.spi.Assignment;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LoadBalancerIngressBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * End to end on fabric8's mock API server (CRUD mode): the rendered Cilium objects and Services are
 * created through the client, a simulated Cilium LB-IPAM reads the pools back from the server and writes
 * the Service status as Cilium would, and {@code observe} reads the answer.
 */
abstract class CiliumMockServerSuite {
    static KubernetesClient client;

    private final CiliumSession session = Fixtures.session();

    /** What Cilium's LB-IPAM does with a pinned Service, reduced to the checks kubelb relies on. */
    private static void simulateCilium(Service svc) {
        List<CiliumLoadBalancerIPPool> pools = client.resources(CiliumLoadBalancerIPPool.class).list().getItems();
        String ips = svc.getMetadata().getAnnotations().get(CiliumNames.ANN_IPS);
        List<String> granted = new ArrayList<>();
        String reason = "satisfied";
        for (String ip : Arrays.asList(ips.split(","))) {
            IpAddress a = IpAddress.parse(ip);
            Optional<CiliumLoadBalancerIPPool> pool = pools.stream().filter(p -> p.getSpec().getBlocks().stream()
                    .map(b -> b.getCidr() != null ? AddressRange.parse(b.getCidr())
                            : AddressRange.parse(b.getStart() + "-" + b.getStop()))
                    .anyMatch(r -> r.contains(a))).findFirst();
            if (pool.isEmpty()) {
                reason = "no_pool";
                break;
            }
            var sel = pool.get().getSpec().getServiceSelector();
            if (sel != null && !Selectors.fromFabric8(sel).matches(svc.getMetadata().getLabels())) {
                reason = "pool_selector_mismatch";
                break;
            }
            granted.add(ip);
        }
        Condition c = new ConditionBuilder().withType(CiliumNames.CONDITION_SATISFIED)
                .withStatus(reason.equals("satisfied") ? "True" : "False").withReason(reason)
                .withMessage(reason.equals("satisfied") ? "" : "requested IPs cannot be satisfied")
                .withLastTransitionTime("2026-11-25T12:00:00Z").build();
        var status = new ServiceStatusBuilder().withConditions(c).withNewLoadBalancer();
        if (reason.equals("satisfied")) {
            for (String ip : granted) {
                status = status.addToIngress(new LoadBalancerIngressBuilder().withIp(ip).build());
            }
        }
        Service current = client.services().inNamespace(svc.getMetadata().getNamespace())
                .withName(svc.getMetadata().getName()).get();
        current.setStatus(status.endLoadBalancer().build());
        client.services().inNamespace(svc.getMetadata().getNamespace()).resource(current).updateStatus();
    }

    @Test
    void renderedObjectsApplyReadBackAndCiliumsAnswerIsObserved() {
        ApplianceConfig config = Fixtures.config();
        var web = Fixtures.request("tenant-a", "web", Fixtures.tcp(80)).build();
        var api = Fixtures.request("tenant-b", "api", Fixtures.tcp(443)).label("tier", "internal").build();
        var stray = Fixtures.request("tenant-z", "stray", Fixtures.tcp(8080)).label("tier", "internal").build();
        List<Assignment> assignments = List.of(Fixtures.assign(web, "extern", "10.10.255.201"),
                Fixtures.assign(api, "internal", "10.20.0.9", "fd00:20::9"),
                Fixtures.assign(stray, "internal", "10.20.0.10"));

        for (HasMetadata o : session.renderConfig(config, assignments)) {
            client.resource(o).create();
        }
        // what the server holds imports back to the same neutral configuration
        List<HasMetadata> stored = new ArrayList<>();
        stored.addAll(client.resources(CiliumLoadBalancerIPPool.class).list().getItems());
        stored.addAll(client.resources(CiliumBGPAdvertisement.class).list().getItems());
        stored.addAll(client.resources(CiliumBGPPeerConfig.class).list().getItems());
        stored.addAll(client.resources(CiliumBGPClusterConfig.class).list().getItems());
        stored.addAll(client.resources(CiliumL2AnnouncementPolicy.class).list().getItems());
        assertThat(stored).hasSize(10);
        ApplianceConfig readBack = session.importConfig(stored);
        assertThat(readBack.pools()).isEqualTo(config.pools());
        assertThat(readBack.peers()).usingRecursiveComparison().isEqualTo(config.peers());
        assertThat(readBack.bgpAdvertisements()).containsExactlyInAnyOrderElementsOf(config.bgpAdvertisements());
        assertThat(readBack.l2Advertisements()).isEqualTo(config.l2Advertisements());

        for (Assignment a : assignments) {
            Service svc = session.renderService(a.request(), Optional.of(a.allocation()), config);
            client.services().inNamespace(a.request().id().tenant()).resource(svc).create();
        }
        // the advertisement labelled for pool extern finds its Service by the label it selects on
        assertThat(client.resources(CiliumBGPAdvertisement.class).withLabel(CiliumNames.LABEL_ADVERTISEMENT, "extern")
                .list().getItems()).hasSize(1);
        assertThat(client.services().inAnyNamespace().withLabel(CiliumNames.LABEL_POOL, "extern").list().getItems())
                .extracting(s -> s.getMetadata().getName()).containsExactly("web");

        Service before = client.services().inNamespace("tenant-a").withName("web").get();
        assertThat(session.observe(before).state()).isEqualTo(ApplianceStatus.State.PENDING);

        for (Assignment a : assignments) {
            simulateCilium(client.services().inNamespace(a.request().id().tenant()).withName(a.request().id().name()).get());
        }
        ApplianceStatus webStatus = session.observe(client.services().inNamespace("tenant-a").withName("web").get());
        assertThat(webStatus.state()).isEqualTo(ApplianceStatus.State.READY);
        assertThat(webStatus.ingress()).extracting(i -> i.ip().orElseThrow()).containsExactly("10.10.255.201");
        ApplianceStatus apiStatus = session.observe(client.services().inNamespace("tenant-b").withName("api").get());
        assertThat(apiStatus.ingress()).extracting(i -> i.ip().orElseThrow()).containsExactly("10.20.0.9", "fd00:20::9");
        // tenant-z is outside the internal pool's scope: vet said so before apply, and Cilium agrees
        assertThat(session.vet(config, assignments)).extracting(f -> f.id().toString() + " " + f.reason())
                .containsExactly("tenant-z/stray POOL_NOT_ALLOWED");
        ApplianceStatus strayStatus = session.observe(client.services().inNamespace("tenant-z").withName("stray").get());
        assertThat(strayStatus.state()).isEqualTo(ApplianceStatus.State.FAILED);
        assertThat(strayStatus.reason()).contains(FailureReason.POOL_NOT_ALLOWED);
    }

    @Test
    void anAddressOutsideEveryPoolIsNoPool() {
        ApplianceConfig config = ApplianceConfig.builder()
                .pool(AddressPool.builder("solo").addresses("10.70.0.0/28").build()).build();
        for (HasMetadata o : session.renderConfig(config, List.of())) {
            client.resource(o).createOr(existing -> existing.update());
        }
        var r = Fixtures.request("tenant-q", "lost", Fixtures.tcp(80)).build();
        Assignment a = Fixtures.assign(r, "solo", "10.71.0.1");
        assertThat(session.vet(config, List.of(a))).extracting(f -> f.reason())
                .containsExactly(FailureReason.ADDRESS_NOT_IN_POOL);
        client.services().inNamespace("tenant-q").resource(session.renderService(r, Optional.of(a.allocation()), config))
                .create();
        simulateCilium(client.services().inNamespace("tenant-q").withName("lost").get());
        ApplianceStatus st = session.observe(client.services().inNamespace("tenant-q").withName("lost").get());
        assertThat(st.state()).isEqualTo(ApplianceStatus.State.FAILED);
        assertThat(st.reason()).contains(FailureReason.NO_POOL);
        assertThat(st.message()).isEqualTo("Cilium LB-IPAM: no_pool: requested IPs cannot be satisfied");
    }
}
