package dev.kubelb.examples.providerfrr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubelb.api.Backend;
import dev.kubelb.api.ConfigurationException;
import dev.kubelb.api.LoadBalancerRequest;
import dev.kubelb.api.PortSpec;
import dev.kubelb.api.TrafficPolicy;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LocalEndpointsTest {
    private static LoadBalancerRequest request(TrafficPolicy policy, String... podNodes) {
        LoadBalancerRequest.Builder b = LoadBalancerRequest.builder("tenant-a", "web").port(PortSpec.tcp(80))
                .trafficPolicy(policy);
        for (int i = 0; i < podNodes.length; i++) {
            String ip = "10.244.0." + (i + 1);
            b.backend(new Backend("pods-" + i, List.of(ip), List.of(PortSpec.tcp(8080)),
                    Map.of(ip, new Backend.Node(podNodes[i], Optional.empty()))));
        }
        return b.build();
    }

    @Test
    void aLocalServiceIsWithheldFromANodeWithoutOneOfItsReadyEndpoints() {
        Optional<String> node = Optional.of("node-1");
        assertThat(LocalEndpoints.withheld(request(TrafficPolicy.LOCAL, "node-2"), node))
                .hasValue("externalTrafficPolicy Local and no ready endpoint on node node-1");
        assertThat(LocalEndpoints.withheld(request(TrafficPolicy.LOCAL), node)).as("no endpoint at all").isPresent();
        assertThat(LocalEndpoints.withheld(request(TrafficPolicy.LOCAL, "node-2", "node-1"), node)).isEmpty();
        assertThat(LocalEndpoints.withheld(request(TrafficPolicy.CLUSTER, "node-2"), node)).as("Cluster").isEmpty();
        assertThat(LocalEndpoints.withheld(request(TrafficPolicy.LOCAL, "node-2"), Optional.empty()))
                .as("bgpd on no node of the cluster: every Service announced").isEmpty();
    }

    @Test
    void theNodeNameOptionIsChecked() {
        assertThat(FrrOptions.of(Map.of(FrrOptions.NODE_NAME, "worker-1.example")).nodeName()).hasValue("worker-1.example");
        assertThat(FrrOptions.of(Map.of()).nodeName()).isEmpty();
        for (String bad : List.of("", "Node_1", "-x", "a\nb")) {
            assertThatThrownBy(() -> FrrOptions.of(Map.of(FrrOptions.NODE_NAME, bad))).as(bad)
                    .isInstanceOf(ConfigurationException.class).hasMessageContaining(FrrOptions.NODE_NAME);
        }
    }
}
