package dev.kubelb.core.input;

import java.io.Reader;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.ReaderException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.parser.Parser;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.resolver.ScalarResolver;
import org.snakeyaml.engine.v2.scanner.StreamReader;
import org.snakeyaml.engine.v2.schema.Schema;

/**
 * YAML text to plain trees ({@code Map<String, Object>}, {@code List<Object>}, {@code String}, {@code Long},
 * {@code BigInteger}, {@code Double}, {@code Boolean}, {@code null}), as the Kubernetes API server and kubectl read
 * it: through {@code sigs.k8s.io/yaml}, i.e. {@code gopkg.in/yaml.v2} (YAML 1.1 scalars: {@code yes}/{@code on} are
 * booleans, {@code 0x1F} and {@code 0755} integers, timestamps stay strings; merge keys {@code <<}) and then JSON
 * (keys are strings, duplicate keys refused as in {@code yaml.UnmarshalStrict}).
 *
 * <p>snakeyaml-engine scans, parses and composes (anchors and aliases become shared nodes, never copies); this class
 * only turns nodes into values. The bounds: a document longer than {@code maxCodePoints} is refused while it is being
 * read (snakeyaml-engine's code point limit, reset per document: memory stays bounded whatever the file's size); a
 * nesting deeper than {@code maxDepth} is refused by the parser, before the composer recurses; alias expansion is
 * bounded by yaml.v2's own rule (decode.go {@code allowedAliasRatio}, v2.4.0: at most 99 % of the decoded nodes may
 * come from aliases in a small document, falling to 10 % above four million nodes) and a node expanded inside itself
 * is refused.
 */
final class YamlComposer {
    /** One document: its 1-based index among the non-empty documents, its first line, its tree. */
    record Tree(int index, int line, Object value) {
    }

    /** A problem that ends the stream (YAML cannot be resynchronised after one). */
    static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int line;
        final String field;
        final boolean wholeFile;

        Failure(String message, int line, String field) {
            this(message, line, field, false);
        }

