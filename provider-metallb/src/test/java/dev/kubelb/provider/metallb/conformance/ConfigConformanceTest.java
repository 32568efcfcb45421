package dev.kubelb.provider.metallb.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubelb.api.ApplianceConfig;
import dev.kubelb.api.ConfigurationException;
import dev.kubelb.core.Planner;
import dev.kubelb.provider.metallb.MetalLbSession;
import dev.kubelb.spi.ProviderContext;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Our translation of MetalLB v0.16.2's configuration tests (internal/config/config_test.go, TestParse and
 * TestServiceSelectors): each case is a file under src/test/resources/metallb/conformance/config naming
 * the upstream case and what MetalLB says ({@code ok}, or {@code error <Kind/name>: <field>}), and goes
 * through what {@code kubelb plan} does: the session imports it, the planner validates and plans.
 */
class ConfigConformanceTest {
    private static final KubernetesSerialization YAML = new KubernetesSerialization();
    private final MetalLbSession session = new MetalLbSession(ProviderContext.offline("metallb-system"));

    static Stream<String> cases() {
        return text("index.txt").lines().filter(l -> !l.isBlank());
    }

    private static String text(String name) {
        try (InputStream in = ConfigConformanceTest.class.getResourceAsStream("/metallb/conformance/config/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @SuppressWarnings("unchecked")
    void behavesAsMetalLb(String file) {
        String text = text(file);
        String upstream = text.lines().findFirst().orElseThrow();
        String expect = text.lines().filter(l -> l.startsWith("# expect: ")).findFirst().orElseThrow()
                .substring("# expect: ".length());
        Object parsed = text.lines().allMatch(l -> l.isBlank() || l.startsWith("#")) ? List.of() : YAML.unmarshal(text);
        List<HasMetadata> objects = parsed instanceof List<?> l ? (List<HasMetadata>) l : List.of((HasMetadata) parsed);
        if (expect.equals("ok")) {
            ApplianceConfig config = session.importConfig(objects);
            assertThat(Planner.builder(session).build().plan(config, List.of(), List.of()).failures())
                    .as(upstream).isEmpty();
        } else {
            String where = expect.substring("error ".length());
            assertThatThrownBy(() -> Planner.builder(session).build()
                    .plan(session.importConfig(objects), List.of(), List.of()))
                    .as(upstream).isInstanceOf(ConfigurationException.class).hasMessageContaining(where);
        }
    }
}
