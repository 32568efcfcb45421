package dev.kubelb.api;

import java.util.Objects;

/**
 * One problem found in a configuration or input, located by object and field.
 *
 * <p>Rendered as {@code IPAddressPool/extern: spec.addresses[1]: not a CIDR or range}, the form every
 * error of the library takes.
 *
 * @param object the object, as {@code Kind/name} (or {@code Kind/namespace/name}); may be empty when
 *     the problem is not tied to one object
 * @param field the field path inside the object, e.g. {@code spec.addresses[1]}; may be empty
 * @param message what is wrong, for a human
 */
public record Problem(String object, String field, String message) implements Comparable<Problem> {

    /** Validates that no component is null. */
    public Problem {
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }

    /**
     * @param object the object, as {@code Kind/name}
     * @param field the field path
     * @param message what is wrong
     * @return a new problem
     */
    public static Problem of(String object, String field, String message) {
        return new Problem(object, field, message);
    }

    /**
     * @param prefix a prefix for the field path, e.g. {@code spec.}
     * @return this problem with its field path prefixed
     */
    public Problem underField(String prefix) {
        if (field.isEmpty()) {
            return new Problem(object, stripDot(prefix), message);
        }
        if (prefix.isEmpty() || prefix.endsWith(".") || field.startsWith("[")) {
            return new Problem(object, prefix + field, message);
        }
        return new Problem(object, prefix + "." + field, message);
    }

    /**
     * @param newObject the object to attribute the problem to when it names none yet
     * @return this problem, attributed to {@code newObject} if it had no object
     */
    public Problem inObject(String newObject) {
        return object.isEmpty() ? new Problem(newObject, field, message) : this;
    }

    private static String stripDot(String prefix) {
        return prefix.endsWith(".") ? prefix.substring(0, prefix.length() - 1) : prefix;
    }

    @Override
    public int compareTo(Problem o) {
        int c = object.compareTo(o.object);
        if (c != 0) {
            return c;
        }
        c = field.compareTo(o.field);
        return c != 0 ? c : message.compareTo(o.message);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        if (!object.isEmpty()) {
            sb.append(object).append(": ");
        }
        if (!field.isEmpty()) {
            sb.append(field).append(": ");
        }
        return sb.append(message).toString();
    }
}
