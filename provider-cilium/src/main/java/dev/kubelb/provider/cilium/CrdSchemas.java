package dev.kubelb.provider.cilium;

import dev.kubelb.api.Problem;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Checks Cilium objects against the structural schemas of Cilium's own CRDs (the 1.18.4 CRDs, bundled as
 * resources under {@code dev/kubelb/provider/cilium/crds}): an unknown or misspelt field, a wrong type, a
 * value outside the CRD's {@code minimum}/{@code maximum}/{@code enum}/{@code pattern}/length bounds and a
 * missing required field are problems naming the object and the field. The API server would prune unknown
 * fields silently; kubelb refuses them so that nothing a user wrote is dropped. CEL rules
 * ({@code x-kubernetes-validations}) are not evaluated here; the import checks the ones kubelb relies on.
 */
final class CrdSchemas {
    private static final List<String> FILES = List.of("ciliumloadbalancerippools", "ciliumbgpadvertisements",
            "ciliumbgppeerconfigs", "ciliumbgpclusterconfigs", "ciliumbgpnodeconfigoverrides",
            "ciliuml2announcementpolicies", "ciliumbgppeeringpolicies");
    private static final Map<String, CustomResourceDefinition> BY_KIND = load();
    private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();

    private CrdSchemas() {
    }

