package dev.kubelb.examples.cli;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads multi-document YAML files into Kubernetes objects, each remembered with its file and document
 * index (1-based) so that every error can name where it comes from.
 */
final class Documents {
    /** The serialization every command shares. */
    static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    /**
     * One parsed document.
     *
     * @param file the file name as given ({@code -} for stdin)
     * @param index the document's 1-based index in the file
     * @param object the object (typed when fabric8 knows the kind, else generic)
     */
    record Doc(String file, int index, HasMetadata object) {
        Doc {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(object, "object");
        }

        /** @return {@code apiVersion/Kind} */
        String type() {
            return object.getApiVersion() + "/" + object.getKind();
        }

        /** @return {@code file: document N (apiVersion/Kind name)}, for messages */
        String where() {
            return file + ": document " + index + " (" + type() + " " + Scenario.objectName(object) + ")";
        }
    }

    private Documents() {
    }

    /**
     * @param files the files ({@code -} = stdin)
     * @param stdin standard input
     * @return every document of every file, in order
     * @throws CliException (exit 2) listing every problem of every file
     */
    static List<Doc> read(List<String> files, InputStream stdin) {
        List<Doc> docs = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (String f : files) {
            String text;
            try {
                text = "-".equals(f) ? new String(stdin.readAllBytes(), StandardCharsets.UTF_8)
                        : Files.readString(Path.of(f));
            } catch (NoSuchFileException e) {
                problems.add(f + ": no such file");
                continue;
            } catch (IOException | UncheckedIOException e) {
                problems.add(f + ": cannot read: " + e.getMessage());
                continue;
            }
            parse(f, text, docs, problems);
        }
        if (!problems.isEmpty()) {
            throw CliException.invalid(problems);
        }
        return docs;
    }

    /**
     * @param file the file name, for messages
     * @param text the YAML text
     * @param docs where documents go
     * @param problems where problems go
     */
    static void parse(String file, String text, List<Doc> docs, List<String> problems) {
        int index = 0;
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(text)) {
            while (true) {
                index++;
                JsonNode node;
                try {
                    if (!it.hasNextValue()) {
                        break;
                    }
                    node = it.nextValue();
                } catch (JacksonException e) {
                    problems.add(file + ": document " + index + ": malformed YAML" + location(e) + ": "
                            + firstLine(e.getOriginalMessage()));
                    return;
                }
                if (node == null || node.isNull() || node.isMissingNode()) {
                    index--; // an empty document ("---" alone) is not counted
                    continue;
                }
                toObject(file, index, node, docs, problems);
            }
        } catch (JacksonException e) {
            problems.add(file + ": document " + index + ": malformed YAML" + location(e) + ": "
                    + firstLine(e.getOriginalMessage()));
        }
    }

    private static void toObject(String file, int index, JsonNode node, List<Doc> docs, List<String> problems) {
        String where = file + ": document " + index;
        if (!node.isObject()) {
            problems.add(where + ": not a Kubernetes object (expected a mapping with apiVersion and kind)");
            return;
        }
        JsonNode apiVersion = node.get("apiVersion");
        JsonNode kind = node.get("kind");
        if (apiVersion == null || !apiVersion.isString() || apiVersion.asString().isBlank()
                || kind == null || !kind.isString() || kind.asString().isBlank()) {
            problems.add(where + ": not a Kubernetes object (apiVersion and kind are required)");
            return;
        }
        String type = apiVersion.asString() + "/" + kind.asString();
        if ("v1/List".equals(type) || kind.asString().endsWith("List")) {
            JsonNode items = node.get("items");
            if (items != null && items.isArray()) {
                for (JsonNode item : items) {
                    toObject(file, index, item, docs, problems);
                }
                return;
            }
        }
        Object parsed;
        try {
            parsed = SERIALIZATION.convertValue(node, KubernetesResource.class);
        } catch (RuntimeException e) {
            String name = node.path("metadata").path("name").asString("");
            String ns = node.path("metadata").path("namespace").asString("");
            String field = fieldPath(e);
            problems.add(where + ": " + kind.asString() + "/" + (ns.isEmpty() ? "" : ns + "/") + name + ": "
                    + (field.isEmpty() ? "" : field + ": ") + firstLine(rootMessage(e)));
            return;
        }
        if (!(parsed instanceof HasMetadata h) || h.getMetadata() == null || h.getMetadata().getName() == null
                || h.getMetadata().getName().isBlank()) {
            problems.add(where + " (" + type + "): metadata.name: required");
            return;
        }
        docs.add(new Doc(file, index, h));
    }

    /** @return the JSON path of a binding failure, e.g. {@code spec.ports[0].port}, or empty */
    static String fieldPath(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof JacksonException je && !je.getPath().isEmpty()) {
                StringBuilder sb = new StringBuilder();
                for (JacksonException.Reference r : je.getPath()) {
                    if (r.getPropertyName() != null) {
                        sb.append(sb.length() == 0 ? "" : ".").append(r.getPropertyName());
                    } else if (r.getIndex() >= 0) {
                        sb.append('[').append(r.getIndex()).append(']');
                    }
                }
                return sb.toString();
            }
        }
        return "";
    }

    private static String location(JacksonException e) {
        return e.getLocation() == null || e.getLocation().getLineNr() < 0 ? ""
                : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t instanceof JacksonException je ? je.getOriginalMessage() : t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m;
    }

    static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).trim();
    }
}
