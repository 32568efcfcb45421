package dev.kubelb.core.internal;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JSON-tree helpers: compare desired objects with observed ones, and merge them for updates. */
public final class Trees {
    /** Shared serialization (thread-safe). */
    public static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private Trees() {
    }

    /**
     * @param o an object
     * @return its JSON tree as maps and lists
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> toMap(Object o) {
        return SERIALIZATION.convertValue(o, Map.class);
    }

    /**
     * Whether everything the engine sets in {@code desired} (labels, annotations and every field outside
     * metadata and status) is already present with the same value in {@code existing}. Fields the server
     * or others add are ignored, so a server that defaults fields does not cause writes.
     *
     * @param existing the observed object
     * @param desired the desired object
     * @return whether no write is needed
     */
    public static boolean covers(HasMetadata existing, HasMetadata desired) {
        Map<String, Object> e = toMap(existing);
        Map<String, Object> d = toMap(desired);
        Map<String, Object> em = meta(e);
        Map<String, Object> dm = meta(d);
        if (!covers(em.getOrDefault("labels", Map.of()), dm.getOrDefault("labels", Map.of()))
                || !covers(em.getOrDefault("annotations", Map.of()), dm.getOrDefault("annotations", Map.of()))) {
            return false;
        }
        for (Map.Entry<String, Object> entry : d.entrySet()) {
            String k = entry.getKey();
            if (k.equals("metadata") || k.equals("status") || k.equals("apiVersion") || k.equals("kind")) {
                continue;
            }
            if (!covers(e.get(k), entry.getValue())) {
                return false;
            }
        }
        return true;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> meta(Map<String, Object> m) {
        Object o = m.get("metadata");
        return o instanceof Map ? (Map<String, Object>) o : Map.of();
    }

    @SuppressWarnings("unchecked")
    static boolean covers(Object existing, Object desired) {
        if (desired == null) {
            return true;
        }
        if (desired instanceof Map<?, ?> dm) {
            if (!(existing instanceof Map<?, ?> em)) {
                return dm.isEmpty() && existing == null;
            }
            for (Map.Entry<?, ?> e : dm.entrySet()) {
                if (!covers(em.get(e.getKey()), e.getValue())) {
                    return false;
                }
            }
            return true;
        }
        if (desired instanceof List<?> dl) {
            if (!(existing instanceof List<?> el)) {
                return dl.isEmpty() && existing == null;
            }
            if (el.size() != dl.size()) {
                return false;
            }
            for (int i = 0; i < dl.size(); i++) {
                if (!covers(el.get(i), dl.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (desired instanceof Number dn && existing instanceof Number en) {
            return dn.toString().equals(en.toString()) || dn.doubleValue() == en.doubleValue();
        }
        return desired.equals(existing);
    }

    /**
     * Merges the desired tree onto the existing one for an update: maps merge recursively (desired wins),
     * lists of equal length merge element by element, other lists and values are replaced. Keeps what the
     * server or others set (cluster IPs, node ports, foreign annotations).
     *
     * @param existing the observed tree
     * @param desired the desired tree
     * @return the merged tree
     */
    @SuppressWarnings("unchecked")
    public static Object merge(Object existing, Object desired) {
        if (desired instanceof Map<?, ?> dm && existing instanceof Map<?, ?> em) {
            Map<String, Object> out = new LinkedHashMap<>((Map<String, Object>) em);
            for (Map.Entry<?, ?> e : dm.entrySet()) {
                out.put((String) e.getKey(), merge(em.get(e.getKey()), e.getValue()));
            }
            return out;
        }
        if (desired instanceof List<?> dl && existing instanceof List<?> el && dl.size() == el.size()) {
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < dl.size(); i++) {
                out.add(merge(el.get(i), dl.get(i)));
            }
            return out;
        }
        return desired;
    }
}
