package dev.kubelb.provider.metallb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelb.api.ApplianceConfig;
import dev.kubelb.core.Plan;
import dev.kubelb.core.Planner;
import dev.kubelb.spi.ProviderContext;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * MetalLB's documented example configurations (v0.16.2: every MetalLB YAML block of
 * website/content/configuration and every file of configsamples, copied under
 * src/test/resources/metallb/upstream) go through the planner unchanged: valid, and rendered back with
 * the same objects, names and fields (only fields with a CRD default are added, as the API server adds
 * them; durations compare by value).
 */
class UpstreamExamplesTest {
    private static final Set<String> CRD_DEFAULTS = Set.of("autoAssign", "avoidBuggyIPs", "aggregationLength",
            "aggregationLengthV6", "peerPort", "disableMP", "dualStackAddressFamily");
    private static final Set<String> DURATIONS = Set.of("holdTime", "keepaliveTime", "connectTime");
    /**
     * Documentation fragments that name an object defined in another block of the same page (MetalLB
     * refuses them alone: an undefined community alias or BFD profile is a TransientError in config.go).
     */
    private static final Map<String, List<String>> NEEDS = Map.of(
            "docs-advanced_bgp_configuration-11.yaml", List.of("docs-advanced_bgp_configuration-10.yaml"),
            "docs-index-10.yaml", List.of("docs-index-09.yaml"));
    private final MetalLbSession session = new MetalLbSession(ProviderContext.offline("metallb-system"));

    static Stream<String> examples() {
        return Manifests.text("upstream/index.txt").lines().filter(l -> !l.isBlank());
    }

    @ParameterizedTest
    @MethodSource("examples")
    @SuppressWarnings("unchecked")
    void plansUnchanged(String file) {
        // Services and Deployments in a sample are workloads, not configuration
        List<HasMetadata> input = Manifests.load("upstream/" + file).stream().filter(session::recognizes).toList();
        List<HasMetadata> context = NEEDS.getOrDefault(file, List.of()).stream()
                .flatMap(f -> Manifests.load("upstream/" + f).stream()).toList();
        List<HasMetadata> all = new ArrayList<>(input);
        all.addAll(context);
        ApplianceConfig config = session.importConfig(all);
        Plan plan = Planner.builder(session).build().plan(config, List.of(), List.of());
        List<HasMetadata> out = plan.objects().stream().filter(o -> !o.getKind().equals("Secret"))
                .filter(o -> context.stream().noneMatch(c -> c.getKind().equals(o.getKind())
                        && c.getMetadata().getName().equals(o.getMetadata().getName()))).toList();
        assertThat(out).as(file + ": same objects").extracting(o -> o.getKind() + "/" + o.getMetadata().getName())
                .containsExactlyInAnyOrderElementsOf(input.stream()
                        .map(o -> o.getKind() + "/" + o.getMetadata().getName()).toList());
        for (HasMetadata in : input) {
            HasMetadata rendered = out.stream().filter(o -> o.getKind().equals(in.getKind())
                    && o.getMetadata().getName().equals(in.getMetadata().getName())).findFirst().orElseThrow();
            String what = file + " " + in.getKind() + "/" + in.getMetadata().getName();
            assertThat(rendered.getApiVersion()).as(what).isEqualTo(in.getApiVersion());
            Map<String, Object> inSpec = spec(in);
            Map<String, Object> outSpec = spec(Manifests.parse(Manifests.SERIALIZATION.asYaml(rendered)).get(0));
            // an empty object is what MetalLB's Go types read as absent (migration_to_crds.md writes
            // passwordSecret: {}): it is not rendered
            inSpec.values().removeIf(v -> v instanceof Map<?, ?> m && m.isEmpty());
            for (Map.Entry<String, Object> e : inSpec.entrySet()) {
                if (DURATIONS.contains(e.getKey())) {
                    assertThat(duration(outSpec.get(e.getKey()))).as(what + " " + e.getKey())
                            .isEqualTo(duration(e.getValue()));
                } else if (in.getKind().equals("Community") && e.getKey().equals("communities")) {
                    assertThat((List<Object>) outSpec.get(e.getKey())).as(what)
                            .containsExactlyInAnyOrderElementsOf((List<Object>) e.getValue());
                } else {
                    assertThat(outSpec).as(what).containsEntry(e.getKey(), e.getValue());
                }
            }
            List<String> added = new ArrayList<>(outSpec.keySet());
            added.removeAll(inSpec.keySet());
            assertThat(CRD_DEFAULTS).as(what + " adds only CRD defaults").containsAll(added);
        }
    }

    private static Optional<Duration> duration(Object text) {
        return text == null ? Optional.empty() : GoDuration.parse(String.valueOf(text));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(HasMetadata o) {
        Map<String, Object> tree = Manifests.SERIALIZATION.convertValue(o, Map.class);
        Object spec = tree.get("spec");
        return spec == null ? Map.of() : new LinkedHashMap<>((Map<String, Object>) spec);
    }
}
