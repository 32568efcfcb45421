package dev.kubelb.core.input;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The API server's rules for every object's metadata, after {@code k8s.io/apimachinery/pkg/api/validation}
 * ({@code ValidateObjectMeta}, {@code ValidateAnnotations}: 256 KiB in all) and
 * {@code k8s.io/apimachinery/pkg/apis/meta/v1/validation} ({@code ValidateLabels}); names per kind as
 * {@code k8s.io/kubernetes/pkg/apis/core/validation} validates them (a Service's name is an RFC 1035 label, a
 * Namespace's an RFC 1123 label, everything else, custom resources included, an RFC 1123 subdomain).
 */
final class ObjectRules {
    /** A field and why it is refused. */
    record Issue(String field, String message) {
    }

    /** {@code TotalAnnotationSizeLimitB} in apimachinery's validation: keys and values together. */
    static final int ANNOTATIONS_MAX_BYTES = 256 * 1024;

    private ObjectRules() {
    }

    /**
     * @param kind the object's kind
     * @param metadata its (strictly typed) metadata
     * @param issues where problems go
     */
    static void metadata(String kind, Map<?, ?> metadata, List<Issue> issues) {
        Object name = metadata.get("name");
        if (!(name instanceof String n) || n.isEmpty()) {
            issues.add(new Issue("metadata.name", metadata.get("generateName") != null
                    ? "required: generateName is not supported in input files" : "required"));
        } else {
            Optional<String> bad = switch (kind) {
                case "Service" -> Names.dns1035Label(n);
                case "Namespace" -> Names.dns1123Label(n);
                default -> Names.dns1123Subdomain(n);
            };
            bad.ifPresent(m -> issues.add(new Issue("metadata.name", m)));
        }
        if (metadata.get("namespace") instanceof String ns && !ns.isEmpty()) {
            if ("Namespace".equals(kind)) {
                issues.add(new Issue("metadata.namespace", "not allowed on this type"));
            } else {
                Names.dns1123Label(ns).ifPresent(m -> issues.add(new Issue("metadata.namespace", m)));
            }
        }
        if (metadata.get("labels") instanceof Map<?, ?> labels) {
            labels.forEach((k, v) -> {
                String key = String.valueOf(k);
                Names.qualifiedName(key).ifPresent(m -> issues.add(new Issue("metadata.labels", "key " + m)));
                if (v instanceof String value) {
                    Names.labelValue(value).ifPresent(m -> issues.add(new Issue("metadata.labels[" + key + "]", m)));
                }
            });
        }
        if (metadata.get("annotations") instanceof Map<?, ?> annotations) {
            long total = 0;
            for (Map.Entry<?, ?> e : annotations.entrySet()) {
                String key = String.valueOf(e.getKey());
                Names.qualifiedName(key.toLowerCase(Locale.ROOT))
                        .ifPresent(m -> issues.add(new Issue("metadata.annotations", "key " + m)));
                total += key.getBytes(StandardCharsets.UTF_8).length;
                if (e.getValue() instanceof String v) {
                    total += v.getBytes(StandardCharsets.UTF_8).length;
                }
            }
            if (total > ANNOTATIONS_MAX_BYTES) {
                issues.add(new Issue("metadata.annotations", "too long: may not be more than " + ANNOTATIONS_MAX_BYTES
                        + " bytes in all (keys and values), is " + total));
            }
        }
        if (metadata.get("finalizers") instanceof List<?> finalizers) {
            List<String> seen = new ArrayList<>();
            for (Object f : finalizers) {
                if (f instanceof String s) {
                    Names.qualifiedName(s).ifPresent(m -> issues.add(new Issue("metadata.finalizers", m)));
                    if (seen.contains(s)) {
                        issues.add(new Issue("metadata.finalizers", "duplicate value '" + s + "'"));
                    }
                    seen.add(s);
                }
            }
        }
    }
}
