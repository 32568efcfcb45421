package dev.kubelb.core.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The reader's YAML semantics and its strict typing, on small inputs. */
class InputReaderTest {
    private static final InputReader READER = InputReader.builder()
            .typed("example.dev/v1", "Peer", PeerModel.class).build();

    /** A stand-in for an appliance's model class. */
    @io.fabric8.kubernetes.model.annotation.Group("example.dev")
    @io.fabric8.kubernetes.model.annotation.Version("v1")
    public static class PeerModel extends io.fabric8.kubernetes.client.CustomResource<PeerSpec, Void> {
        private static final long serialVersionUID = 1L;
    }

    /** Its spec. */
    public record PeerSpec(Long myASN, Integer peerPort, String peerAddress, Boolean ebgpMultiHop, String password) {
    }

    private static List<String> problems(String yaml) {
        try {
            READER.read("in.yaml", yaml);
        } catch (InputException e) {
            return e.problems().stream().map(Object::toString).toList();
        }
        return List.of();
    }

    private static final String SVC = """
            apiVersion: v1
            kind: Service
            metadata: {name: web, namespace: tenant-a}
            spec:
              type: LoadBalancer
              ports: [{port: 80}]
            """;

    @Test
    void aScalarAliasResolvesToItsValueNotToTheAnchorName() {
        List<InputReader.Document> docs = READER.read("in.yaml", """
                apiVersion: v1
                kind: Service
                metadata:
                  labels: {tenant: &ns tenant-a}
                  name: web
                  namespace: *ns
                spec: {type: LoadBalancer, ports: [{port: 80}]}
                """);
        assertThat(docs).singleElement().satisfies(d -> {
            assertThat(d.object()).isInstanceOf(Service.class);
            assertThat(d.object().getMetadata().getNamespace()).isEqualTo("tenant-a");
        });
    }

    @Test
    void mergeKeysMergeAndExplicitKeysWin() {
        List<InputReader.Document> docs = READER.read("in.yaml", """
                apiVersion: v1
                kind: Service
                metadata: {name: web, namespace: tenant-a, labels: &base {type: LoadBalancer, policy: Local}}
                spec:
                  <<: *base
                  externalTrafficPolicy: Cluster
                  ports: [{port: 80}]
                """.replace("policy: Local", "externalTrafficPolicy: Local"));
        Service s = (Service) docs.get(0).object();
        assertThat(s.getSpec().getType()).isEqualTo("LoadBalancer");
        assertThat(s.getSpec().getExternalTrafficPolicy()).isEqualTo("Cluster");
        assertThat(problems("""
                apiVersion: v1
                kind: Service
                metadata: {name: web}
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: web2}
                spec: {<<: *base}
                """)).containsExactly("in.yaml: document 2: malformed YAML at line 8, column 12: found undefined "
                + "alias base");
    }

    @Test
    void mergeOfSeveralMappingsTakesTheFirstThatHasAKey() {
        List<InputReader.Document> docs = READER.read("in.yaml", """
                apiVersion: v1
                kind: Service
                metadata:
                  name: web
                  labels:
                    <<: [&a {x: one}, &b {x: two, z: three}]
                spec: {ports: [{port: 80}]}
                """);
        assertThat(docs.get(0).object().getMetadata().getLabels()).containsExactly(Map.entry("x", "one"),
                Map.entry("z", "three"));
    }

    @Test
    void duplicateKeysAreRefusedNamingTheField() {
        assertThat(problems(SVC.replace("  type: LoadBalancer\n", "  type: LoadBalancer\n  type: NodePort\n")))
                .containsExactly("in.yaml: document 1: spec.type: duplicate key \"type\" (line 6)");
    }

    @Test
    void stringsAndFractionsAreNotIntegers() {
        assertThat(problems(SVC.replace("{port: 80}", "{port: \"80\"}"))).containsExactly(
                "in.yaml: document 1: Service/tenant-a/web: spec.ports[0].port: must be an integer (32 bits), not the "
                        + "string \"80\"");
        assertThat(problems(SVC.replace("{port: 80}", "{port: 80.5}"))).containsExactly(
                "in.yaml: document 1: Service/tenant-a/web: spec.ports[0].port: must be an integer (32 bits), not the "
                        + "number 80.5");
        String peer = """
                apiVersion: example.dev/v1
                kind: Peer
                metadata: {name: p, namespace: metallb-system}
                spec: {myASN: MY, peerAddress: 10.0.0.1, unknownButLeftToTheProvider: 1}
                """;
        assertThat(problems(peer.replace("MY", "\"64500\""))).containsExactly("in.yaml: document 1: "
                + "Peer/metallb-system/p: spec.myASN: must be an integer, not the string \"64500\"");
        assertThat(problems(peer.replace("MY", "64500.5"))).containsExactly("in.yaml: document 1: "
                + "Peer/metallb-system/p: spec.myASN: must be an integer, not the number 64500.5");
        assertThat(problems(peer.replace("MY", "64500").replace("10.0.0.1", "true"))).containsExactly(
                "in.yaml: document 1: Peer/metallb-system/p: spec.peerAddress: must be a string, not the boolean true");
        assertThat(READER.read("in.yaml", peer.replace("MY", "64500")).get(0).object())
                .isInstanceOf(GenericKubernetesResource.class);
        // a secret of the wrong type: the message names the field and the type, never the value
        assertThat(problems(peer.replace("MY", "64500").replace("unknownButLeftToTheProvider: 1", "password: 98765")))
                .containsExactly("in.yaml: document 1: Peer/metallb-system/p: spec.password: must be a string, not the "
                        + "integer <masked>");
    }

