package dev.kubelb.core.input;

import dev.kubelb.core.crd.KubeLbAddresses;
import dev.kubelb.core.crd.KubeLbLoadBalancer;
import dev.kubelb.core.input.ObjectRules.Issue;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The one reader of Kubernetes YAML input (the CLI's files and standard input, configuration read from files,
 * tests): multi-document YAML read the way the API server reads it, every field strictly typed, and Kubernetes' own
 * object rules checked (names, namespaces, label and annotation syntax and size, ports, protocols, the NodePort
 * range, enum casing) — all before anything is planned. Every problem of every document is collected and thrown
 * together as an {@link InputException}, each naming file, document, object and field.
 *
 * <p>Bounds (a hostile file costs little): a document is at most {@link Builder#maxDocumentCodePoints} code points
 * (default 3 MiB, the API server's request body limit, {@code MaxRequestBodyBytes} in
 * {@code k8s.io/apiserver/pkg/server/config.go}), refused while streaming; nesting at most
 * {@link Builder#maxDepth} levels (default 100); alias expansion as yaml.v2 bounds it; duplicate keys refused;
 * input must be UTF-8.
 *
 * <p>Typing: a core/v1 {@code Service} and {@code Namespace} and KubeLB's {@code LoadBalancer} and
 * {@code Addresses} are typed completely, unknown fields refused; every object's {@code metadata} likewise; kinds
 * registered with {@link Builder#typed} (an appliance's resources) are typed field by field against their model
 * class, their unknown fields left to the provider (which validates them against the appliance's CRD schemas).
 * Instances are immutable and thread-safe.
 */
public final class InputReader {
    /**
     * One object read.
     *
     * @param file the file as named by the caller
     * @param index the 1-based index of its document among the file's non-empty ones (items of a {@code List}
     *        share their document's index)
     * @param line the document's first line
     * @param object the object: fabric8's typed class where fabric8 knows the kind, else a generic resource
     */
    public record Document(String file, int index, int line, HasMetadata object) {
        /** Validates non-null. */
        public Document {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(object, "object");
        }
    }

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final String KUBELB = "kubelb.k8c.io/v1alpha1";
    private static final Map<String, Map<String, java.util.Set<String>>> SHAPES = Map.of(
            KUBELB + "/LoadBalancer", Map.of(
                    "", java.util.Set.of("apiVersion", "kind", "metadata", "spec", "status"),
                    "spec", java.util.Set.of("endpoints", "ports", "hostname", "type", "externalTrafficPolicy",
                            "persistence"),
                    "spec.endpoints[]", java.util.Set.of("name", "addresses", "addressesReference", "ports"),
                    "spec.endpoints[].addresses[]", java.util.Set.of("ip", "hostname"),
                    "spec.endpoints[].addressesReference", java.util.Set.of("apiVersion", "fieldPath", "kind", "name",
                            "namespace", "resourceVersion", "uid"),
                    "spec.endpoints[].ports[]", java.util.Set.of("name", "port", "protocol"),
                    "spec.ports[]", java.util.Set.of("name", "port", "protocol"),
                    "spec.persistence", java.util.Set.of("type")),
            KUBELB + "/Addresses", Map.of(
                    "", java.util.Set.of("apiVersion", "kind", "metadata", "spec", "status"),
                    "spec", java.util.Set.of("addresses"),
                    "spec.addresses[]", java.util.Set.of("ip", "hostname")));

    private final int maxCodePoints;
    private final int maxDepth;
    private final int nodePortMin;
    private final int nodePortMax;
    private final Map<String, Class<?>> typed;

    private InputReader(Builder b) {
        this.maxCodePoints = b.maxCodePoints;
        this.maxDepth = b.maxDepth;
        this.nodePortMin = b.nodePortMin;
        this.nodePortMax = b.nodePortMax;
        this.typed = Map.copyOf(b.typed);
    }

    /** @return a reader with the defaults */
    public static InputReader standard() {
        return builder().build();
    }

    /** @return a builder with the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @param path a file
     * @return its objects, in order
     * @throws InputException naming every problem (a missing or unreadable file included)
     */
    public List<Document> read(Path path) {
        String file = path.toString();
        try (InputStream in = Files.newInputStream(path)) {
            return read(file, in);
        } catch (NoSuchFileException e) {
            throw new InputException(List.of(new InputException.Problem(file, 0, 0, "", "", "no such file")));
        } catch (IOException e) {
            throw new InputException(List.of(new InputException.Problem(file, 0, 0, "", "",
                    "cannot read: " + e.getMessage())));
        }
    }

    /**
     * @param file the name to give in problems
     * @param text YAML text
     * @return its objects, in order
     * @throws InputException naming every problem
     */
    public List<Document> read(String file, String text) {
        return read(file, new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Reads a stream (not closed) as it arrives: memory stays bounded by the longest document allowed.
     *
     * @param file the name to give in problems ({@code -} for standard input)
     * @param in UTF-8 YAML
     * @return its objects, in order
     * @throws InputException naming every problem
     */
    public List<Document> read(String file, InputStream in) {
        // every refill of snakeyaml's window must bring a whole buffer, not the decoder's 8 KiB (see YamlComposer)
        Reader reader = (new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)));
        List<Document> docs = new ArrayList<>();
        List<InputException.Problem> problems = new ArrayList<>();
        int[] last = {0};
        try {
            new YamlComposer(file, maxCodePoints, maxDepth).read(reader, tree -> {
                last[0] = tree.index();
                object(file, tree.index(), tree.line(), tree.value(), docs, problems);
            });
        } catch (YamlComposer.Failure f) {
            problems.add(new InputException.Problem(file, f.wholeFile ? 0 : last[0] + 1, f.line, "", f.field,
                    f.getMessage()));
        }
        if (!problems.isEmpty()) {
            throw new InputException(problems);
        }
        return docs;
    }

    private void object(String file, int index, int line, Object tree, List<Document> docs,
            List<InputException.Problem> problems) {
        if (!(tree instanceof Map<?, ?> map)) {
            problems.add(new InputException.Problem(file, index, line, "", "",
                    "not a Kubernetes object (expected a mapping with apiVersion and kind)"));
            return;
        }
        if (!(map.get("apiVersion") instanceof String apiVersion) || apiVersion.isBlank()
                || !(map.get("kind") instanceof String kind) || kind.isBlank()) {
            problems.add(new InputException.Problem(file, index, line, "", "",
                    "not a Kubernetes object (apiVersion and kind are required)"));
            return;
        }
        if (kind.endsWith("List") && map.get("items") instanceof List<?> items) {
            for (Object item : items) {
                object(file, index, line, item, docs, problems);
            }
            return;
        }
        Map<?, ?> metadata = map.get("metadata") instanceof Map<?, ?> m ? m : Map.of();
        String name = metadata.get("name") instanceof String n ? n : "";
        String ns = metadata.get("namespace") instanceof String n ? n : "";
        String object = kind + "/" + (ns.isEmpty() ? "" : ns + "/") + name;
        List<Issue> issues = new ArrayList<>();
        check(apiVersion + "/" + kind, kind, map, issues);
        for (Issue i : issues) {
            problems.add(new InputException.Problem(file, index, line, object, i.field(), i.message()));
        }
        if (!issues.isEmpty()) {
            return;
        }
        Object parsed = SERIALIZATION.convertValue(map, KubernetesResource.class);
        if (parsed instanceof HasMetadata h) {
            docs.add(new Document(file, index, line, h));
        } else {
            problems.add(new InputException.Problem(file, index, line, object, "", "not a Kubernetes object"));
        }
    }

    private void check(String type, String kind, Map<?, ?> map, List<Issue> issues) {
        Object metadata = map.get("metadata");
        if (metadata == null) {
            issues.add(new Issue("metadata.name", "required"));
            return;
        }
        StrictBinding.check(metadata, ObjectMeta.class, true)
                .ifPresent(m -> issues.add(new Issue(join("metadata", m.field()), m.message())));
        if (!issues.isEmpty()) {
            return;
        }
        ObjectRules.metadata(kind, (Map<?, ?>) metadata, issues);
        Map<?, ?> spec = map.get("spec") instanceof Map<?, ?> s ? s : Map.of();
        switch (type) {
            case "v1/Service" -> {
                bind(map, Service.class, true, issues);
                if (issues.isEmpty()) {
                    ServiceRules.service(spec, map.get("status") instanceof Map<?, ?> s ? s : Map.of(), nodePortMin,
                            nodePortMax, issues);
                }
            }
            case "v1/Namespace" -> bind(map, Namespace.class, true, issues);
            case KUBELB + "/LoadBalancer", KUBELB + "/Addresses" -> {
                unknownFields(map, "", SHAPES.get(type), issues);
                bind(map, type.endsWith("/LoadBalancer") ? KubeLbLoadBalancer.class : KubeLbAddresses.class, false,
                        issues);
                if (issues.isEmpty()) {
                    if (type.endsWith("/LoadBalancer")) {
                        ServiceRules.kubeLbLoadBalancer(spec, issues);
                    } else {
                        ServiceRules.kubeLbAddresses(spec, issues);
                    }
                }
            }
            default -> {
                Class<?> c = typed.get(type);
                if (c != null) {
                    bind(map, c, false, issues);
                }
            }
        }
    }

    private static void bind(Map<?, ?> map, Class<?> type, boolean unknownFields, List<Issue> issues) {
        if (issues.isEmpty()) {
            StrictBinding.check(map, type, unknownFields).ifPresent(m -> issues.add(new Issue(m.field(), m.message())));
        }
    }

    /** Refuses a key the shape does not list, for kinds whose model keeps unknown fields (KubeLB's, by its CRD). */
    private static void unknownFields(Object tree, String path, Map<String, java.util.Set<String>> shape,
            List<Issue> issues) {
        String pattern = path.replaceAll("\\[\\d+]", "[]");
        if (tree instanceof Map<?, ?> m) {
            java.util.Set<String> allowed = shape.get(pattern);
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String key = String.valueOf(e.getKey());
                String child = join(path, key);
                if (allowed != null && !allowed.contains(key)) {
                    issues.add(new Issue(child, "unknown field \"" + key + "\""));
                } else if (allowed != null && !"metadata".equals(child) && !child.startsWith("status")) {
                    unknownFields(e.getValue(), child, shape, issues);
                }
            }
        } else if (tree instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                unknownFields(l.get(i), path + "[" + i + "]", shape, issues);
            }
        }
    }

    private static String join(String prefix, String field) {
        return prefix.isEmpty() ? field : field.isEmpty() ? prefix : field.startsWith("[") ? prefix + field
                : prefix + "." + field;
    }

    /** Configures an {@link InputReader}. */
    public static final class Builder {
        private int maxCodePoints = 3 * 1024 * 1024;
        private int maxDepth = 100;
        private int nodePortMin = 30_000;
        private int nodePortMax = 32_767;
        private final Map<String, Class<?>> typed = new HashMap<>();

        private Builder() {
        }

        /**
         * @param codePoints the longest document accepted (default 3 MiB)
         * @return this
         */
        public Builder maxDocumentCodePoints(int codePoints) {
            if (codePoints < 1) {
                throw new IllegalArgumentException("maxDocumentCodePoints must be positive: " + codePoints);
            }
            this.maxCodePoints = codePoints;
            return this;
        }

        /**
         * @param depth the deepest nesting of mappings and sequences accepted (default 100)
         * @return this
         */
        public Builder maxDepth(int depth) {
            if (depth < 1) {
                throw new IllegalArgumentException("maxDepth must be positive: " + depth);
            }
            this.maxDepth = depth;
            return this;
        }

        /**
         * @param min the lowest NodePort accepted (the API server's {@code --service-node-port-range})
         * @param max the highest
         * @return this
         */
        public Builder nodePortRange(int min, int max) {
            if (min < 1 || max > 65_535 || min > max) {
                throw new IllegalArgumentException("invalid NodePort range " + min + "-" + max);
            }
            this.nodePortMin = min;
            this.nodePortMax = max;
            return this;
        }

        /**
         * Types a kind field by field against its model class (scalars exactly; unknown fields not refused here).
         *
         * @param apiVersion e.g. {@code metallb.io/v1beta2}
         * @param kind e.g. {@code BGPPeer}
         * @param type its model class
         * @return this
         */
        public Builder typed(String apiVersion, String kind, Class<?> type) {
            typed.put(Objects.requireNonNull(apiVersion, "apiVersion") + "/" + Objects.requireNonNull(kind, "kind"),
                    Objects.requireNonNull(type, "type"));
            return this;
        }

        /** @return the reader */
        public InputReader build() {
            return new InputReader(this);
        }
    }
}