    private static Map<String, CustomResourceDefinition> load() {
        Map<String, CustomResourceDefinition> out = new TreeMap<>();
        for (String f : FILES) {
            String path = "crds/" + f + ".yaml";
            try (InputStream in = CrdSchemas.class.getResourceAsStream(path)) {
                if (in == null) {
                    throw new IllegalStateException("missing resource " + path);
                }
                CustomResourceDefinition crd = CiliumRender.JSON.unmarshal(in, CustomResourceDefinition.class);
                out.put(crd.getSpec().getNames().getKind(), crd);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return Map.copyOf(out);
    }

    /**
     * @param kind a Cilium kind
     * @param version an API version's version part, e.g. {@code v2}
     * @return the schema of that kind and version, if Cilium serves it
     */
    static Optional<JSONSchemaProps> schema(String kind, String version) {
        CustomResourceDefinition crd = BY_KIND.get(kind);
        if (crd == null) {
            return Optional.empty();
        }
        return crd.getSpec().getVersions().stream().filter(v -> v.getName().equals(version))
                .filter(v -> Boolean.TRUE.equals(v.getServed())).map(CustomResourceDefinitionVersion::getSchema)
                .map(s -> s.getOpenAPIV3Schema()).findFirst();
    }

    /**
     * @param object a Cilium object
     * @return the problems of its {@code spec} (status and metadata are not checked)
     */
    @SuppressWarnings("unchecked")
    static List<Problem> check(HasMetadata object) {
        String obj = object.getKind() + "/" + CiliumImport.name(object);
        String av = object.getApiVersion();
        String version = av.substring(av.indexOf('/') + 1);
        Optional<JSONSchemaProps> schema = schema(object.getKind(), version);
        List<Problem> out = new ArrayList<>();
        if (schema.isEmpty()) {
            out.add(Problem.of(obj, "apiVersion", "Cilium 1.18 serves no " + av + " " + object.getKind()));
            return out;
        }
        Map<String, Object> tree = CiliumRender.JSON.convertValue(object, Map.class);
        for (Map.Entry<String, Object> e : tree.entrySet()) {
            String key = e.getKey();
            if (key.equals("apiVersion") || key.equals("kind") || key.equals("metadata") || key.equals("status")) {
                continue;
            }
            JSONSchemaProps p = schema.get().getProperties() == null ? null : schema.get().getProperties().get(key);
            if (p == null) {
                out.add(Problem.of(obj, key, "unknown field (not in Cilium's " + object.getKind() + " " + version
                        + " schema)"));
            } else {
                value(obj, key, e.getValue(), p, out);
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void value(String obj, String path, Object v, JSONSchemaProps s, List<Problem> out) {
        if (v == null) {
            if (!Boolean.TRUE.equals(s.getNullable())) {
                out.add(Problem.of(obj, path, "must not be null"));
            }
            return;
        }
        if (Boolean.TRUE.equals(s.getXKubernetesIntOrString())) {
            if (!(v instanceof String) && !isInteger(v)) {
                out.add(Problem.of(obj, path, "must be an integer or a string, got " + describe(v)));
            }
            return;
        }
        String type = s.getType() == null ? "" : s.getType();
        switch (type) {
            case "object" -> {
                if (!(v instanceof Map)) {
                    out.add(Problem.of(obj, path, "must be an object, got " + describe(v)));
                    return;
                }
                object(obj, path, (Map<String, Object>) v, s, out);
            }
            case "array" -> {
                if (!(v instanceof List)) {
                    out.add(Problem.of(obj, path, "must be a list, got " + describe(v)));
                    return;
                }
                List<Object> l = (List<Object>) v;
                bound(obj, path, l.size(), s.getMinItems(), s.getMaxItems(), "items", out);
                if (s.getItems() != null && s.getItems().getSchema() != null) {
                    for (int i = 0; i < l.size(); i++) {
                        value(obj, path + "[" + i + "]", l.get(i), s.getItems().getSchema(), out);
                    }
                }
            }
            case "string" -> {
                if (!(v instanceof String str)) {
                    out.add(Problem.of(obj, path, "must be a string, got " + describe(v)));
                    return;
                }
                bound(obj, path, str.codePointCount(0, str.length()), s.getMinLength(), s.getMaxLength(), "characters",
                        out);
                if (s.getPattern() != null && !pattern(s.getPattern()).matcher(str).find()) {
                    out.add(Problem.of(obj, path, "'" + str + "' is not valid here (Cilium's schema pattern"
                            + (s.getPattern().length() <= 60 ? " " + s.getPattern() : "") + ")"));
                }
                enumeration(obj, path, str, s, out);
            }
            case "integer", "number" -> {
                if (type.equals("integer") ? !isInteger(v) : !(v instanceof Number)) {
                    out.add(Problem.of(obj, path, "must be " + (type.equals("integer") ? "an integer" : "a number")
                            + ", got " + describe(v)));
                    return;
                }
                BigDecimal n = new BigDecimal(v.toString());
                if (s.getMinimum() != null && n.compareTo(BigDecimal.valueOf(s.getMinimum())) < 0) {
                    out.add(Problem.of(obj, path, v + " is below the minimum " + plain(s.getMinimum())));
                }
                if (s.getMaximum() != null && n.compareTo(BigDecimal.valueOf(s.getMaximum())) > 0) {
                    out.add(Problem.of(obj, path, v + " is above the maximum " + plain(s.getMaximum())));
                }
                enumeration(obj, path, v.toString(), s, out);
            }
            case "boolean" -> {
                if (!(v instanceof Boolean)) {
                    out.add(Problem.of(obj, path, "must be true or false, got " + describe(v)));
                }
            }
            default -> {
                // untyped (x-kubernetes-preserve-unknown-fields): anything
            }
        }
    }

    private static void object(String obj, String path, Map<String, Object> m, JSONSchemaProps s, List<Problem> out) {
        Map<String, JSONSchemaProps> props = s.getProperties() == null ? Map.of() : s.getProperties();
        JSONSchemaProps additional = s.getAdditionalProperties() == null ? null : s.getAdditionalProperties().getSchema();
        boolean preserve = Boolean.TRUE.equals(s.getXKubernetesPreserveUnknownFields())
                || (s.getAdditionalProperties() != null && Boolean.TRUE.equals(s.getAdditionalProperties().getAllows()));
        for (Map.Entry<String, Object> e : m.entrySet()) {
            String p = path + "." + e.getKey();
            JSONSchemaProps ps = props.get(e.getKey());
            if (ps != null) {
                value(obj, p, e.getValue(), ps, out);
            } else if (additional != null) {
                value(obj, path + "[" + e.getKey() + "]", e.getValue(), additional, out);
            } else if (!preserve) {
                out.add(Problem.of(obj, p, "unknown field" + suggestion(e.getKey(), props.keySet())));
            }
        }
        if (s.getRequired() != null) {
            for (String r : s.getRequired()) {
                if (!m.containsKey(r)) {
                    out.add(Problem.of(obj, path + "." + r, "required by Cilium's schema"));
                }
            }
        }
        bound(obj, path, m.size(), s.getMinProperties(), s.getMaxProperties(), "fields", out);
    }

    /** A hint for a misspelt field: the known field equal to it ignoring case, or one edit away. */
    static String suggestion(String key, java.util.Collection<String> known) {
        for (String k : known) {
            if (k.equalsIgnoreCase(key) || distance(k.toLowerCase(), key.toLowerCase()) <= 2) {
                return " (did you mean '" + k + "'?)";
            }
        }
        return known.isEmpty() ? "" : " (known fields: " + String.join(", ", new java.util.TreeSet<>(known)) + ")";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            int[] cur = new int[b.length() + 1];
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            prev = cur;
        }
        return prev[b.length()];
    }

    private static void enumeration(String obj, String path, String v, JSONSchemaProps s, List<Problem> out) {
        if (s.getEnum() == null || s.getEnum().isEmpty()) {
            return;
        }
        List<String> allowed = s.getEnum().stream().map(n -> String.valueOf(CiliumRender.JSON.convertValue(n, Object.class))).toList();
        if (!allowed.contains(v)) {
            out.add(Problem.of(obj, path, "'" + v + "' is not one of " + String.join(", ", allowed)));
        }
    }

    private static void bound(String obj, String path, long n, Long min, Long max, String unit, List<Problem> out) {
        if (min != null && n < min) {
            out.add(Problem.of(obj, path, "needs at least " + min + " " + unit + ", got " + n));
        }
        if (max != null && n > max) {
            out.add(Problem.of(obj, path, "takes at most " + max + " " + unit + ", got " + n));
        }
    }

    private static Pattern pattern(String p) {
        return PATTERNS.computeIfAbsent(p, x -> {
            try {
                return Pattern.compile(x);
            } catch (PatternSyntaxException e) {
                return Pattern.compile("");
            }
        });
    }

    private static boolean isInteger(Object v) {
        return v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof java.math.BigInteger;
    }

    private static String plain(Double d) {
        return d == Math.rint(d) ? String.valueOf(d.longValue()) : d.toString();
    }

    private static String describe(Object v) {
        if (v instanceof Map) {
            return "an object";
        }
        if (v instanceof List) {
            return "a list";
        }
        return v instanceof String ? "the string '" + v + "'" : String.valueOf(v);
    }
}
