package dev.kubelb.examples.providerfrr;

import dev.kubelb.api.ConfigurationException;
import dev.kubelb.api.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Strict reading of one YAML mapping of the speaker file: every problem is collected with the path of its field
 * (nothing is thrown until the whole file has been read), and keys the format does not know are refused.
 */
final class Fields {
    private final String object;
    private final String path;
    private final Map<?, ?> map;
    private final List<Problem> problems;

    private Fields(String object, String path, Map<?, ?> map, List<Problem> problems) {
        this.object = object;
        this.path = path;
        this.map = map;
        this.problems = problems;
    }

    /**
     * @param object the object named in problems
     * @param path the field path of this mapping ({@code ""} at the top)
     * @param value the parsed YAML value
     * @param known the keys the mapping may hold
     * @param problems where problems go
     * @return the mapping, or empty (and a problem) when the value is not one
     */
    static Optional<Fields> of(String object, String path, Object value, Set<String> known, List<Problem> problems) {
        if (!(value instanceof Map<?, ?> m)) {
            problems.add(Problem.of(object, path, "must be a mapping, got " + kind(value)));
            return Optional.empty();
        }
        Fields f = new Fields(object, path, m, problems);
        for (Object k : m.keySet()) {
            if (!known.contains(String.valueOf(k))) {
                problems.add(Problem.of(object, f.at(String.valueOf(k)), "unknown field (known: " + new TreeSet<>(known)
                        + ")"));
            }
        }
        return Optional.of(f);
    }

    /** @return the object named in problems */
    String object() {
        return object;
    }

    /** @return a key's value as parsed, or null */
    Object raw(String key) {
        return map.get(key);
    }

    String at(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    void problem(String key, String message) {
        problems.add(Problem.of(object, at(key), message));
    }

    /** Runs a check that may throw the API's own validation, recording its problems under this mapping. */
    <T> Optional<T> check(String key, java.util.function.Supplier<T> make) {
        try {
            return Optional.of(make.get());
        } catch (ConfigurationException e) {
            e.problems().forEach(p -> problems.add(Problem.of(object, at(key), p.message())));
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            problems.add(Problem.of(object, at(key), e.getMessage()));
            return Optional.empty();
        }
    }

    Optional<String> string(String key, boolean required) {
        Object v = map.get(key);
        if (v == null) {
            if (required) {
                problem(key, "is required");
            }
            return Optional.empty();
        }
        if (!(v instanceof String s) || s.isBlank()) {
            problem(key, "must be a non-empty string, got " + kind(v));
            return Optional.empty();
        }
        return Optional.of(s);
    }

    Optional<Long> number(String key, long min, long max, boolean required) {
        Object v = map.get(key);
        if (v == null) {
            if (required) {
                problem(key, "is required");
            }
            return Optional.empty();
        }
        if (!(v instanceof Number n) || v instanceof Double || v instanceof Float) {
            problem(key, "must be a whole number, got " + kind(v));
            return Optional.empty();
        }
        long l = n.longValue();
        if (l < min || l > max) {
            problem(key, "must be between " + min + " and " + max + ", got " + l);
            return Optional.empty();
        }
        return Optional.of(l);
    }

    boolean flag(String key, boolean dflt) {
        Object v = map.get(key);
        if (v == null) {
            return dflt;
        }
        if (!(v instanceof Boolean b)) {
            problem(key, "must be true or false, got " + kind(v));
            return dflt;
        }
        return b;
    }

    List<String> strings(String key) {
        List<String> out = new ArrayList<>();
        for (Item i : items(key)) {
            if (i.value() instanceof String s && !s.isBlank()) {
                out.add(s);
            } else {
                problems.add(Problem.of(object, i.path(), "must be a non-empty string, got " + kind(i.value())));
            }
        }
        return out;
    }

    /** An element of a list, with its path. */
    record Item(String path, Object value) {
    }

    List<Item> items(String key) {
        Object v = map.get(key);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> l)) {
            problem(key, "must be a list, got " + kind(v));
            return List.of();
        }
        List<Item> out = new ArrayList<>();
        for (int i = 0; i < l.size(); i++) {
            out.add(new Item(at(key) + "[" + i + "]", l.get(i)));
        }
        return out;
    }

    static String kind(Object v) {
        if (v == null) {
            return "nothing";
        }
        if (v instanceof Map) {
            return "a mapping";
        }
        if (v instanceof List) {
            return "a list";
        }
        return v instanceof String ? "a string" : v.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT)
                + " '" + v + "'";
    }
}
