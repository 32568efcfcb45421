package dev.kubelb.core.internal;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import java.util.List;
import java.util.Map;

/**
 * Reads an object's {@code metadata.managedFields} (the API server's record of who set which field,
 * {@code fieldsV1} format: {@code f:<name>} for a field, {@code k:<json>} for a list item by its keys,
 * {@code v:<json>} for a set member, {@code i:<n>} by index, {@code .} for the item itself) to tell
 * whether a field manager owns a field that the desired object no longer has: server-side apply removes
 * such a field only when the whole desired state is applied again.
 */
public final class ManagedFields {
    private ManagedFields() {
    }

    /**
     * @param existing the observed object (with its managed fields, as a real API server returns them)
     * @param desired the desired object
     * @param manager the field manager
     * @return whether {@code manager} applied a field that {@code desired} lacks
     */
    public static boolean ownsFieldsNotIn(HasMetadata existing, HasMetadata desired, String manager) {
        List<ManagedFieldsEntry> entries = existing.getMetadata().getManagedFields();
        if (entries == null || entries.isEmpty()) {
            return false;
        }
        Map<String, Object> d = Trees.toMap(desired);
        for (ManagedFieldsEntry e : entries) {
            if (manager.equals(e.getManager()) && "Apply".equals(e.getOperation()) && e.getFieldsV1() != null
                    && (e.getSubresource() == null || e.getSubresource().isEmpty())
                    && !present(Trees.toMap(e.getFieldsV1()), d)) {
                return true;
            }
        }
        return false;
    }

    @SuppressWarnings("unchecked")
    static boolean present(Map<String, Object> owned, Object desired) {
        for (Map.Entry<String, Object> o : owned.entrySet()) {
            String k = o.getKey();
            Map<String, Object> below = o.getValue() instanceof Map ? (Map<String, Object>) o.getValue() : Map.of();
            if (k.equals(".")) {
                continue;
            }
            Object match;
            if (k.startsWith("f:")) {
                match = desired instanceof Map<?, ?> m ? m.get(k.substring(2)) : null;
            } else if (k.startsWith("k:")) {
                match = itemByKeys(desired, Trees.SERIALIZATION.unmarshal(k.substring(2), Map.class));
            } else if (k.startsWith("v:")) {
                Object value = Trees.SERIALIZATION.unmarshal(k.substring(2), Object.class);
                match = desired instanceof List<?> l && l.stream().anyMatch(x -> same(x, value)) ? value : null;
            } else {
                continue; // i:<n>: by position, nothing to compare by
            }
            if (match == null || !present(below, match)) {
                return false;
            }
        }
        return true;
    }

    private static Object itemByKeys(Object desired, Map<String, Object> keys) {
        if (!(desired instanceof List<?> list)) {
            return null;
        }
        for (Object item : list) {
            if (item instanceof Map<?, ?> m && keys.entrySet().stream().allMatch(x -> same(m.get(x.getKey()), x.getValue()))) {
                return item;
            }
        }
        return null;
    }

    private static boolean same(Object a, Object b) {
        return a != null && b != null && String.valueOf(a).equals(String.valueOf(b));
    }
}
