package dev.kubelb.provider.cilium;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Cilium's documented example configurations (cilium v1.18.4 {@code Documentation/network/lb-ipam.rst},
 * {@code bgp-control-plane/bgp-control-plane-v2.rst}, {@code l2-announcements.rst} and the
 * {@code contrib/containerlab/bgpv2} samples, under {@code src/test/resources/cilium-docs}) go through the
 * planner unchanged: accepted, every Service served, and the same Cilium objects rendered back. Objects of other
 * kinds in the samples (Namespaces, CiliumPodIPPools, workloads) are not the provider's and are left out.
 */
class CiliumDocsExamplesTest {

    static Stream<String> examples() throws IOException {
        Path dir = Path.of("src/test/resources/cilium-docs");
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")).sorted().toList().stream();
        }
    }

    static String read(String name) {
        try {
            return Files.readString(Path.of("src/test/resources/cilium-docs", name)).lines()
                    .filter(l -> !l.startsWith("#")).reduce("", (a, b) -> a + b + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest
    @MethodSource("examples")
    void goesThroughPlanUnchanged(String name) {
        String yaml = read(name);
        CiliumSession session = Fixtures.session();
        List<HasMetadata> input = Fixtures.parse(yaml);
        List<HasMetadata> ours = input.stream().filter(session::recognizes).toList();
        List<String> services = input.stream().filter(o -> o.getKind().equals("Service")
                && "LoadBalancer".equals(String.valueOf(((Map<?, ?>) Fixtures.SERIALIZATION.convertValue(o, Map.class)
                        .get("spec")).get("type")))).map(o -> o.getMetadata().getNamespace() + "/"
                + o.getMetadata().getName()).toList();
        String scenario = Fixtures.yaml(Stream.concat(ours.stream(), input.stream().filter(o -> services.contains(
                o.getMetadata().getNamespace() + "/" + o.getMetadata().getName()) && o.getKind().equals("Service")))
                .toList());
        LbIpamHarness h = LbIpamHarness.plan(session, scenario);
        assertThat(h.result().failures()).as(name).isEmpty();
        for (String s : services) {
            assertThat(h.addresses(s)).as(name + " " + s).isNotEmpty();
        }
        List<HasMetadata> rendered = h.result().objects().stream().filter(session::recognizes).toList();
        rendered.forEach(o -> {
            Map<String, String> labels = new TreeMap<>(o.getMetadata().getLabels());
            labels.remove("app.kubernetes.io/managed-by");
            o.getMetadata().setLabels(labels.isEmpty() ? null : labels);
        });
        assertThat(Fixtures.yaml(rendered)).as(name).isEqualTo(Fixtures.yaml(ours));
    }
}
