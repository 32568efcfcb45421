package dev.kubelb.provider.cilium;

import dev.kubelb.api.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Conversions between the neutral {@link LabelSelector} and fabric8's, and selector idioms. */
final class Selectors {
    private Selectors() {
    }

    static io.fabric8.kubernetes.api.model.LabelSelector toFabric8(LabelSelector s) {
        io.fabric8.kubernetes.api.model.LabelSelector out = new io.fabric8.kubernetes.api.model.LabelSelector();
        out.setMatchLabels(s.matchLabels().isEmpty() ? null : new LinkedHashMap<>(s.matchLabels()));
        if (s.matchExpressions().isEmpty()) {
            out.setMatchExpressions(null);
        } else {
            List<LabelSelectorRequirement> reqs = new ArrayList<>();
            for (LabelSelector.Requirement r : s.matchExpressions()) {
                reqs.add(requirement(r.key(), r.operator().name(), r.values()));
            }
            out.setMatchExpressions(reqs);
        }
        return out;
    }

    static LabelSelectorRequirement requirement(String key, String operator, List<String> values) {
        LabelSelectorRequirement r = new LabelSelectorRequirement();
        r.setKey(key);
        r.setOperator(operator);
        r.setValues(values.isEmpty() ? null : new ArrayList<>(values));
        return r;
    }

    static LabelSelector fromFabric8(io.fabric8.kubernetes.api.model.LabelSelector s) {
        if (s == null) {
            return LabelSelector.ALL;
        }
        Map<String, String> labels = s.getMatchLabels() == null ? Map.of() : s.getMatchLabels();
        List<LabelSelector.Requirement> reqs = new ArrayList<>();
        if (s.getMatchExpressions() != null) {
            for (LabelSelectorRequirement r : s.getMatchExpressions()) {
                reqs.add(fromFabric8(r));
            }
        }
        return new LabelSelector(labels, reqs);
    }

    static LabelSelector.Requirement fromFabric8(LabelSelectorRequirement r) {
        LabelSelector.Operator op;
        try {
            op = LabelSelector.Operator.valueOf(r.getOperator());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw dev.kubelb.api.ConfigurationException.field("operator", "unknown operator '" + r.getOperator()
                    + "' (expected In, NotIn, Exists or DoesNotExist)");
        }
        return new LabelSelector.Requirement(r.getKey() == null ? "" : r.getKey(), op,
                r.getValues() == null ? List.of() : r.getValues());
    }

    static boolean isEmpty(io.fabric8.kubernetes.api.model.LabelSelector s) {
        return s == null || ((s.getMatchLabels() == null || s.getMatchLabels().isEmpty())
                && (s.getMatchExpressions() == null || s.getMatchExpressions().isEmpty()));
    }

    /** A canonical text of a neutral selector, for grouping and sorting. */
    static String text(LabelSelector s) {
        String labels = s.matchLabels().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(","));
        String exprs = s.matchExpressions().stream()
                .map(r -> r.key() + " " + r.operator() + " " + r.values()).collect(Collectors.joining(","));
        return labels + (exprs.isEmpty() ? "" : ";" + exprs);
    }
}
