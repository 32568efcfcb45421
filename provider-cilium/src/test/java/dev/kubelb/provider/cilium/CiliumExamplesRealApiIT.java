package dev.kubelb.provider.cilium;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelb.core.testkit.RealApi;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Cilium's documented examples on a real kube-apiserver serving Cilium 1.18.4's CRDs: the server accepts them, and
 * what it returns (with its defaults filled in) imports and renders back to exactly what the server holds, which is
 * what the engine reads and writes. And why unknown fields are refused on import: the real server drops them.
 */
@RealApi
class CiliumExamplesRealApiIT {
    static KubernetesClient client;
    private final List<HasMetadata> created = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        for (HasMetadata o : created) {
            client.resource(o).delete();
        }
        created.clear();
    }

    static List<String> examples() throws java.io.IOException {
        return CiliumDocsExamplesTest.examples().toList();
    }

    @ParameterizedTest
    @MethodSource("examples")
    void theRealServerAcceptsTheExampleAndItRoundTripsThroughIt(String name) {
        CiliumSession session = Fixtures.session();
        List<HasMetadata> ours = Fixtures.parse(CiliumDocsExamplesTest.read(name)).stream()
                .filter(session::recognizes).toList();
        List<HasMetadata> stored = new ArrayList<>();
        for (HasMetadata o : ours) {
            HasMetadata s = client.resource(o).create();
            created.add(s);
            stored.add(s);
        }
        var config = session.importConfig(stored);
        List<HasMetadata> rendered = session.renderConfig(config, List.of());
        assertThat(Fixtures.yaml(rendered)).isEqualTo(Fixtures.yaml(stored.stream().map(CiliumSource::sanitize)
                .toList()));
        // and the render is accepted by the server as it is (a dry run of an update with the rendered objects)
        for (HasMetadata r : rendered) {
            HasMetadata current = client.resource(r).get();
            r.getMetadata().setResourceVersion(current.getMetadata().getResourceVersion());
            HasMetadata after = client.resource(r).dryRun().update();
            assertThat(Fixtures.yaml(List.of(CiliumSource.sanitize(after)))).as(r.getKind() + "/" + r.getMetadata()
                    .getName()).isEqualTo(Fixtures.yaml(List.of(CiliumSource.sanitize(current))));
        }
    }

    @Test
    void theRealServerPrunesAMisspeltFieldThatTheImportRefuses() {
        String yaml = """
                apiVersion: cilium.io/v2
                kind: CiliumLoadBalancerIPPool
                metadata: {name: misspelt}
                spec:
                  blocks: [{cidr: 10.99.0.0/24}]
                  allowFirstLastIps: "No"
                """;
        HasMetadata o = Fixtures.parse(yaml).get(0);
        GenericKubernetesResource stored = (GenericKubernetesResource) client.resource(o).create();
        created.add(stored);
        @SuppressWarnings("unchecked")
        Map<String, Object> spec = (Map<String, Object>) stored.getAdditionalProperties().get("spec");
        assertThat(spec).containsOnlyKeys("blocks", "disabled");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> Fixtures.session().importConfig(List.of(o))))
                .hasMessage("CiliumLoadBalancerIPPool/misspelt: spec.allowFirstLastIps: unknown field (did you mean "
                        + "'allowFirstLastIPs'?)");
    }
}
