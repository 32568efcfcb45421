package dev.kubelb.provider.metallb;

import dev.kubelb.api.ConfigurationException;
import dev.kubelb.api.LabelSelector;
import dev.kubelb.api.Problem;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirementBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Converts label selectors between fabric8's model and the neutral model. */
final class Selectors {
    private Selectors() {
    }

    /**
     * @param selectors fabric8 selectors, may be null
     * @param object the object, for problems
     * @param field the list's field path, e.g. {@code spec.nodeSelectors}
     * @param problems where problems are added
     * @return the neutral selectors (those that converted)
     */
    static List<LabelSelector> toNeutral(List<io.fabric8.kubernetes.api.model.LabelSelector> selectors, String object,
            String field, List<Problem> problems) {
        List<LabelSelector> out = new ArrayList<>();
        if (selectors == null) {
            return out;
        }
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < selectors.size(); i++) {
            String path = field + "[" + i + "]";
            io.fabric8.kubernetes.api.model.LabelSelector s = selectors.get(i);
            if (s == null) {
                problems.add(Problem.of(object, path, "must not be null"));
                continue;
            }
            try {
                LabelSelector n = toNeutral(s, object, path, problems);
                if (n == null) {
                    continue;
                }
                String key = canonical(n);
                if (seen.contains(key)) {
                    problems.add(Problem.of(object, path, "duplicate selector (same as " + field + "["
                            + seen.indexOf(key) + "])"));
                }
                seen.add(key);
                out.add(n);
            } catch (ConfigurationException e) {
                e.locate(object, path + ".").problems().forEach(problems::add);
            }
        }
        return out;
    }

    private static LabelSelector toNeutral(io.fabric8.kubernetes.api.model.LabelSelector s, String object,
            String path, List<Problem> problems) {
        Map<String, String> labels = s.getMatchLabels() == null ? Map.of() : s.getMatchLabels();
        List<LabelSelector.Requirement> reqs = new ArrayList<>();
        List<LabelSelectorRequirement> exprs = s.getMatchExpressions() == null ? List.of() : s.getMatchExpressions();
        boolean ok = true;
        List<String> seen = new ArrayList<>();
        for (int j = 0; j < exprs.size(); j++) {
            LabelSelectorRequirement r = exprs.get(j);
            String rp = path + ".matchExpressions[" + j + "]";
            // MetalLB refuses duplicate values and duplicate expressions, values compared sorted
            // (internal/config/config.go validateLabelSelectorDuplicate, validateLabelSelectorMatchExpressions)
            List<String> values = r.getValues() == null ? List.of() : r.getValues();
            for (int k = 0; k < values.size(); k++) {
                if (values.subList(0, k).contains(values.get(k))) {
                    problems.add(Problem.of(object, rp + ".values[" + k + "]", "duplicate value '" + values.get(k)
                            + "'"));
                    ok = false;
                }
            }
            String same = r.getKey() + " " + r.getOperator() + " " + values.stream().sorted().toList();
            if (seen.contains(same)) {
                problems.add(Problem.of(object, rp, "duplicate match expression (same as " + path
                        + ".matchExpressions[" + seen.indexOf(same) + "])"));
                ok = false;
            }
            seen.add(same);
            LabelSelector.Operator op;
            try {
                op = LabelSelector.Operator.valueOf(String.valueOf(r.getOperator()));
            } catch (IllegalArgumentException e) {
                problems.add(Problem.of(object, rp + ".operator", "'" + r.getOperator()
                        + "' is not a valid operator (In, NotIn, Exists, DoesNotExist)"));
                ok = false;
                continue;
            }
            try {
                reqs.add(new LabelSelector.Requirement(r.getKey() == null ? "" : r.getKey(), op,
                        r.getValues() == null ? List.of() : r.getValues()));
            } catch (ConfigurationException e) {
                e.locate(object, rp + ".").problems().forEach(problems::add);
                ok = false;
            }
        }
        return ok ? new LabelSelector(labels, reqs) : null;
    }

    /** @return the selector as MetalLB compares selectors for duplicates: expression values sorted */
    private static String canonical(LabelSelector n) {
        return new java.util.TreeMap<>(n.matchLabels()) + " " + n.matchExpressions().stream()
                .map(r -> r.key() + " " + r.operator() + " " + r.values().stream().sorted().toList()).toList();
    }

    /**
     * @param selectors neutral selectors
     * @return fabric8 selectors with sorted labels, or null when empty (so that the field is omitted)
     */
    static List<io.fabric8.kubernetes.api.model.LabelSelector> toFabric8(List<LabelSelector> selectors) {
        if (selectors.isEmpty()) {
            return null;
        }
        List<io.fabric8.kubernetes.api.model.LabelSelector> out = new ArrayList<>();
        for (LabelSelector s : selectors) {
            out.add(toFabric8(s));
        }
        return out;
    }

    static io.fabric8.kubernetes.api.model.LabelSelector toFabric8(LabelSelector s) {
        LabelSelectorBuilder b = new LabelSelectorBuilder();
        if (!s.matchLabels().isEmpty()) {
            b.withMatchLabels(new LinkedHashMap<>(s.matchLabels()));
        } else {
            b.withMatchLabels(null);
        }
        if (!s.matchExpressions().isEmpty()) {
            List<LabelSelectorRequirement> reqs = new ArrayList<>();
            for (LabelSelector.Requirement r : s.matchExpressions()) {
                reqs.add(new LabelSelectorRequirementBuilder().withKey(r.key()).withOperator(r.operator().name())
                        .withValues(r.values().isEmpty() ? null : new ArrayList<>(r.values())).build());
            }
            b.withMatchExpressions(reqs);
        } else {
            b.withMatchExpressions((List<LabelSelectorRequirement>) null);
        }
        return b.build();
    }
}
