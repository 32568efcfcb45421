package dev.kubelb.provider.metallb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelb.api.AddressPool;
import dev.kubelb.api.AdvertisementPreview;
import dev.kubelb.api.Allocation;
import dev.kubelb.api.ApplianceConfig;
import dev.kubelb.api.Backend;
import dev.kubelb.api.BgpAdvertisement;
import dev.kubelb.api.BgpPeer;
import dev.kubelb.api.ClusterNode;
import dev.kubelb.api.IpAddress;
import dev.kubelb.api.LabelSelector;
import dev.kubelb.api.LoadBalancerRequest;
import dev.kubelb.api.PortSpec;
import dev.kubelb.api.TrafficPolicy;
import dev.kubelb.spi.Assignment;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which speaker nodes announce, and which withhold and why (speaker/bgp_controller.go ShouldAnnounce). */
class AdvertiserNodesTest {
    private static final MetalLbAdvertiser ADVERTISER = new MetalLbAdvertiser();
    private static final ApplianceConfig CONFIG = ApplianceConfig.builder()
            .pool(AddressPool.builder("p").addresses("192.0.2.0/24").build())
            .advertisement(BgpAdvertisement.builder("racks").nodeSelector(LabelSelector.of(Map.of("rack", "a")))
                    .build())
            .peer(BgpPeer.builder("router", 64500, 64501, "10.0.0.1").build()).build();
    private static final List<ClusterNode> NODES = List.of(new ClusterNode("a1", Map.of("rack", "a")),
            new ClusterNode("a2", Map.of("rack", "a")),
            new ClusterNode("a3", Map.of("rack", "a", ClusterNode.EXCLUDE_LABEL, "")),
            new ClusterNode("b1", Map.of("rack", "b")));

    private static Assignment assign(TrafficPolicy policy, String... endpointNodes) {
        LoadBalancerRequest.Builder b = LoadBalancerRequest.builder("tenant-a", "web").port(PortSpec.tcp(80))
                .trafficPolicy(policy);
        if (endpointNodes.length > 0) {
            Map<String, Backend.Node> nodes = new java.util.TreeMap<>();
            List<String> addresses = new java.util.ArrayList<>();
            for (int i = 0; i < endpointNodes.length; i++) {
                addresses.add("10.1.0." + (i + 1));
                nodes.put("10.1.0." + (i + 1), new Backend.Node(endpointNodes[i], Optional.empty()));
            }
            b.backend(new Backend("nodes", addresses, List.of(PortSpec.tcp(30080)), nodes));
        }
        LoadBalancerRequest r = b.build();
        return new Assignment(r, new Allocation(r.id(), "p", List.of(IpAddress.parse("192.0.2.1")), Optional.empty()));
    }

    private static List<String> withheld(AdvertisementPreview p) {
        return p.withheld().stream().map(w -> w.node() + ": " + w.reason()).toList();
    }

    @Test
    void clusterPolicyAnnouncesFromEverySelectedNodeButAnExcludedOne() {
        AdvertisementPreview p = ADVERTISER.advertisements(CONFIG, List.of(assign(TrafficPolicy.CLUSTER, "b1")), NODES);
        assertThat(p.routesFor("router")).singleElement().satisfies(r -> assertThat(r.nodes()).containsExactly("a1", "a2"));
        assertThat(withheld(p)).containsExactly("a3: node labelled " + ClusterNode.EXCLUDE_LABEL);
    }

    @Test
    void localPolicyAnnouncesFromTheNodesOfItsEndpointsOnly() {
        AdvertisementPreview p = ADVERTISER.advertisements(CONFIG, List.of(assign(TrafficPolicy.LOCAL, "a2")), NODES);
        assertThat(p.routesFor("router")).singleElement().satisfies(r -> assertThat(r.nodes()).containsExactly("a2"));
        assertThat(withheld(p)).containsExactly(
                "a1: externalTrafficPolicy Local and no ready endpoint on this node",
                "a3: node labelled " + ClusterNode.EXCLUDE_LABEL);
    }

    @Test
    void withoutAReadyEndpointNoNodeAnnounces() {
        AdvertisementPreview p = ADVERTISER.advertisements(CONFIG, List.of(assign(TrafficPolicy.CLUSTER)), NODES);
        assertThat(p.routes()).isEmpty();
        assertThat(withheld(p)).containsExactly("a1: no ready endpoint", "a2: no ready endpoint",
                "a3: node labelled " + ClusterNode.EXCLUDE_LABEL);
        // without nodes the preview cannot tell: the route, no nodes named
        assertThat(ADVERTISER.advertisements(CONFIG, List.of(assign(TrafficPolicy.CLUSTER))).routes()).singleElement()
                .satisfies(r -> assertThat(r.nodes()).isEmpty());
    }
}
