package dev.kubelb.core.input;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Kubernetes' syntax rules for names, label keys and values and annotation keys, written after
 * {@code k8s.io/apimachinery/pkg/util/validation/validation.go} ({@code IsDNS1123Label}, {@code IsDNS1123Subdomain},
 * {@code IsDNS1035Label}, {@code IsQualifiedName}, {@code IsValidLabelValue}, {@code IsValidPortName}). Each check
 * returns the reason a value is refused, or empty.
 */
final class Names {
    private static final String LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private static final Pattern DNS1123_LABEL = Pattern.compile(LABEL);
    private static final Pattern DNS1123_SUBDOMAIN = Pattern.compile(LABEL + "(\\." + LABEL + ")*");
    private static final Pattern DNS1035_LABEL = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern QUALIFIED_NAME_PART = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
    private static final Pattern LABEL_VALUE = Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");
    private static final Pattern IANA_SVC_NAME = Pattern.compile("[-a-z0-9]*");
    private static final Pattern HAS_LETTER = Pattern.compile(".*[a-z].*");

    private Names() {
    }

    static Optional<String> dns1123Label(String v) {
        if (v.length() > 63) {
            return Optional.of("must be no more than 63 characters (RFC 1123 label), is " + v.length());
        }
        return DNS1123_LABEL.matcher(v).matches() ? Optional.empty() : Optional.of("'" + clip(v) + "' is not a valid "
                + "RFC 1123 label: lower case alphanumeric characters or '-', starting and ending with an alphanumeric "
                + "character (regex '" + LABEL + "')");
    }

    static Optional<String> dns1123Subdomain(String v) {
        if (v.length() > 253) {
            return Optional.of("must be no more than 253 characters (RFC 1123 subdomain), is " + v.length());
        }
        return DNS1123_SUBDOMAIN.matcher(v).matches() ? Optional.empty() : Optional.of("'" + clip(v) + "' is not a "
                + "valid RFC 1123 subdomain: lower case alphanumeric characters, '-' or '.', starting and ending with an "
                + "alphanumeric character");
    }

    static Optional<String> dns1035Label(String v) {
        if (v.length() > 63) {
            return Optional.of("must be no more than 63 characters (RFC 1035 label), is " + v.length());
        }
        return DNS1035_LABEL.matcher(v).matches() ? Optional.empty() : Optional.of("'" + clip(v) + "' is not a valid "
                + "RFC 1035 label: lower case alphanumeric characters or '-', starting with a letter and ending with an "
                + "alphanumeric character");
    }

    /** A label or annotation key: {@code [prefix/]name}, the prefix a DNS subdomain, the name at most 63. */
    static Optional<String> qualifiedName(String v) {
        int slash = v.indexOf('/');
        String name = v;
        if (slash >= 0) {
            String prefix = v.substring(0, slash);
            name = v.substring(slash + 1);
            if (prefix.isEmpty()) {
                return Optional.of("'" + clip(v) + "': the prefix part must be non-empty");
            }
            Optional<String> p = dns1123Subdomain(prefix);
            if (p.isPresent()) {
                return Optional.of("'" + clip(v) + "': prefix part " + p.get());
            }
            if (name.indexOf('/') >= 0) {
                return Optional.of("'" + clip(v) + "': a qualified name has at most one '/'");
            }
        }
        if (name.isEmpty()) {
            return Optional.of("'" + clip(v) + "': the name part must be non-empty");
        }
        if (name.length() > 63) {
            return Optional.of("'" + clip(v) + "': the name part must be no more than 63 characters, is "
                    + name.length());
        }
        return QUALIFIED_NAME_PART.matcher(name).matches() ? Optional.empty() : Optional.of("'" + clip(v) + "': the "
                + "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
                + "alphanumeric character");
    }

    static Optional<String> labelValue(String v) {
        if (v.length() > 63) {
            return Optional.of("must be no more than 63 characters, is " + v.length());
        }
        return LABEL_VALUE.matcher(v).matches() ? Optional.empty() : Optional.of("'" + clip(v) + "' is not a valid "
                + "label value: empty, or alphanumeric characters, '-', '_' or '.', starting and ending with an "
                + "alphanumeric character");
    }

    /** An IANA service name (a container port's name, a Service's {@code targetPort} by name). */
    static Optional<String> portName(String v) {
        if (v.length() > 15) {
            return Optional.of("'" + clip(v) + "': a port name must be no more than 15 characters");
        }
        if (!IANA_SVC_NAME.matcher(v).matches() || !HAS_LETTER.matcher(v).matches() || v.startsWith("-")
                || v.endsWith("-") || v.contains("--")) {
            return Optional.of("'" + clip(v) + "' is not a valid port name: lower case alphanumeric characters or "
                    + "'-', at least one letter, no leading, trailing or double '-'");
        }
        return Optional.empty();
    }

    static String clip(String v) {
        return v.length() > 80 ? v.substring(0, 80) + "…" : v;
    }
}