        Failure(String message, int line, String field, boolean wholeFile) {
            super(message, null, false, false);
            this.line = line;
            this.field = field;
            this.wholeFile = wholeFile;
        }
    }

    /**
     * Parser events (about two per node) in one document: 3 MiB of {@code [,,,…]} would otherwise compose millions of
     * nodes (hundreds of MB); a real object has a few thousand.
     */
    static final int MAX_EVENTS = 1_000_000;

    private static final int BUFFER = 256 * 1024;

    private static final Tag PLAIN = new Tag("tag:kubelb.dev,2026:plain");

    /** Every implicit plain scalar is tagged {@link #PLAIN} and resolved here, the way yaml.v2 does. */
    private static final Schema SCHEMA = new Schema() {
        @Override
        public ScalarResolver getScalarResolver() {
            return (value, implicit) -> Boolean.TRUE.equals(implicit) ? PLAIN : Tag.STR;
        }

        @Override
        public Map<Tag, org.snakeyaml.engine.v2.api.ConstructNode> getSchemaTagConstructors() {
            return Map.of();
        }
    };

    private static final Pattern DECIMAL = Pattern.compile("[-+]?[0-9]+");
    private static final Pattern HEX = Pattern.compile("[-+]?0x[0-9a-fA-F]+");
    private static final Pattern OCTAL = Pattern.compile("[-+]?0o?[0-7]+");
    private static final Pattern BINARY = Pattern.compile("[-+]?0b[01]+");
    private static final Pattern FLOAT = Pattern.compile("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");
    private static final Set<String> NULLS = Set.of("", "~", "null", "Null", "NULL");
    private static final Set<String> TRUES = Set.of("y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On",
            "ON");
    private static final Set<String> FALSES = Set.of("n", "N", "no", "No", "NO", "false", "False", "FALSE", "off",
            "Off", "OFF");

    private final int maxDepth;
    private final int maxCodePoints;
    private final LoadSettings settings;

    /**
     * @param label the file name, for snakeyaml's marks
     * @param maxCodePoints the longest document, in code points
     * @param maxDepth the deepest nesting of mappings and sequences
     */
    YamlComposer(String label, int maxCodePoints, int maxDepth) {
        this.maxDepth = maxDepth;
        this.maxCodePoints = maxCodePoints;
        this.settings = LoadSettings.builder().setLabel(label).setCodePointLimit(maxCodePoints)
                .setAllowRecursiveKeys(false).setAllowNonScalarKeys(false)
                // the alias ratio below is the real bound; this only stops absurd anchor tables early
                .setMaxAliasesForCollections(100_000).setParseComments(false).setUseMarks(true).setSchema(SCHEMA)
                // snakeyaml-engine copies its unconsumed window on every refill: with its 1 KiB default a scalar
                // of n characters costs n^2/1024 copies (minutes for 3 MiB); 256 KiB (and a reader that fills it) makes it a dozen copies
                .setBufferSize(BUFFER)
                .build();
    }

    /**
     * Reads every document; stops at the first problem.
     *
     * @param reader the text
     * @param sink receives each non-empty document
     * @throws Failure naming the line of the problem
     */
    void read(Reader text, Consumer<Tree> sink) {
        Filling reader = new Filling(text, maxCodePoints + 2L * BUFFER);
        Parser parser = new DepthLimited(new ParserImpl(settings, new StreamReader(settings, reader)), maxDepth,
                reader);
        Composer composer = new Composer(settings, parser);
        int index = 0;
        while (true) {
            Node node;
            try {
                if (!composer.hasNext()) {
                    return;
                }
                node = composer.next();
            } catch (MarkedYamlEngineException e) {
                Optional<Mark> m = e.getProblemMark().or(e::getContextMark);
                throw new Failure("malformed YAML" + m.map(YamlComposer::at).orElse("") + ": " + problem(e),
                        m.map(x -> x.getLine() + 1).orElse(0), "");
            } catch (TooDeep e) {
                throw new Failure((e.what == null ? "nesting deeper than " + maxDepth + " levels" : e.what) + e.at,
                        e.line, "");
            } catch (ReaderException e) {
                // found while reading ahead, before the parser reaches it: the whole file is refused
                throw new Failure("at character " + e.getPosition() + ": special characters are not allowed (U+"
                        + String.format("%04X", e.getCodePoint()) + ")", 0, "", true);
            } catch (YamlEngineException e) {
                if (e.getCause() instanceof Filling.TooLong) {
                    throw new Failure("document too large: longer than " + maxCodePoints + " code points", 0, "");
                }
                if (e.getCause() instanceof java.nio.charset.CharacterCodingException) {
                    throw new Failure("not valid UTF-8", 0, "", true);
                }
                throw new Failure(limitMessage(e), 0, "");
            }
            Object value = new Expansion(maxDepth).value(node, "", 0);
            if (value == null) {
                continue; // an empty document ("---" alone) is not counted
            }
            index++;
            sink.accept(new Tree(index, node.getStartMark().map(m -> m.getLine() + 1).orElse(0), value));
        }
    }

    private static String limitMessage(YamlEngineException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (m.contains("exceeds the limit")) {
            return "document too large: " + m.replace("The incoming YAML document exceeds the limit: ", "longer than ");
        }
        return "malformed YAML: " + m;
    }

    private static String problem(MarkedYamlEngineException e) {
        String p = e.getProblem() == null ? "" : e.getProblem();
        String c = e.getContext() == null ? "" : e.getContext();
        String ctx = c + e.getContextMark().filter(m -> !e.getProblemMark().equals(Optional.of(m)))
                .map(m -> " (line " + (m.getLine() + 1) + ", column " + (m.getColumn() + 1) + ")").orElse("");
        String text = c.isEmpty() ? p : p.isEmpty() ? ctx : ctx + ": " + p;
        int nl = text.indexOf('\n');
        return (nl < 0 ? text : text.substring(0, nl)).trim();
    }

    private static String at(Mark m) {
        return " at line " + (m.getLine() + 1) + ", column " + (m.getColumn() + 1);
    }

    private static int line(Node n) {
        return n.getStartMark().map(m -> m.getLine() + 1).orElse(0);
    }

    /** Turns one document's nodes into values, counting as yaml.v2 does. */
    private static final class Expansion {
        private final int maxDepth;
        private final IdentityHashMap<Node, Boolean> expanding = new IdentityHashMap<>();
        private final IdentityHashMap<Node, Boolean> seen = new IdentityHashMap<>();
        private long decoded;
        private long fromAliases;
        private int aliasDepth;

        Expansion(int maxDepth) {
            this.maxDepth = maxDepth;
        }

        Object value(Node n, String path, int depth) {
            boolean alias = seen.put(n, Boolean.TRUE) != null;
            if (alias) {
                if (expanding.containsKey(n)) {
                    throw new Failure("an alias refers to a node that contains it" + " (line " + line(n) + ")",
                            line(n), path);
                }
                aliasDepth++;
            }
            try {
                return expand(n, path, depth);
            } finally {
                if (alias) {
                    aliasDepth--;
                }
            }
        }

        private Object expand(Node n, String path, int depth) {
            decoded++;
            if (aliasDepth > 0) {
                fromAliases++;
            }
            // gopkg.in/yaml.v2 decode.go (v2.4.0), decoder.unmarshal: the same bound, the same figures
            if (fromAliases > 100 && decoded > 1000 && (double) fromAliases / decoded > allowedAliasRatio(decoded)) {
                throw new Failure("document contains excessive aliasing (" + fromAliases + " of " + decoded
                        + " nodes expanded from aliases)", line(n), path);
            }
            if (depth > maxDepth) {
                throw new Failure("nesting deeper than " + maxDepth + " levels", line(n), path);
            }
            if (n instanceof ScalarNode s) {
                return scalar(s, path);
            }
            expanding.put(n, Boolean.TRUE);
            try {
                if (n instanceof SequenceNode s) {
                    checkTag(n, Tag.SEQ, path);
                    List<Object> out = new ArrayList<>(s.getValue().size());
                    int i = 0;
                    for (Node item : s.getValue()) {
                        out.add(value(item, path + "[" + i++ + "]", depth + 1));
                    }
                    return out;
                }
                MappingNode m = (MappingNode) n;
                checkTag(n, Tag.MAP, path);
                return mapping(m, path, depth);
            } finally {
                expanding.remove(n);
            }
        }

        private Map<String, Object> mapping(MappingNode m, String path, int depth) {
            Map<String, Object> out = new LinkedHashMap<>();
            List<Node> merges = new ArrayList<>();
            for (NodeTuple t : m.getValue()) {
                Node k = t.getKeyNode();
                if (k instanceof ScalarNode ks && ks.getTag().equals(PLAIN) && "<<".equals(ks.getValue())
                        || k.getTag().equals(Tag.MERGE)) {
                    merges.add(t.getValueNode());
                    continue;
                }
                String key = key(k, path);
                String child = path.isEmpty() ? key : path + "." + key;
                if (out.containsKey(key)) {
                    throw new Failure("duplicate key \"" + key + "\" (line " + line(k) + ")", line(k), child);
                }
                out.put(key, value(t.getValueNode(), child, depth + 1));
            }
            // YAML 1.1 merge keys (yaml.org/type/merge.html; yaml.v2 decoder.merge): explicit keys win, and among
            // several merged mappings the first one that has a key wins
            for (Node merge : merges) {
                Object v = value(merge, path, depth);
                List<Object> sources = v instanceof List<?> l ? new ArrayList<>(l) : new ArrayList<>(List.of(
                        v == null ? "" : v));
                for (Object source : sources) {
                    if (!(source instanceof Map<?, ?> sm)) {
                        throw new Failure("a merge key (<<) needs a mapping or a sequence of mappings (line "
                                + line(merge) + ")", line(merge), path);
                    }
                    sm.forEach((key, value) -> out.putIfAbsent((String) key, value));
                }
            }
            return out;
        }

        private String key(Node k, String path) {
            if (!(k instanceof ScalarNode s)) {
                throw new Failure("a mapping key must be a scalar (line " + line(k) + ")", line(k), path);
            }
            Object v = scalar(s, path);
            // sigs.k8s.io/yaml turns non-string keys into their JSON text
            if (v == null) {
                return "null";
            }
            return v instanceof String str ? str : v.toString();
        }

        private void checkTag(Node n, Tag expected, String path) {
            if (!n.getTag().equals(expected)) {
                throw new Failure("tag " + n.getTag() + " is not supported (line " + line(n) + ")", line(n), path);
            }
        }

        private Object scalar(ScalarNode s, String path) {
            String v = s.getValue();
            Tag tag = s.getTag();
            if (tag.equals(PLAIN)) {
                return plain(v);
            }
            if (tag.equals(Tag.STR)) {
                return v;
            }
            Object resolved = plain(v);
            boolean ok = tag.equals(Tag.NULL) ? resolved == null
                    : tag.equals(Tag.BOOL) ? resolved instanceof Boolean
                    : tag.equals(Tag.INT) ? resolved instanceof Long || resolved instanceof BigInteger
                    : tag.equals(Tag.FLOAT) && (resolved instanceof Double || resolved instanceof Long);
            if (!ok) {
                throw new Failure(tag.equals(Tag.NULL) || tag.equals(Tag.BOOL) || tag.equals(Tag.INT)
                        || tag.equals(Tag.FLOAT) ? "'" + v + "' is not a valid " + tag + " (line " + line(s) + ")"
                        : "tag " + tag + " is not supported (line " + line(s) + ")", line(s), path);
            }
            return resolved instanceof Long l && tag.equals(Tag.FLOAT) ? l.doubleValue() : resolved;
        }
    }

    /**
     * A plain scalar's value by yaml.v2's resolve.go: null, bool (YAML 1.1 words), int (decimal, {@code 0x},
     * {@code 0o}/leading-zero octal, {@code 0b}; {@code _} ignored), float ({@code .inf}, {@code .nan}), else string.
     */
    static Object plain(String v) {
        if (NULLS.contains(v)) {
            return null;
        }
        if (TRUES.contains(v)) {
            return Boolean.TRUE;
        }
        if (FALSES.contains(v)) {
            return Boolean.FALSE;
        }
        switch (v) {
            case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF":
                return Double.POSITIVE_INFINITY;
            case "-.inf", "-.Inf", "-.INF":
                return Double.NEGATIVE_INFINITY;
            case ".nan", ".NaN", ".NAN":
                return Double.NaN;
            default:
                break;
        }
        char c = v.charAt(0);
        if (!(Character.isDigit(c) || c == '-' || c == '+' || c == '.')) {
            return v;
        }
        String p = v.replace("_", "");
        try {
            BigInteger i = null;
            if (DECIMAL.matcher(p).matches() && !OCTAL.matcher(p).matches()) {
                i = new BigInteger(p);
            } else if (HEX.matcher(p).matches()) {
                i = signed(p, p.indexOf('x') + 1, 16);
            } else if (BINARY.matcher(p).matches()) {
                i = signed(p, p.indexOf('b') + 1, 2);
            } else if (OCTAL.matcher(p).matches()) {
                int start = p.indexOf('o') >= 0 ? p.indexOf('o') + 1 : p.indexOf('0') + 1;
                i = start >= p.length() ? BigInteger.ZERO : signed(p, start, 8);
            }
            if (i != null) {
                return i.bitLength() < 64 ? (Object) i.longValue() : i;
            }
            if (FLOAT.matcher(p).matches()) {
                return Double.parseDouble(p);
            }
        } catch (NumberFormatException e) {
            return v;
        }
        return v;
    }

    private static BigInteger signed(String p, int digits, int radix) {
        BigInteger i = new BigInteger(p.substring(digits), radix);
        return p.startsWith("-") ? i.negate() : i;
    }

    static double allowedAliasRatio(long decoded) {
        if (decoded <= 400_000) {
            return 0.99;
        }
        if (decoded >= 4_000_000) {
            return 0.10;
        }
        return 0.99 - 0.89 * ((double) (decoded - 400_000) / 3_600_000);
    }

    /** Refuses nesting beyond the bound while parsing, so that the (recursive) composer never goes that deep. */
    private static final class DepthLimited implements Parser {
        private final Parser delegate;
        private final int max;
        private final Filling reader;
        private int depth;
        private int events;

        DepthLimited(Parser delegate, int max, Filling reader) {
            this.delegate = delegate;
            this.max = max;
            this.reader = reader;
        }

        @Override
        public boolean checkEvent(Event.ID id) {
            return delegate.checkEvent(id);
        }

        @Override
        public Event peekEvent() {
            return delegate.peekEvent();
        }

        @Override
        public boolean hasNext() {
            return delegate.hasNext();
        }

        @Override
        public Event next() {
            Event e = delegate.next();
            if (++events > MAX_EVENTS) {
                throw new TooDeep(e.getStartMark(), "more than " + MAX_EVENTS + " YAML events (nodes and their ends) in one document");
            }
            switch (e.getEventId()) {
                case MappingStart, SequenceStart -> {
                    if (++depth > max) {
                        throw new TooDeep(e.getStartMark());
                    }
                }
                case MappingEnd, SequenceEnd -> depth--;
                case DocumentStart -> {
                    depth = 0;
                    events = 0;
                    reader.sinceDocument = 0;
                }
                default -> {
                }
            }
            return e;
        }
    }

    /**
     * Fills snakeyaml's buffer completely on every read (pipes and decoders hand out 8 KiB at a time, and each refill
     * copies snakeyaml's window), and stops a document at the limit itself: snakeyaml-engine counts a document's code
     * points only as the scanner moves past them, so one long scalar would be read whole before its limit applies.
     */
    private static final class Filling extends java.io.FilterReader {
        /** The document is longer than allowed. */
        static final class TooLong extends java.io.IOException {
            private static final long serialVersionUID = 1L;
        }

        private final long limit;
        long sinceDocument;

        Filling(Reader in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read(char[] buf, int off, int len) throws java.io.IOException {
            int n = 0;
            while (n < len) {
                int r = in.read(buf, off + n, len - n);
                if (r < 0) {
                    return n == 0 ? -1 : n;
                }
                n += r;
            }
            sinceDocument += n;
            if (sinceDocument > limit) {
                throw new TooLong();
            }
            return n;
        }
    }

    private static final class TooDeep extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String at;
        final int line;
        final String what;

        TooDeep(Optional<Mark> mark) {
            this(mark, null);
        }

        TooDeep(Optional<Mark> mark, String what) {
            super(null, null, false, false);
            this.what = what;
            this.at = mark.map(YamlComposer::at).orElse("");
            this.line = mark.map(m -> m.getLine() + 1).orElse(0);
        }
    }
}
