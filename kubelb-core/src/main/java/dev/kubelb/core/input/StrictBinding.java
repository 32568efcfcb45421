package dev.kubelb.core.input;

import io.fabric8.kubernetes.api.model.IntOrString;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.std.StdDeserializer;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.type.LogicalType;
import tools.jackson.databind.deser.BeanDeserializerBuilder;
import tools.jackson.databind.deser.ValueDeserializerModifier;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

/**
 * Types a tree strictly against a Java model class, as the API server's JSON decoding does: a string is never
 * an integer ({@code myASN: "64500"}), a fraction never an integer ({@code 64500.5}), a number or a boolean never
 * a string, and, where unknown fields are refused, every field must be one the class declares (fabric8's
 * {@code additionalProperties} catch-all is switched off). Binding only checks; the caller keeps the tree.
 */
final class StrictBinding {
    /** What a failed binding names. */
    record Mismatch(String field, String message) {
    }

    private static final JsonMapper TYPES_ONLY = base().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .addModule(intOrString()).build();
    private static final JsonMapper NO_UNKNOWN_FIELDS = base().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .addModule(intOrString())
            .addModule(new SimpleModule("kubelb-no-unknown-fields").setDeserializerModifier(
                    new ValueDeserializerModifier() {
                        private static final long serialVersionUID = 1L;

                        @Override
                        public BeanDeserializerBuilder updateBuilder(DeserializationConfig config,
                                BeanDescription.Supplier beanDesc, BeanDeserializerBuilder builder) {
                            builder.setAnySetter(null);
                            builder.setIgnoreUnknownProperties(false);
                            return builder;
                        }
                    }))
            .build();

    private StrictBinding() {
    }

    /** An int-or-string ({@code targetPort}) is an integer or a string token, nothing else (fabric8's is lax). */
    private static SimpleModule intOrString() {
        return new SimpleModule("kubelb-int-or-string").addDeserializer(IntOrString.class,
                new StdDeserializer<IntOrString>(IntOrString.class) {
                    @Override
                    public IntOrString deserialize(JsonParser p, DeserializationContext ctxt) {
                        if (p.currentToken() == JsonToken.VALUE_NUMBER_INT) {
                            return new IntOrString(p.getNumberValue().intValue()); // the range is checked on the tree
                        }
                        if (p.currentToken() == JsonToken.VALUE_STRING) {
                            return new IntOrString(p.getString());
                        }
                        return ctxt.reportInputMismatch(IntOrString.class, "a port number or a port name");
                    }
                });
    }

    private static JsonMapper.Builder base() {
        return JsonMapper.builder().disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                // no scalar is another type's text: a boolean or a number is never a string, nor the reverse
                .withCoercionConfig(LogicalType.Textual, c -> c.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Boolean, c -> c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.String, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Integer, c -> c.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Float, c -> c.setCoercion(CoercionInputShape.String, CoercionAction.Fail))
                .withCoercionConfigDefaults(c -> c.setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail));
    }

    /**
     * @param tree the value (a map for an object)
     * @param type the model class
     * @param unknownFields whether fields the class does not declare are refused
     * @return the first mismatch, if any
     */
    static Optional<Mismatch> check(Object tree, Class<?> type, boolean unknownFields) {
        try {
            (unknownFields ? NO_UNKNOWN_FIELDS : TYPES_ONLY).convertValue(tree, type);
            return Optional.empty();
        } catch (IllegalArgumentException | JacksonException e) {
            JacksonException je = e instanceof JacksonException j ? j
                    : e.getCause() instanceof JacksonException j ? j : null;
            if (je == null) {
                return Optional.of(new Mismatch("", firstLine(e.getMessage())));
            }
            String field = path(je.getPath());
            if (je instanceof UnrecognizedPropertyException u) {
                return Optional.of(new Mismatch(field, "unknown field \"" + u.getPropertyName() + "\""));
            }
            Object value = at(tree, je.getPath());
            JavaType target = je instanceof MismatchedInputException m && m.getTargetType() != null
                    ? tools.jackson.databind.type.TypeFactory.createDefaultInstance().constructType(m.getTargetType())
                    : null;
            String shown = secret(field) ? masked(show(value)) : show(value);
            if (target != null) {
                return Optional.of(new Mismatch(field, "must be " + describe(target) + ", not " + shown));
            }
            return Optional.of(new Mismatch(field, firstLine(je.getOriginalMessage()) + " (" + shown + ")"));
        }
    }

    private static String describe(JavaType t) {
        Class<?> c = t.getRawClass();
        if (c == IntOrString.class) {
            return "a port number or a port name";
        }
        if (c == Integer.class || c == int.class || c == Short.class || c == short.class) {
            return "an integer (32 bits)";
        }
        if (c == Long.class || c == long.class || c == BigInteger.class) {
            return "an integer";
        }
        if (c == Double.class || c == double.class || c == Float.class || c == float.class) {
            return "a number";
        }
        if (c == Boolean.class || c == boolean.class) {
            return "a boolean";
        }
        if (c == String.class) {
            return "a string";
        }
        if (t.isCollectionLikeType() || t.isArrayType()) {
            return "a list";
        }
        if (t.isMapLikeType()) {
            return "a mapping";
        }
        if (c.isEnum()) {
            return "one of " + List.of(c.getEnumConstants());
        }
        return "an object (" + c.getSimpleName() + ")";
    }

    /** @return the value as the user wrote it, typed: {@code the string "64500"}, {@code the number 64500.5} */
    /** @return whether a field holds a secret (a BGP password, a key): its value never appears in a message */
    static boolean secret(String field) {
        String f = field.toLowerCase(java.util.Locale.ROOT);
        return f.contains("password") || f.contains("secret") || f.contains("token");
    }

    /** @return what {@link #show} says, with the value itself masked: "the integer &lt;masked&gt;" */
    static String masked(String shown) {
        int sp = shown.indexOf(' ', 4);
        return sp > 0 ? shown.substring(0, sp) + " <masked>" : shown;
    }

    static String show(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof String s) {
            return "the string \"" + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "\"";
        }
        if (v instanceof Boolean b) {
            return "the boolean " + b;
        }
        if (v instanceof Double d) {
            return "the number " + (d == Math.rint(d) && !d.isInfinite() ? String.valueOf(d) : d.toString());
        }
        if (v instanceof Number n) {
            return "the integer " + n;
        }
        if (v instanceof List<?>) {
            return "a list";
        }
        if (v instanceof Map<?, ?>) {
            return "a mapping";
        }
        return v.toString();
    }

    private static Object at(Object tree, List<JacksonException.Reference> path) {
        Object v = tree;
        for (JacksonException.Reference r : path) {
            if (r.getPropertyName() != null && v instanceof Map<?, ?> m) {
                v = m.get(r.getPropertyName());
            } else if (r.getIndex() >= 0 && v instanceof List<?> l && r.getIndex() < l.size()) {
                v = l.get(r.getIndex());
            } else {
                return null;
            }
        }
        return v;
    }

    static String path(List<JacksonException.Reference> refs) {
        StringBuilder sb = new StringBuilder();
        for (JacksonException.Reference r : refs) {
            if (r.getPropertyName() != null) {
                sb.append(sb.length() == 0 ? "" : ".").append(r.getPropertyName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).trim();
    }
}
