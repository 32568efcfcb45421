package dev.kubelb.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubelb.api.LabelSelector.Operator;
import dev.kubelb.api.LabelSelector.Requirement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelSelectorTest {

    @Test
    void emptySelectorMatchesEverything() {
        assertThat(LabelSelector.ALL.isEmpty()).isTrue();
        assertThat(LabelSelector.ALL.matches(Map.of())).isTrue();
        assertThat(LabelSelector.ALL.matches(Map.of("a", "b"))).isTrue();
        assertThat(LabelSelector.of(Map.of()).isEmpty()).isTrue();
    }

    @Test
    void matchLabelsNeedEveryPairWithTheSameValue() {
        LabelSelector s = LabelSelector.of(Map.of("env", "prod", "tier", "edge"));
        assertThat(s.isEmpty()).isFalse();
        assertThat(s.matches(Map.of("env", "prod", "tier", "edge", "extra", "x"))).isTrue();
        assertThat(s.matches(Map.of("env", "prod"))).isFalse();
        assertThat(s.matches(Map.of("env", "prod", "tier", "core"))).isFalse();
    }

    @Test
    void expressionsFollowKubernetesSemantics() {
        Requirement in = new Requirement("env", Operator.In, List.of("prod", "staging"));
        Requirement notIn = new Requirement("env", Operator.NotIn, List.of("dev"));
        Requirement exists = new Requirement("team", Operator.Exists, List.of());
        Requirement absent = new Requirement("legacy", Operator.DoesNotExist, List.of());

        assertThat(in.matches(Map.of("env", "prod"))).isTrue();
        assertThat(in.matches(Map.of("env", "dev"))).isFalse();
        assertThat(in.matches(Map.of())).isFalse();
        assertThat(notIn.matches(Map.of("env", "prod"))).isTrue();
        assertThat(notIn.matches(Map.of("env", "dev"))).isFalse();
        assertThat(notIn.matches(Map.of())).as("NotIn matches an absent label").isTrue();
        assertThat(exists.matches(Map.of("team", ""))).isTrue();
        assertThat(exists.matches(Map.of())).isFalse();
        assertThat(absent.matches(Map.of())).isTrue();
        assertThat(absent.matches(Map.of("legacy", "true"))).isFalse();
    }

    @Test
    void labelsAndExpressionsAreAnded() {
        LabelSelector s = new LabelSelector(Map.of("app", "web"),
                List.of(new Requirement("env", Operator.In, List.of("prod")),
                        new Requirement("legacy", Operator.DoesNotExist, List.of())));
        assertThat(s.matches(Map.of("app", "web", "env", "prod"))).isTrue();
        assertThat(s.matches(Map.of("app", "web", "env", "prod", "legacy", "1"))).isFalse();
        assertThat(s.matches(Map.of("app", "db", "env", "prod"))).isFalse();
        assertThat(s.matches(Map.of("app", "web"))).isFalse();
    }

    @Test
    void requirementsAreValidatedLikeTheApiServer() {
        assertThatThrownBy(() -> new Requirement("env", Operator.In, List.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("values: operator In needs at least one value");
        assertThatThrownBy(() -> new Requirement("env", Operator.NotIn, List.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("values: operator NotIn needs at least one value");
        assertThatThrownBy(() -> new Requirement("env", Operator.Exists, List.of("x")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("values: operator Exists takes no values");
        assertThatThrownBy(() -> new Requirement("", Operator.Exists, List.of()))
                .isInstanceOf(ConfigurationException.class).hasMessage("key: must not be empty");
    }

    @Test
    void matchLabelsAreSortedForDeterministicOutput() {
        LabelSelector s = LabelSelector.of(new java.util.LinkedHashMap<>(Map.of("z", "1", "a", "2", "m", "3")));
        assertThat(s.matchLabels().keySet()).containsExactly("a", "m", "z");
        java.util.Map<String, String> withNull = new java.util.HashMap<>();
        withNull.put("k", null);
        assertThatThrownBy(() -> LabelSelector.of(withNull))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("matchLabels: keys and values must not be null");
    }
}
