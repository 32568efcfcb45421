package dev.kubelb.provider.metallb;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.kubelb.api.Problem;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fields our typed MetalLB classes know, read from their Jackson names, and the check that a user's
 * object has no other: an unknown or misspelt field is an error naming it (and the closest known name),
 * never silently dropped. The field trees are compared with the real CRDs' {@code openAPIV3Schema} in
 * the tests, so what is accepted here is exactly what MetalLB's API accepts.
 */
final class KnownFields {
    private static final Map<Class<?>, Map<String, Type>> CACHE = new ConcurrentHashMap<>();

    private KnownFields() {
    }

    /**
     * @param tree an object's {@code spec} as parsed (maps, lists, scalars)
     * @param type the typed class it is read into
     * @param object the object, {@code Kind/name}
     * @param path the field path of {@code tree}, e.g. {@code spec}
     * @param problems where unknown fields are reported
     */
    static void check(Object tree, Type type, String object, String path, List<Problem> problems) {
        Class<?> raw = rawClass(type);
        if (tree instanceof Map<?, ?> map) {
            if (Map.class.isAssignableFrom(raw)) {
                return; // free-form (matchLabels)
            }
            Map<String, Type> fields = fields(raw);
            if (fields.isEmpty()) {
                return;
            }
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String key = String.valueOf(e.getKey());
                Type child = fields.get(key);
                if (child == null) {
                    problems.add(Problem.of(object, path + "." + key, "unknown field" + suggestion(key, fields.keySet())
                            + " (MetalLB's " + raw.getSimpleName().replace("Spec", "") + " has: "
                            + String.join(", ", fields.keySet()) + ")"));
                } else if (e.getValue() != null) {
                    check(e.getValue(), child, object, path + "." + key, problems);
                }
            }
        } else if (tree instanceof List<?> list && Collection.class.isAssignableFrom(raw)
                && type instanceof ParameterizedType pt) {
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i) != null) {
                    check(list.get(i), pt.getActualTypeArguments()[0], object, path + "[" + i + "]", problems);
                }
            }
        }
    }

    /**
     * @param type a typed class (a spec record or a fabric8 model class)
     * @return its JSON field names and their types, in declaration order; empty for scalars
     */
    static Map<String, Type> fields(Class<?> type) {
        return CACHE.computeIfAbsent(type, KnownFields::introspect);
    }

    private static Map<String, Type> introspect(Class<?> type) {
        Map<String, Type> out = new LinkedHashMap<>();
        if (type.isPrimitive() || type.getName().startsWith("java.")) {
            return out;
        }
        if (type.isRecord()) {
            for (RecordComponent c : type.getRecordComponents()) {
                JsonProperty p = c.getAccessor().getAnnotation(JsonProperty.class);
                JsonProperty f = fieldAnnotation(type, c.getName());
                String name = p != null ? p.value() : f != null ? f.value() : c.getName();
                out.put(name, c.getGenericType());
            }
            return out;
        }
        for (Field f : type.getDeclaredFields()) {
            JsonProperty p = f.getAnnotation(JsonProperty.class);
            if (Modifier.isStatic(f.getModifiers()) || f.isAnnotationPresent(JsonIgnore.class) || p == null) {
                continue;
            }
            out.put(p.value().isEmpty() ? f.getName() : p.value(), f.getGenericType());
        }
        return out;
    }

    private static JsonProperty fieldAnnotation(Class<?> type, String name) {
        try {
            return type.getDeclaredField(name).getAnnotation(JsonProperty.class);
        } catch (NoSuchFieldException e) {
            return null;
        }
    }

    static Class<?> rawClass(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        return Object.class;
    }

    private static String suggestion(String key, Collection<String> known) {
        Optional<String> best = known.stream().min(Comparator.comparingInt(k -> distance(key.toLowerCase(),
                k.toLowerCase())));
        return best.filter(b -> distance(key.toLowerCase(), b.toLowerCase()) <= Math.max(2, key.length() / 3))
                .map(b -> " (did you mean '" + b + "'?)").orElse("");
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /**
     * @param type a typed class
     * @return every field path below it ({@code a.b[].c}), for comparison with a CRD schema
     */
    static List<String> paths(Type type) {
        List<String> out = new ArrayList<>();
        paths(type, "", out, 0);
        return out;
    }

    private static void paths(Type type, String prefix, List<String> out, int depth) {
        Class<?> raw = rawClass(type);
        if (Collection.class.isAssignableFrom(raw) && type instanceof ParameterizedType pt) {
            paths(pt.getActualTypeArguments()[0], prefix + "[]", out, depth);
            return;
        }
        Map<String, Type> fields = Map.class.isAssignableFrom(raw) || depth > 8 ? Map.of() : fields(raw);
        if (fields.isEmpty()) {
            out.add(prefix);
            return;
        }
        for (Map.Entry<String, Type> e : fields.entrySet()) {
            paths(e.getValue(), prefix + "." + e.getKey(), out, depth + 1);
        }
    }
}
