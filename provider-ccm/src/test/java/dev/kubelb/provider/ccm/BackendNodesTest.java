package dev.kubelb.provider.ccm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelb.api.IpFamily;
import dev.kubelb.api.PortSpec;
import dev.kubelb.api.Protocol;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Backend node selection with the service controller's rules. */
class BackendNodesTest {

    private static NodeBuilder node(String name, boolean ready, String... addresses) {
        NodeBuilder b = new NodeBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewStatus().addNewCondition().withType("Ready").withStatus(ready ? "True" : "False")
                .endCondition().endStatus();
        for (String a : addresses) {
            b.editStatus().addNewAddress().withType(a.startsWith("ext:") ? "ExternalIP" : "InternalIP")
                    .withAddress(a.replace("ext:", "")).endAddress().endStatus();
        }
        return b;
    }

    private static Node labelled(String name, String value) {
        return node(name, true, "10.0.0.9").editMetadata()
                .withLabels(Map.of(BackendNodes.EXCLUDE_LABEL, value)).endMetadata().build();
    }

    @Test
    void respectsTheExclusionLabelTheAutoscalerTaintAndDeletion() {
        List<Node> nodes = List.of(
                node("c", true, "10.0.0.3").build(),
                labelled("excluded-empty", ""),
                labelled("excluded-true", "true"),
                labelled("included-false", "false"),
                labelled("excluded-garbage", "yes please"),
                node("tainted", true, "10.0.0.5").editOrNewSpec().addNewTaint()
                        .withKey(BackendNodes.TO_BE_DELETED_TAINT).withEffect("NoSchedule").endTaint().endSpec().build(),
                node("deleting", true, "10.0.0.6").editMetadata().withDeletionTimestamp("2026-01-01T00:00:00Z")
                        .endMetadata().build(),
                node("a-unready", false, "10.0.0.1").build());
        assertThat(BackendNodes.select(nodes)).extracting(n -> n.getMetadata().getName())
                .as("unready nodes stay (KEP-3458), sorted by name")
                .containsExactly("a-unready", "c", "included-false");
        assertThat(BackendNodes.select(nodes, true)).extracting(n -> n.getMetadata().getName())
                .containsExactly("c", "included-false");
    }

    @Test
    void buildsABackendFromInternalAddressesPreferringThemOverExternalOnes() {
        List<Node> nodes = List.of(
                node("n2", true, "ext:203.0.113.2", "10.0.0.2", "fd00::2").build(),
                node("n1", true, "ext:203.0.113.1").build(),
                node("n3", true, "fd00::3").build(),
                labelled("n4", "true"));
        var backend = BackendNodes.backend("nodes", nodes, IpFamily.IPV4,
                List.of(PortSpec.of("https", Protocol.TCP, 30443)));
        assertThat(backend.addresses()).containsExactly("203.0.113.1", "10.0.0.2");
        assertThat(BackendNodes.backend("v6", nodes, IpFamily.IPV6, List.of()).addresses())
                .containsExactly("fd00::2", "fd00::3");
    }
}
