package dev.kubelb.core;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Which of a tenant's annotations reach the management-cluster Service, with KubeLB's semantics:
 * {@code deniedAnnotations} (globs) always win; then {@code propagateAllAnnotations} lets everything
 * through, otherwise only keys matching a {@code propagatedAnnotations} glob whose allowed values (comma
 * list, empty = any) include the value; {@code defaultAnnotations} are added when the tenant does not
 * set them. Keys in the appliance and kubelb namespaces ({@code metallb.io/}, {@code lbipam.cilium.io/},
 * {@code kubelb.dev/}, …) never propagate: a tenant cannot pin addresses or rename pools through them.
 *
 * @param propagated glob key → allowed values (comma-separated; empty = any value)
 * @param propagateAll whether every (non-denied) annotation propagates
 * @param denied globs of keys that never propagate
 * @param defaults annotations added when absent
 */
public record AnnotationPolicy(Map<String, String> propagated, boolean propagateAll, List<String> denied,
        Map<String, String> defaults) {

    /** Nothing propagates; no defaults. */
    public static final AnnotationPolicy NONE = new AnnotationPolicy(Map.of(), false, List.of(), Map.of());

    private static final List<String> RESERVED = List.of("metallb.io/", "metallb.universe.tf/",
            "lbipam.cilium.io/", "io.cilium/", "kubelb.dev/", "kubelb.k8c.io/", "kubectl.kubernetes.io/",
            "service.kubernetes.io/");

    /** Copies the collections. */
    public AnnotationPolicy {
        propagated = Map.copyOf(propagated);
        denied = List.copyOf(denied);
        defaults = Map.copyOf(defaults);
    }

    /**
     * @param tenantOverride the tenant's own policy, if any
     * @return the tenant's policy when it sets either propagate field (KubeLB: wholesale override),
     *     otherwise this one
     */
    public AnnotationPolicy overriddenBy(AnnotationPolicy tenantOverride) {
        Objects.requireNonNull(tenantOverride, "tenantOverride");
        return (tenantOverride.propagateAll || !tenantOverride.propagated.isEmpty()) ? tenantOverride : this;
    }

    /**
     * @param annotations the tenant's annotations
     * @return the annotations to put on the management-cluster Service, sorted
     */
    public Map<String, String> apply(Map<String, String> annotations) {
        Map<String, String> out = new TreeMap<>();
        annotations.forEach((k, v) -> {
            if (isReserved(k) || denied.stream().anyMatch(g -> glob(g, k))) {
                return;
            }
            if (propagateAll || allowed(k, v)) {
                out.put(k, v);
            }
        });
        defaults.forEach((k, v) -> {
            if (!isReserved(k)) {
                out.putIfAbsent(k, v);
            }
        });
        return out;
    }

    private boolean allowed(String key, String value) {
        for (Map.Entry<String, String> e : propagated.entrySet()) {
            if (glob(e.getKey(), key)) {
                String allowedValues = e.getValue();
                if (allowedValues.isEmpty() || List.of(allowedValues.split(",")).stream().map(String::trim)
                        .anyMatch(value::equals)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * @param key an annotation key
     * @return whether the key is in a namespace that never propagates
     */
    public static boolean isReserved(String key) {
        return RESERVED.stream().anyMatch(key::startsWith);
    }

    static boolean glob(String pattern, String text) {
        StringBuilder re = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.matches(re.toString(), text);
    }
}
