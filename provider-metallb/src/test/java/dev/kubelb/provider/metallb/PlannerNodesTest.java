package dev.kubelb.provider.metallb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelb.api.Backend;
import dev.kubelb.api.ClusterNode;
import dev.kubelb.api.LoadBalancerRequest;
import dev.kubelb.api.PortSpec;
import dev.kubelb.api.TrafficPolicy;
import dev.kubelb.core.Plan;
import dev.kubelb.core.Planner;
import dev.kubelb.spi.ProviderContext;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The planner hands the speakers' nodes to the advertiser: the plan's preview is then per node, with what is withheld. */
class PlannerNodesTest {
    private final MetalLbSession session = new MetalLbSession(ProviderContext.offline("metallb-system"));
    private final Planner planner = Planner.builder(session).build();

    private static LoadBalancerRequest request(String name, TrafficPolicy policy) {
        return LoadBalancerRequest.builder("tenant-a", name).port(PortSpec.tcp(80)).trafficPolicy(policy)
                .backend(new Backend("nodes", List.of("192.0.2.11"), List.of(PortSpec.tcp(30080)),
                        Map.of("192.0.2.11", new Backend.Node("node-1", Optional.empty())))).build();
    }

    @Test
    void withTheSpeakersNodesThePreviewNamesWhoAnnouncesAndWhatIsWithheld() {
        var config = session.importConfig(Manifests.parse(Manifests.text("seed.yaml")));
        List<LoadBalancerRequest> requests = List.of(request("web", TrafficPolicy.CLUSTER),
                request("local", TrafficPolicy.LOCAL));
        List<ClusterNode> nodes = List.of(new ClusterNode("node-1", Map.of()), new ClusterNode("node-2", Map.of()));
        Plan plan = planner.plan(config, requests, List.of(), nodes);
        assertThat(plan.preview().routesFor("router-a")).extracting(r -> r.prefix() + " " + r.services() + " "
                + r.nodes()).containsExactly("10.10.255.200/32 [tenant-a/web] [node-1, node-2]",
                        "10.10.255.201/32 [tenant-a/local] [node-1]");
        assertThat(plan.preview().withheld()).extracting(w -> w.service() + " " + w.node() + ": " + w.reason())
                .containsExactly("tenant-a/local node-2: externalTrafficPolicy Local and no ready endpoint on this node");
        Plan blind = planner.plan(config, requests, List.of());
        assertThat(blind.preview().routesFor("router-a")).allSatisfy(r -> assertThat(r.nodes()).isEmpty());
        assertThat(blind.preview().withheld()).isEmpty();
    }
}