    @Test
    void unknownFieldsOfTypedKindsAreNamed() {
        assertThat(problems(SVC.replace("  type: LoadBalancer\n", "  tpye: LoadBalancer\n"))).containsExactly(
                "in.yaml: document 1: Service/tenant-a/web: spec.tpye: unknown field \"tpye\"");
        assertThat(problems(SVC.replace("namespace: tenant-a}", "namespace: tenant-a, lables: {a: b}}")))
                .containsExactly("in.yaml: document 1: Service/tenant-a/web: metadata.lables: unknown field \"lables\"");
    }

    @Test
    void yaml11ScalarsAsTheApiServerReadsThem() {
        assertThat(YamlComposer.plain("yes")).isEqualTo(Boolean.TRUE);
        assertThat(YamlComposer.plain("off")).isEqualTo(Boolean.FALSE);
        assertThat(YamlComposer.plain("0x1F")).isEqualTo(31L);
        assertThat(YamlComposer.plain("0755")).isEqualTo(493L);
        assertThat(YamlComposer.plain("1_000")).isEqualTo(1000L);
        assertThat(YamlComposer.plain("2001-12-14")).isEqualTo("2001-12-14");
        assertThat(YamlComposer.plain("64512:100")).isEqualTo("64512:100");
        assertThat(YamlComposer.plain("~")).isNull();
        assertThat(YamlComposer.plain("1.5")).isEqualTo(1.5);
        assertThat(YamlComposer.plain("10.0.0.1")).isEqualTo("10.0.0.1");
    }

    @Test
    void aBillionLaughsIsRefusedAsExcessiveAliasing() {
        assertThat(problems(HugeInputTest.billionLaughs())).singleElement().asString()
                .startsWith("in.yaml: document 1: data.a").contains("document contains excessive aliasing");
    }

    @Test
    void aDocumentLongerThanTheLimitIsRefused() {
        InputReader small = InputReader.builder().maxDocumentCodePoints(1000).build();
        String big = SVC.replace("name: web", "name: web, annotations: {a: \"" + "x".repeat(2000) + "\"}");
        assertThatThrownBy(() -> small.read("in.yaml", big)).isInstanceOf(InputException.class)
                .hasMessageContaining("in.yaml: document 1: document too large: longer than 1000 code points");
        // the limit is per document: many small documents are fine
        assertThat(small.read("in.yaml", (SVC + "---\n").repeat(20).replace("name: web", "name: web"))).hasSize(20);
    }

    @Test
    void nestingBeyondTheBoundIsRefusedBeforeComposing() {
        String deep = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\ndata: " + "[".repeat(100_000)
                + "]".repeat(100_000) + "\n";
        assertThat(problems(deep)).singleElement().asString()
                .startsWith("in.yaml: document 1: nesting deeper than 100 levels at line 4");
    }

    @Test
    void notUtf8IsRefused() {
        byte[] bytes = "apiVersion: v1\nkind: Namespace\nmetadata: {name: caf\u00e9}\n".getBytes(
                java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> READER.read("in.yaml", new java.io.ByteArrayInputStream(bytes)))
                .isInstanceOf(InputException.class).hasMessageContaining("not valid UTF-8");
    }

    @Test
    void kubernetesRulesNameTheField() {
        assertThat(problems(SVC.replace("{port: 80}", "{port: 80, protocol: tcp}"))).containsExactly(
                "in.yaml: document 1: Service/tenant-a/web: spec.ports[0].protocol: Unsupported value: \"tcp\": "
                        + "supported values: \"SCTP\", \"TCP\", \"UDP\"");
        assertThat(problems(SVC.replace("{port: 80}", "{port: 80, nodePort: -1}"))).containsExactly(
                "in.yaml: document 1: Service/tenant-a/web: spec.ports[0].nodePort: must be between 1 and 65535, "
                        + "inclusive, is -1");
        assertThat(problems(SVC.replace("{port: 80}", "{port: 80, nodePort: 8080}"))).containsExactly(
                "in.yaml: document 1: Service/tenant-a/web: spec.ports[0].nodePort: provided port is not in the valid "
                        + "range: the range of valid ports is 30000-32767, is 8080");
        assertThat(problems(SVC.replace("name: web", "name: Web"))).singleElement().asString()
                .startsWith("in.yaml: document 1: Service/tenant-a/Web: metadata.name: 'Web' is not a valid RFC 1035");
    }
}
