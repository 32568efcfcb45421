package dev.kubelb.api;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A Kubernetes label selector ({@code matchLabels} AND every {@code matchExpressions} entry). The empty
 * selector matches everything, as in Kubernetes.
 *
 * @param matchLabels labels that must be present with these values
 * @param matchExpressions set-based requirements
 */
public record LabelSelector(Map<String, String> matchLabels, List<Requirement> matchExpressions) {

    /** A selector that matches everything. */
    public static final LabelSelector ALL = new LabelSelector(Map.of(), List.of());

    /** Copies into deterministic, unmodifiable collections. */
    public LabelSelector {
        matchLabels = Checks.map(matchLabels, "matchLabels");
        matchExpressions = Checks.list(matchExpressions, "matchExpressions");
    }

    /**
     * @param labels the labels to match exactly
     * @return a selector with only {@code matchLabels}
     */
    public static LabelSelector of(Map<String, String> labels) {
        return new LabelSelector(labels, List.of());
    }

    /**
     * @param labels the labels of an object (namespace, service, node, pool)
     * @return whether the object is selected
     */
    public boolean matches(Map<String, String> labels) {
        for (Map.Entry<String, String> e : matchLabels.entrySet()) {
            if (!e.getValue().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        for (Requirement r : matchExpressions) {
            if (!r.matches(labels)) {
                return false;
            }
        }
        return true;
    }

    /**
     * @return whether this selector matches everything
     */
    public boolean isEmpty() {
        return matchLabels.isEmpty() && matchExpressions.isEmpty();
    }

    /** A set-based operator. */
    public enum Operator {
        /** The label's value is one of the values. */
        In,
        /** The label is absent or its value is none of the values. */
        NotIn,
        /** The label is present. */
        Exists,
        /** The label is absent. */
        DoesNotExist
    }

    /**
     * One {@code matchExpressions} entry.
     *
     * @param key the label key
     * @param operator the operator
     * @param values the values (non-empty for In/NotIn, empty for Exists/DoesNotExist)
     */
    public record Requirement(String key, Operator operator, List<String> values) {

        /** Validates values against the operator, as the Kubernetes API server does. */
        public Requirement {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(operator, "operator");
            values = Checks.list(values, "values");
            if (key.isEmpty()) {
                throw ConfigurationException.field("key", "must not be empty");
            }
            boolean needsValues = operator == Operator.In || operator == Operator.NotIn;
            if (needsValues && values.isEmpty()) {
                throw ConfigurationException.field("values", "operator " + operator + " needs at least one value");
            }
            if (!needsValues && !values.isEmpty()) {
                throw ConfigurationException.field("values", "operator " + operator + " takes no values");
            }
        }

        /**
         * @param labels the labels to test
         * @return whether they satisfy this requirement
         */
        public boolean matches(Map<String, String> labels) {
            String v = labels.get(key);
            return switch (operator) {
                case In -> v != null && values.contains(v);
                case NotIn -> v == null || !values.contains(v);
                case Exists -> v != null;
                case DoesNotExist -> v == null;
            };
        }
    }
}
