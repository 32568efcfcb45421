package dev.kubelb.examples.cli;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps secrets out of everything the CLI prints (issue 17, item 2): a BGP password and any Secret's data.
 *
 * <p>Two layers. <em>Structural</em>: before an object or result is rendered (tables, {@code -o json|yaml|manifests},
 * diff), every string under a secret-bearing key ({@code password}, {@code token}…) and every value of a
 * {@code Secret}'s {@code data}/{@code stringData} is replaced by {@value #MASK}. <em>Textual</em>: the values
 * themselves, learnt from the input while it is read, are replaced wherever they would still appear — stdout,
 * stderr, logs of every level, exception messages, {@code --debug} stack traces — by {@link MaskingWriter}, which
 * every output channel of the CLI goes through.
 */
final class Secrets {
    /** What a secret is shown as. */
    static final String MASK = "<masked>";
    /** Keys whose string values are secrets (MetalLB's {@code BGPPeer.spec.password}, tokens, keys). */
    private static final Pattern SECRET_KEY = Pattern.compile(
            "(?i)(password|passwd|passphrase|token|secret|secretkey|privatekey|client-key-data)");
    /** A secret-bearing key and its value in YAML or JSON text: {@code password: s3cret}, {@code "token":"x"}. */
    private static final Pattern SECRET_IN_TEXT = Pattern.compile(
            "(?im)[\"']?(?:[\\w-]*(?:password|passwd|passphrase|token|privatekey|secretkey))[\"']?\\s*:\\s*"
                    + "(?:\"((?:[^\"\\\\]|\\\\.)*)\"|'([^']*)'|([^\\s#,}\\]\"'][^\\n#,}\\]]*))");
    /** Shorter values are not masked textually (they would garble unrelated text); structurally they are. */
    static final int MIN_TEXTUAL = 4;
    private static final Set<String> KNOWN = new ConcurrentSkipListSet<>(
            Comparator.comparingInt(String::length).reversed().thenComparing(Comparator.naturalOrder()));

    private Secrets() {
    }

    /** @param value a secret value to mask wherever it appears from now on */
    static void remember(String value) {
        if (value != null) {
            String v = value.strip();
            if (v.length() >= MIN_TEXTUAL && !v.equals(MASK)) {
                KNOWN.add(v);
            }
        }
    }

    /**
     * Learns the secrets of an input text before it is parsed, so that even a parse error quoting one is masked.
     *
     * @param text YAML or JSON text
     */
    static void scan(String text) {
        Matcher m = SECRET_IN_TEXT.matcher(text);
        while (m.find()) {
            String v = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
            remember(v);
        }
    }

    /** @param text any text @return the text with every known secret replaced by {@value #MASK} */
    static String mask(String text) {
        if (text == null || KNOWN.isEmpty()) {
            return text;
        }
        String out = text;
        for (String s : KNOWN) {
            if (out.contains(s)) {
                out = out.replace(s, MASK);
            }
        }
        return out;
    }

    /** Forgets every learnt value (tests). */
    static void forget() {
        KNOWN.clear();
    }

    /**
     * Masks a rendered tree in place: the output of the serialization of objects or results as maps and lists.
     *
     * @param tree a map / list tree (as from Jackson's {@code convertValue(x, Object.class)})
     * @return the same tree
     */
    @SuppressWarnings("unchecked")
    static Object maskTree(Object tree) {
        if (tree instanceof Map<?, ?> m) {
            Map<String, Object> map = (Map<String, Object>) m;
            boolean secretKind = "Secret".equals(map.get("kind")) && map.get("apiVersion") instanceof String a
                    && a.equals("v1");
            for (Map.Entry<String, Object> e : map.entrySet()) {
                String key = e.getKey();
                Object v = e.getValue();
                if (secretKind && ("data".equals(key) || "stringData".equals(key)) && v instanceof Map<?, ?> d) {
                    ((Map<String, Object>) d).replaceAll((k, x) -> {
                        remember(String.valueOf(x));
                        return MASK;
                    });
                } else if (v instanceof String s && SECRET_KEY.matcher(key).find() && !isReference(key)) {
                    remember(s);
                    e.setValue(MASK);
                } else {
                    maskTree(v);
                }
            }
        } else if (tree instanceof List<?> l) {
            l.forEach(Secrets::maskTree);
        }
        return tree;
    }

    /** @return whether the key names a reference to a secret rather than one ({@code passwordSecret}, {@code authSecretRef}) */
    private static boolean isReference(String key) {
        String k = key.toLowerCase(java.util.Locale.ROOT);
        return k.endsWith("ref") || k.endsWith("name") || k.endsWith("secret") && !k.equals("secret")
                || k.endsWith("namespace") || k.endsWith("key") && !k.endsWith("privatekey") && !k.endsWith("secretkey")
                || k.endsWith("file") || k.endsWith("path");
    }
}
