package dev.kubelb.api;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** Validation helpers shared by the model's compact constructors. */
final class Checks {
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern DNS_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    private Checks() {
    }

    static String name(String value, String field) {
        Objects.requireNonNull(value, field);
        if (value.isEmpty() || value.length() > 253 || !DNS_SUBDOMAIN.matcher(value).matches()) {
            throw ConfigurationException.field(field, "'" + value
                    + "' is not a valid name (lowercase letters, digits, '-' and '.', at most 253 characters)");
        }
        return value;
    }

    static String label(String value, String field) {
        Objects.requireNonNull(value, field);
        if (value.isEmpty() || value.length() > 63 || !DNS_LABEL.matcher(value).matches()) {
            throw ConfigurationException.field(field, "'" + value
                    + "' is not a valid DNS label (lowercase letters, digits and '-', at most 63 characters)");
        }
        return value;
    }

    static <T> List<T> list(List<T> value, String field) {
        Objects.requireNonNull(value, field);
        for (int i = 0; i < value.size(); i++) {
            if (value.get(i) == null) {
                throw ConfigurationException.field(field + "[" + i + "]", "must not be null");
            }
        }
        return List.copyOf(value);
    }

    static <T> Optional<T> opt(Optional<T> value, String field) {
        return Objects.requireNonNull(value, field);
    }

    /** Copies a map into a sorted, unmodifiable one so that output built from it is deterministic. */
    static Map<String, String> map(Map<String, String> value, String field) {
        Objects.requireNonNull(value, field);
        TreeMap<String, String> copy = new TreeMap<>();
        value.forEach((k, v) -> {
            if (k == null || v == null) {
                throw ConfigurationException.field(field, "keys and values must not be null");
            }
            copy.put(k, v);
        });
        return java.util.Collections.unmodifiableMap(copy);
    }

    static long asn(long value, String field) {
        if (value < 1 || value > 4294967295L) {
            throw ConfigurationException.field(field, "AS number " + value + " is out of range 1..4294967295");
        }
        return value;
    }
}
