package dev.kubelb.provider.ccm;

import dev.kubelb.api.ConfigurationException;
import dev.kubelb.api.IpFamily;
import dev.kubelb.api.Problem;
import dev.kubelb.api.Visibility;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One cloud's dialect, as data: how each {@link NeutralOption} is spelled in that cloud's Service
 * annotations (or Service fields), which load balancer class its controller serves, which keys it reads
 * only when it creates the load balancer, and which annotations and finalizers its controller owns.
 *
 * <p>Profiles are read from {@code .properties} files (see {@link #fromProperties(String, Map)} for
 * the format) shipped in {@code META-INF/kubelb/ccm-profiles/} and listed in
 * {@code META-INF/kubelb/ccm-profiles.index}, or built by a third-party {@link CloudProfileSource}.
 * Instances are immutable.
 */
public final class CloudProfile {

    /** The finalizer the Kubernetes service controller adds; never written by kubelb. */
    public static final String CLEANUP_FINALIZER = "service.kubernetes.io/load-balancer-cleanup";

    /** Target name for {@code spec.loadBalancerIP}. */
    public static final String FIELD_LOAD_BALANCER_IP = "spec.loadBalancerIP";

    /** Target name for {@code spec.loadBalancerSourceRanges}. */
    public static final String FIELD_SOURCE_RANGES = "spec.loadBalancerSourceRanges";

    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern ANNOTATION_KEY =
            Pattern.compile("([a-z0-9]([-a-z0-9.]*[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.${}]*[A-Za-z0-9}])?");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");
    private static final Set<String> PLACEHOLDERS = Set.of("value", "value.lower", "port");
    private static final Set<String> TOP_KEYS = Set.of("name", "description", "loadBalancerClass", "ipFamilies",
            "fixed", "createOnly", "readOnly", "finalizers", "events.ready", "events.failed");

    private final String name;
    private final String description;
    private final String origin;
    private final Optional<String> loadBalancerClass;
    private final List<IpFamily> ipFamilies;
    private final Map<String, String> fixedAnnotations;
    private final Map<NeutralOption, OptionMapping> mappings;
    private final Map<NeutralOption, String> notes;
    private final Set<String> createOnly;
    private final List<String> readOnly;
    private final List<String> finalizers;
    private final Set<String> readyEvents;
    private final Set<String> failedEvents;

    private CloudProfile(String name, String description, String origin, Optional<String> loadBalancerClass,
            List<IpFamily> ipFamilies, Map<String, String> fixedAnnotations, Map<NeutralOption, OptionMapping> mappings,
            Map<NeutralOption, String> notes, Set<String> createOnly, List<String> readOnly, List<String> finalizers,
            Set<String> readyEvents, Set<String> failedEvents) {
        this.name = name;
        this.description = description;
        this.origin = origin;
        this.loadBalancerClass = loadBalancerClass;
        this.ipFamilies = List.copyOf(ipFamilies);
        this.fixedAnnotations = Collections.unmodifiableMap(new TreeMap<>(fixedAnnotations));
        this.mappings = Collections.unmodifiableMap(new EnumMap<>(mappings));
        this.notes = notes.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(notes));
        this.createOnly = Collections.unmodifiableSet(new TreeSet<>(createOnly));
        this.readOnly = List.copyOf(readOnly);
        this.finalizers = List.copyOf(finalizers);
        this.readyEvents = Collections.unmodifiableSet(new TreeSet<>(readyEvents));
        this.failedEvents = Collections.unmodifiableSet(new TreeSet<>(failedEvents));
    }

    /**
     * Reads a profile from {@code .properties} entries. Keys:
     * <ul>
     * <li>{@code name} (required): lowercase, the value of {@code ccm.cloud} that selects the profile;</li>
     * <li>{@code description}: one line for humans;</li>
     * <li>{@code loadBalancerClass}: the class the cloud's controller serves; empty = none (the default
     * service controller handles Services without a class);</li>
     * <li>{@code ipFamilies} (required): the families a single-stack load balancer may have, e.g.
     * {@code IPv4} or {@code IPv4,IPv6};</li>
     * <li>{@code fixed}: mappings written on every Service (e.g. the load balancer type);</li>
     * <li>{@code createOnly}: comma-separated annotation keys (or {@code spec.loadBalancerIP}) the cloud reads
     * only when it creates the load balancer;</li>
     * <li>{@code readOnly}: comma-separated annotation keys (with {@code *} wildcards) the cloud's controller
     * writes; never rendered;</li>
     * <li>{@code events.ready} / {@code events.failed}: comma-separated Event reasons, besides the
     * Kubernetes service controller's own, with which the cloud's controller reports success or failure;</li>
     * <li>{@code finalizers}: comma-separated finalizers the cloud's controller owns (with {@code *}
     * wildcards); never rendered;</li>
     * <li>one entry per supported {@link NeutralOption#key() option}, e.g. {@code healthCheck.path}: a
     * {@code ;}-separated list of mappings, each {@code annotation-key=value-template} or one of the fields
     * {@code spec.loadBalancerIP} / {@code spec.loadBalancerSourceRanges}; an empty value means
     * "supported, nothing to write"; an absent option is unsupported (a validation error). Templates may
     * use {@code ${value}}, {@code ${value.lower}} and, in keys or values, {@code ${port}} (one mapping per
     * Service port);</li>
     * <li>{@code <option>.when}: {@code internal} or {@code public} — the option is only valid for that
     * visibility;</li>
     * <li>{@code <option>.note}: an explanation appended to the error when the option is refused.</li>
     * </ul>
     *
     * @param origin where the entries come from (a URL or class name), for error messages
     * @param entries the entries
     * @return the profile
     * @throws ConfigurationException naming every malformed entry
     */
    public static CloudProfile fromProperties(String origin, Map<String, String> entries) {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(entries, "entries");
        List<Problem> problems = new ArrayList<>();
        String object = "CloudProfile/" + origin;
        String name = entries.getOrDefault("name", "").trim();
        if (!NAME.matcher(name).matches()) {
            problems.add(Problem.of(object, "name", "'" + name + "' is not a valid profile name (lowercase letters,"
                    + " digits and '-')"));
        }
        for (String k : new TreeSet<>(entries.keySet())) {
            if (TOP_KEYS.contains(k)) {
                continue;
            }
            String optionKey = k.endsWith(".when") ? k.substring(0, k.length() - 5)
                    : k.endsWith(".note") ? k.substring(0, k.length() - 5) : k;
            if (NeutralOption.fromKey(optionKey).isEmpty()) {
                problems.add(Problem.of(object, k, "unknown key (options: " + optionKeys() + ")"));
            }
        }
        Optional<String> lbClass = Optional.ofNullable(entries.get("loadBalancerClass")).map(String::trim)
                .filter(s -> !s.isEmpty());
        List<IpFamily> families = new ArrayList<>();
        for (String f : split(entries.getOrDefault("ipFamilies", ""), ",")) {
            try {
                families.add(IpFamily.fromKubernetesName(f));
            } catch (ConfigurationException e) {
                problems.add(Problem.of(object, "ipFamilies", "unknown family '" + f + "' (expected IPv4 or IPv6)"));
            }
        }
        if (families.isEmpty()) {
            problems.add(Problem.of(object, "ipFamilies", "at least one family (IPv4, IPv6) is required"));
        }
        List<String> readOnly = split(entries.getOrDefault("readOnly", ""), ",");
        List<String> finalizers = new ArrayList<>(split(entries.getOrDefault("finalizers", ""), ","));
        if (!finalizers.contains(CLEANUP_FINALIZER)) {
            finalizers.add(0, CLEANUP_FINALIZER);
        }
        Set<String> createOnly = new LinkedHashSet<>(split(entries.getOrDefault("createOnly", ""), ","));
        Map<String, String> fixed = new TreeMap<>();
        for (Target t : parseTargets(object, "fixed", entries.getOrDefault("fixed", ""), problems)) {
            if (t.isField() || t.key().contains("${") || t.template().contains("${")) {
                problems.add(Problem.of(object, "fixed", "fixed entries are plain annotation-key=value pairs, got '"
                        + t.key() + "=" + t.template() + "'"));
            } else {
                fixed.put(t.key(), t.template());
            }
        }
        Map<NeutralOption, OptionMapping> mappings = new EnumMap<>(NeutralOption.class);
        Map<NeutralOption, String> notes = new EnumMap<>(NeutralOption.class);
        for (NeutralOption o : NeutralOption.values()) {
            String note = entries.get(o.key() + ".note");
            if (note != null && !note.isBlank()) {
                notes.put(o, note.trim());
            }
            String when = entries.get(o.key() + ".when");
            String value = entries.get(o.key());
            if (value == null) {
                if (when != null) {
                    problems.add(Problem.of(object, o.key() + ".when", "given for an option the profile does not map"));
                }
                continue;
            }
            Optional<Visibility> onlyFor = Optional.empty();
            if (when != null && !when.isBlank()) {
                try {
                    onlyFor = Optional.of(Visibility.valueOf(when.trim().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    problems.add(Problem.of(object, o.key() + ".when", "'" + when + "' is not internal or public"));
                }
            }
            List<Target> targets = parseTargets(object, o.key(), value, problems);
            for (Target t : targets) {
                if (t.isField() && !(t.key().equals(FIELD_LOAD_BALANCER_IP) && isAddress(o))
                        && !(t.key().equals(FIELD_SOURCE_RANGES) && o == NeutralOption.SOURCE_RANGES)) {
                    problems.add(Problem.of(object, o.key(), "field " + t.key() + " cannot carry " + o.key()));
                }
                if (matchesAny(readOnly, t.key())) {
                    problems.add(Problem.of(object, o.key(), "maps to " + t.key() + ", which the profile declares"
                            + " read-only"));
                }
            }
            mappings.put(o, new OptionMapping(o, targets, onlyFor));
        }
        for (String k : fixed.keySet()) {
            if (matchesAny(readOnly, k)) {
                problems.add(Problem.of(object, "fixed", "writes " + k + ", which the profile declares read-only"));
            }
        }
        for (NeutralOption required : List.of(NeutralOption.VISIBILITY_PUBLIC)) {
            if (!mappings.containsKey(required)) {
                problems.add(Problem.of(object, required.key(), "is required (empty when nothing is written)"));
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
        return new CloudProfile(name, entries.getOrDefault("description", name).trim(), origin, lbClass, families,
                fixed, mappings, notes, createOnly, readOnly, finalizers,
                new TreeSet<>(split(entries.getOrDefault("events.ready", ""), ",")),
                new TreeSet<>(split(entries.getOrDefault("events.failed", ""), ",")));
    }

    /**
     * @param origin where the properties come from
     * @param properties the properties
     * @return the profile
     * @see #fromProperties(String, Map)
     */
    public static CloudProfile fromProperties(String origin, Properties properties) {
        Map<String, String> entries = new TreeMap<>();
        for (String k : properties.stringPropertyNames()) {
            entries.put(k, properties.getProperty(k));
        }
        return fromProperties(origin, entries);
    }

    private static boolean isAddress(NeutralOption o) {
        return o == NeutralOption.ADDRESS_IPV4 || o == NeutralOption.ADDRESS_IPV6;
    }

    private static String optionKeys() {
        StringBuilder sb = new StringBuilder();
        for (NeutralOption o : NeutralOption.values()) {
            sb.append(sb.length() == 0 ? "" : ", ").append(o.key());
        }
        return sb.toString();
    }

    private static List<String> split(String value, String separator) {
        List<String> out = new ArrayList<>();
        for (String s : value.split(Pattern.quote(separator))) {
            if (!s.isBlank()) {
                out.add(s.trim());
            }
        }
        return out;
    }

    private static List<Target> parseTargets(String object, String field, String value, List<Problem> problems) {
        List<Target> out = new ArrayList<>();
        for (String entry : split(value, ";")) {
            int eq = entry.indexOf('=');
            String key = (eq < 0 ? entry : entry.substring(0, eq)).trim();
            String template = eq < 0 ? "${value}" : entry.substring(eq + 1).trim();
            if (key.startsWith("spec.")) {
                if (!key.equals(FIELD_LOAD_BALANCER_IP) && !key.equals(FIELD_SOURCE_RANGES)) {
                    problems.add(Problem.of(object, field, "unknown field '" + key + "' (supported: "
                            + FIELD_LOAD_BALANCER_IP + ", " + FIELD_SOURCE_RANGES + ")"));
                    continue;
                }
                if (eq >= 0) {
                    problems.add(Problem.of(object, field, "field " + key + " takes no template"));
                    continue;
                }
            } else {
                if (eq < 0) {
                    problems.add(Problem.of(object, field, "'" + entry + "' is not annotation-key=value"));
                    continue;
                }
                if (!ANNOTATION_KEY.matcher(key).matches()) {
                    problems.add(Problem.of(object, field, "'" + key + "' is not a valid annotation key"));
                    continue;
                }
            }
            boolean ok = true;
            for (String part : List.of(key, template)) {
                Matcher m = PLACEHOLDER.matcher(part);
                while (m.find()) {
                    if (!PLACEHOLDERS.contains(m.group(1))) {
                        problems.add(Problem.of(object, field, "unknown placeholder ${" + m.group(1)
                                + "} (known: ${value}, ${value.lower}, ${port})"));
                        ok = false;
                    }
                }
            }
            if (ok) {
                out.add(new Target(key, template));
            }
        }
        return out;
    }

    /**
     * @param patterns glob patterns ({@code *} matches any text)
     * @param key a key
     * @return whether a pattern matches the key
     */
    static boolean matchesAny(List<String> patterns, String key) {
        for (String p : patterns) {
            if (glob(p).matcher(key).matches()) {
                return true;
            }
        }
        return false;
    }

    private static Pattern glob(String p) {
        String[] parts = p.split("\\*", -1);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                sb.append(".*");
            }
            if (!parts[i].isEmpty()) {
                sb.append(Pattern.quote(parts[i]));
            }
        }
        return Pattern.compile(sb.toString());
    }

    /** @return the profile's name, the value of {@code ccm.cloud} that selects it */
    public String name() {
        return name;
    }

    /** @return a one-line description */
    public String description() {
        return description;
    }

    /** @return where the profile was read from */
    public String origin() {
        return origin;
    }

    /** @return the load balancer class the cloud's controller serves; empty for the default service controller */
    public Optional<String> loadBalancerClass() {
        return loadBalancerClass;
    }

    /** @return the families a single-stack load balancer may have */
    public List<IpFamily> ipFamilies() {
        return ipFamilies;
    }

    /** @return annotations written on every Service, sorted by key */
    public Map<String, String> fixedAnnotations() {
        return fixedAnnotations;
    }

    /**
     * @param option an option
     * @return how the cloud spells it; empty when the cloud does not support it
     */
    public Optional<OptionMapping> mapping(NeutralOption option) {
        return Optional.ofNullable(mappings.get(option));
    }

    /**
     * @param option an option
     * @return whether the cloud supports it (for some visibility)
     */
    public boolean supports(NeutralOption option) {
        return mappings.containsKey(option);
    }

    /**
     * @param option an option
     * @return the profile's explanation about the option (why it is refused, what to use instead)
     */
    public Optional<String> note(NeutralOption option) {
        return Optional.ofNullable(notes.get(option));
    }

    /** @return annotation keys (or {@code spec.loadBalancerIP}) the cloud reads only when it creates the load balancer */
    public Set<String> createOnlyKeys() {
        return createOnly;
    }

    /** @return glob patterns of annotations the cloud's controller writes */
    public List<String> readOnlyPatterns() {
        return readOnly;
    }

    /** @return glob patterns of finalizers the cloud's controller owns (always includes the cleanup finalizer) */
    public List<String> finalizers() {
        return finalizers;
    }

    /**
     * @param annotationKey an annotation key
     * @return whether the cloud's controller owns it (kubelb never writes it)
     */
    public boolean isReadOnly(String annotationKey) {
        return matchesAny(readOnly, annotationKey);
    }

    /**
     * @param finalizer a finalizer
     * @return whether the cloud's controller owns it (kubelb never writes it)
     */
    public boolean isControllerFinalizer(String finalizer) {
        return matchesAny(finalizers, finalizer);
    }

    /** @return Event reasons, besides the service controller's, that report success */
    public Set<String> readyEventReasons() {
        return readyEvents;
    }

    /** @return Event reasons, besides the service controller's, that report a failure */
    public Set<String> failedEventReasons() {
        return failedEvents;
    }

    /** @return whether a static address of any family can be requested (for some visibility) */
    public boolean supportsStaticAddresses() {
        return supports(NeutralOption.ADDRESS_IPV4) || supports(NeutralOption.ADDRESS_IPV6);
    }

    /** @return whether one load balancer can serve both families */
    public boolean supportsDualStack() {
        return supports(NeutralOption.DUAL_STACK);
    }

    @Override
    public String toString() {
        return "CloudProfile[" + name + " from " + origin + "]";
    }

    /**
     * How one option is spelled.
     *
     * @param option the option
     * @param targets where it is written, in order
     * @param onlyFor the only visibility the cloud accepts the option for, if restricted
     */
    public record OptionMapping(NeutralOption option, List<Target> targets, Optional<Visibility> onlyFor) {
        /** Copies the list. */
        public OptionMapping {
            Objects.requireNonNull(option, "option");
            targets = List.copyOf(targets);
            Objects.requireNonNull(onlyFor, "onlyFor");
        }
    }

    /**
     * One place an option is written: an annotation with a value template, or a Service field.
     *
     * @param key the annotation key, or {@code spec.loadBalancerIP} / {@code spec.loadBalancerSourceRanges}
     * @param template the value template ({@code ${value}}, {@code ${value.lower}}, {@code ${port}})
     */
    public record Target(String key, String template) {
        /** Validates non-null. */
        public Target {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(template, "template");
        }

        /** @return whether the target is a Service field rather than an annotation */
        public boolean isField() {
            return key.startsWith("spec.");
        }

        /** @return whether the key or the template expands once per Service port */
        public boolean perPort() {
            return key.contains("${port}") || template.contains("${port}");
        }

        /**
         * @param value the option's value
         * @param port the Service port, for per-port targets
         * @return the key and value with placeholders replaced
         */
        public Map.Entry<String, String> expand(String value, int port) {
            return Map.entry(fill(key, value, port), fill(template, value, port));
        }

        private static String fill(String s, String value, int port) {
            return s.replace("${value.lower}", value.toLowerCase(Locale.ROOT))
                    .replace("${value}", value)
                    .replace("${port}", Integer.toString(port));
        }
    }
}
