package dev.kubelb.provider.metallb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelb.api.AddressPool;
import dev.kubelb.api.AddressRange;
import dev.kubelb.api.AdvertisementPreview;
import dev.kubelb.api.Allocation;
import dev.kubelb.api.ApplianceConfig;
import dev.kubelb.api.FailureReason;
import dev.kubelb.api.IpAddress;
import dev.kubelb.api.LoadBalancerRequest;
import dev.kubelb.api.PortSpec;
import dev.kubelb.api.Protocol;
import dev.kubelb.api.RouteAnnouncement;
import dev.kubelb.api.ValidationReport;
import dev.kubelb.provider.metallb.model.BFDProfile;
import dev.kubelb.provider.metallb.model.BGPAdvertisement;
import dev.kubelb.provider.metallb.model.BGPPeer;
import dev.kubelb.provider.metallb.model.Community;
import dev.kubelb.provider.metallb.model.IPAddressPool;
import dev.kubelb.provider.metallb.model.L2Advertisement;
import dev.kubelb.spi.ApplianceStatus;
import dev.kubelb.spi.Assignment;
import dev.kubelb.spi.ProviderContext;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LoadBalancerIngressBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The seed scenario on the fabric8 mock server (CRUD mode) driven by the MetalLB session alone (no
 * engine): the seed's MetalLB objects are applied and read back through the typed resources,
 * tenant load balancers get 10.10.255.200, .201, … pinned on their Services, a simulated MetalLB writes
 * the ingress status, the session observes it, and the preview shows each address as a /32 to every
 * peer. The test allocates the lowest free address itself (what the pool allocator does for this pool);
 * {@link MetalLbSeedIT} runs the same scenario through the engine.
 */
abstract class MetalLbClusterSuite {
    static KubernetesClient client;

    private static final String NS = "metallb-system";
    private final MetalLbSession session = new MetalLbSession(ProviderContext.offline(NS));

    @Test
    void seedScenarioEndToEnd() {
        // 1. the user's own MetalLB YAML is the configuration
        ApplianceConfig config = session.importConfig(Manifests.load("seed.yaml"));
        ValidationReport report = session.validate(config);
        assertThat(report.errors()).isEmpty();
        assertThat(report.warnings()).isEmpty();

        // 2. render and apply it; read it back through the typed resources and import again
        for (HasMetadata o : session.renderConfig(config, List.of())) {
            client.resource(o).create();
        }
        List<HasMetadata> readBack = new ArrayList<>();
        readBack.addAll(client.resources(IPAddressPool.class).inNamespace(NS).list().getItems());
        readBack.addAll(client.resources(Community.class).inNamespace(NS).list().getItems());
        readBack.addAll(client.resources(BFDProfile.class).inNamespace(NS).list().getItems());
        readBack.addAll(client.resources(BGPPeer.class).inNamespace(NS).list().getItems());
        readBack.addAll(client.resources(BGPAdvertisement.class).inNamespace(NS).list().getItems());
        readBack.addAll(client.resources(L2Advertisement.class).inNamespace(NS).list().getItems());
        assertThat(readBack).hasSize(4);
        assertThat(session.importConfig(readBack)).isEqualTo(config);

        // 3. tenant load balancers get the lowest free addresses of pool extern
        AddressPool extern = config.pool("extern").orElseThrow();
        List<Assignment> assignments = new ArrayList<>();
        Set<IpAddress> used = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            LoadBalancerRequest r = LoadBalancerRequest.builder("tenant-a", "web-" + i)
                    .port(PortSpec.of("http", Protocol.TCP, 80)).build();
            IpAddress a = lowestFree(extern, used);
            used.add(a);
            assignments.add(new Assignment(r, new Allocation(r.id(), "extern", List.of(a), Optional.empty())));
        }
        assertThat(assignments).extracting(a -> a.allocation().addresses().get(0).toString())
                .containsExactly("10.10.255.200", "10.10.255.201", "10.10.255.202", "10.10.255.203", "10.10.255.204");

        // 4. render the pinned Services as the engine would (it sets name, namespace, labels) and create them
        for (Assignment a : assignments) {
            Service svc = session.renderService(a.request(), Optional.of(a.allocation()), config);
            svc.getMetadata().setName(a.request().id().name());
            svc.getMetadata().setNamespace(a.request().id().tenant());
            client.services().resource(svc).create();
        }
        for (Assignment a : assignments) {
            Service s = client.services().inNamespace("tenant-a").withName(a.request().id().name()).get();
            assertThat(session.observe(s).state()).isEqualTo(ApplianceStatus.State.PENDING);
        }

