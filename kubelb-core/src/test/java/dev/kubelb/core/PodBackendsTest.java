package dev.kubelb.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelb.api.Backend;
import dev.kubelb.api.PortSpec;
import dev.kubelb.api.Protocol;
import dev.kubelb.core.testkit.Clusters;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PodBackendsTest {

    @Test
    void readyPodsWithTheirNodesAndThePodsPort() {
        List<Backend> b = PodBackends.of(List.of(Clusters.podSlice("t", "web", 8080,
                Map.of("10.244.1.5", "node-1", "10.244.2.7", "node-2", "10.244.2.9", "!node-2"))));
        assertThat(b).singleElement().satisfies(x -> {
            assertThat(x.addresses()).as("the pod that is not ready is no back end")
                    .containsExactly("10.244.1.5", "10.244.2.7");
            assertThat(x.ports()).containsExactly(PortSpec.of("http", Protocol.TCP, 8080));
            assertThat(x.nodes()).containsEntry("10.244.1.5", new Backend.Node("node-1", Optional.empty()))
                    .containsEntry("10.244.2.7", new Backend.Node("node-2", Optional.empty()));
        });
    }

    @Test
    void readyUnsetCountsAsReadyAndSlicesOfOnePortSetAreOneBackEnd() {
        EndpointSlice v4 = new EndpointSliceBuilder(Clusters.podSlice("t", "web", 8080, Map.of("10.244.1.5", "n")))
                .editFirstEndpoint().withConditions(null).endEndpoint().build();
        EndpointSlice v6 = Clusters.podSlice("t", "web", 8080, Map.of("fd00::5", "n"));
        v6.getMetadata().setName("web-v6");
        assertThat(PodBackends.of(List.of(v4, v6))).singleElement()
                .satisfies(x -> assertThat(x.addresses()).containsExactly("10.244.1.5", "fd00::5"));
    }

    @Test
    void differentTargetPortsAreSeparateBackEndsAndFqdnOrPortlessSlicesNone() {
        EndpointSlice a = Clusters.podSlice("t", "web", 8080, Map.of("10.244.1.5", "n"));
        EndpointSlice b = Clusters.podSlice("t", "web", 9090, Map.of("10.244.1.6", "n"));
        b.getMetadata().setName("web-b");
        EndpointSlice fqdn = new EndpointSliceBuilder(Clusters.podSlice("t", "web", 80, Map.of("10.244.1.7", "n")))
                .withAddressType("FQDN").editMetadata().withName("web-f").endMetadata().build();
        EndpointSlice allPorts = new EndpointSliceBuilder(Clusters.podSlice("t", "web", 80, Map.of("10.244.1.8", "n")))
                .editFirstPort().withPort(null).endPort().editMetadata().withName("web-p").endMetadata().build();
        List<Backend> out = PodBackends.of(List.of(a, b, fqdn, allPorts));
        assertThat(out).extracting(Backend::name).containsExactly("pods-0", "pods-1");
        assertThat(out).extracting(x -> x.ports().get(0).port()).containsExactly(8080, 9090);
    }
}
