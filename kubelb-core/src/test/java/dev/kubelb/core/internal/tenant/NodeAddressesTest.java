package dev.kubelb.core.internal.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Upstream's node controller rules ({@code internal/controllers/ccm/node_controller.go} {@code GenerateAddresses}). */
class NodeAddressesTest {

    static Node node(String name, boolean ready, String type, String... addresses) {
        NodeBuilder b = new NodeBuilder().withNewMetadata().withName(name).endMetadata();
        var status = b.withNewStatus();
        for (String a : addresses) {
            status.addNewAddress().withType(type).withAddress(a).endAddress();
        }
        status.addNewAddress().withType("Hostname").withAddress(name).endAddress();
        status.addNewCondition().withType("Ready").withStatus(ready ? "True" : "Unknown").endCondition();
        return status.endStatus().build();
    }

    @Test
    void readyNodesOnlyOnceEachSortedNumerically() {
        List<Node> nodes = List.of(node("c", true, "ExternalIP", "192.0.2.100"), node("a", true, "ExternalIP", "192.0.2.9"),
                node("b", false, "ExternalIP", "192.0.2.50"), node("d", true, "ExternalIP", "192.0.2.9", "2001:db8::1"),
                node("e", true, "InternalIP", "10.0.0.1"));
        assertThat(NodeAddresses.text(NodeAddresses.of(nodes, "ExternalIP")))
                .containsExactly("192.0.2.9", "192.0.2.100", "2001:db8::1");
        assertThat(NodeAddresses.text(NodeAddresses.of(nodes, "InternalIP"))).containsExactly("10.0.0.1");
    }

    @Test
    void hostNamesOnlyForTheHostnameType() {
        List<Node> nodes = List.of(node("worker-2", true, "ExternalIP", "192.0.2.1"), node("worker-1", true, "ExternalIP"));
        assertThat(NodeAddresses.of(nodes, "Hostname")).extracting(a -> a.hostname).containsExactly("worker-1", "worker-2");
        assertThat(NodeAddresses.of(List.of(node("x", true, "InternalIP", "not-an-ip")), "InternalIP")).isEmpty();
    }
}