        // 5. a simulated MetalLB honours the annotations and writes the status
        for (Service s : client.services().inNamespace("tenant-a").list().getItems()) {
            simulateMetalLb(s);
        }

        // 6. the session reads MetalLB's answer
        for (Assignment a : assignments) {
            Service s = client.services().inNamespace("tenant-a").withName(a.request().id().name()).get();
            ApplianceStatus st = session.observe(s, List.of());
            assertThat(st.state()).isEqualTo(ApplianceStatus.State.READY);
            assertThat(st.pool()).contains("extern");
            assertThat(st.ingress()).extracting(i -> i.ip().orElseThrow())
                    .containsExactly(a.allocation().addresses().get(0).toString());
        }

        // 7. what the routers see: every address as a /32 to every peer
        AdvertisementPreview preview = session.advertiser().advertisements(config, assignments);
        for (String peer : List.of("router-a", "router-b")) {
            assertThat(preview.routesFor(peer)).extracting(r -> r.prefix().toString()).containsExactly(
                    "10.10.255.200/32", "10.10.255.201/32", "10.10.255.202/32", "10.10.255.203/32",
                    "10.10.255.204/32");
        }
        assertThat(preview.routes()).extracting(RouteAnnouncement::advertisements)
                .allMatch(ads -> ads.equals(List.of("extern")));
        assertThat(preview.warnings()).isEmpty();
    }

    @Test
    void allocationFailedEventsFromTheClusterAreTranslated() {
        LoadBalancerRequest r = LoadBalancerRequest.builder("tenant-b", "full")
                .port(PortSpec.of("http", Protocol.TCP, 80)).pool("extern").build();
        Service svc = session.renderService(r, Optional.empty(), ApplianceConfig.EMPTY);
        svc.getMetadata().setName("full");
        svc.getMetadata().setNamespace("tenant-b");
        Service created = client.services().resource(svc).create();
        client.v1().events().inNamespace("tenant-b").resource(new EventBuilder().withNewMetadata()
                .withName("full.1").withNamespace("tenant-b").endMetadata()
                .withNewInvolvedObject().withKind("Service").withName("full").withNamespace("tenant-b")
                .withUid(created.getMetadata().getUid()).endInvolvedObject()
                .withType("Warning").withReason("AllocationFailed")
                .withMessage("Failed to allocate IP for \"tenant-b/full\": no available IPs").build()).create();
        List<Event> events = client.v1().events().inNamespace("tenant-b").list().getItems().stream()
                .filter(e -> "full".equals(e.getInvolvedObject().getName())).toList();
        ApplianceStatus st = session.observe(client.services().inNamespace("tenant-b").withName("full").get(), events);
        assertThat(st.state()).isEqualTo(ApplianceStatus.State.FAILED);
        assertThat(st.reason()).contains(FailureReason.POOL_EXHAUSTED);
    }

    private static IpAddress lowestFree(AddressPool pool, Set<IpAddress> used) {
        for (AddressRange range : pool.ranges()) {
            for (IpAddress a = range.first(); a != null && range.contains(a); a = a.nextOrNull()) {
                if (pool.offers(a) && !used.contains(a)) {
                    return a;
                }
            }
        }
        throw new AssertionError("pool exhausted");
    }

    /** What MetalLB's controller does for a Service pinned with metallb.io annotations. */
    private static void simulateMetalLb(Service s) {
        Map<String, String> ann = s.getMetadata().getAnnotations();
        String ips = ann.get(MetalLbServices.LOAD_BALANCER_IPS);
        String pool = ann.get(MetalLbServices.ADDRESS_POOL);
        Service withPool = client.services().resource(s).edit(x -> {
            x.getMetadata().getAnnotations().put(MetalLbServices.IP_ALLOCATED_FROM_POOL, pool);
            return x;
        });
        List<io.fabric8.kubernetes.api.model.LoadBalancerIngress> ingress = new ArrayList<>();
        for (String ip : ips.split(",")) {
            ingress.add(new LoadBalancerIngressBuilder().withIp(ip).build());
        }
        withPool.setStatus(new io.fabric8.kubernetes.api.model.ServiceStatusBuilder().withNewLoadBalancer()
                .withIngress(ingress).endLoadBalancer().build());
        client.services().resource(withPool).updateStatus();
    }
}
