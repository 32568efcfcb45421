package dev.kubelb.core;

import dev.kubelb.core.internal.Trees;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The engine's Ready condition kept in the {@link KubeLbLabels#READY_ANNOTATION} annotation, for request
 * kinds whose CRD has no {@code status.conditions} (KubeLB's {@code LoadBalancer}).
 */
final class ReadyAnnotation {
    private ReadyAnnotation() {
    }

    /** @return the condition the annotation holds, or null (absent or unreadable) */
    static Condition read(HasMetadata o) {
        Map<String, String> a = o.getMetadata().getAnnotations();
        String json = a == null ? null : a.get(KubeLbLabels.READY_ANNOTATION);
        if (json == null) {
            return null;
        }
        try {
            Condition c = Trees.SERIALIZATION.unmarshal(json, Condition.class);
            c.setType(KubeLbLabels.READY);
            return c;
        } catch (RuntimeException e) {
            return null; // someone else's value: rewritten on the next status change
        }
    }

    /**
     * @param base the object as last seen (its resourceVersion guards the patch)
     * @param ready the condition, or null to remove the annotation
     * @return a JSON merge patch setting (or removing) the annotation
     */
    static String mergePatch(HasMetadata base, Condition ready) {
        String rv = Trees.SERIALIZATION.asJson(base.getMetadata().getResourceVersion());
        if (ready == null) { // null removes the key in a merge patch
            return "{\"metadata\":{\"resourceVersion\":" + rv + ",\"annotations\":{\""
                    + KubeLbLabels.READY_ANNOTATION + "\":null}}}";
        }
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("status", ready.getStatus());
        c.put("reason", ready.getReason());
        c.put("message", ready.getMessage());
        c.put("lastTransitionTime", ready.getLastTransitionTime());
        if (ready.getObservedGeneration() != null) {
            c.put("observedGeneration", ready.getObservedGeneration());
        }
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("resourceVersion", base.getMetadata().getResourceVersion());
        meta.put("annotations", Map.of(KubeLbLabels.READY_ANNOTATION, Trees.SERIALIZATION.asJson(c)));
        return Trees.SERIALIZATION.asJson(Map.of("metadata", meta));
    }
}
