package dev.kubelb.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelb.core.crd.KubeLbLoadBalancer;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReadyAnnotationTest {
    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    private static KubeLbLoadBalancer lb(String rv) {
        KubeLbLoadBalancer lb = new KubeLbLoadBalancer();
        lb.getMetadata().setName("web");
        lb.getMetadata().setResourceVersion(rv);
        return lb;
    }

    @Test
    void aConditionRoundTripsThroughTheGuardedMergePatch() {
        Condition ready = new ConditionBuilder().withType("Ready").withStatus("False").withReason("DuplicateRequest")
                .withMessage("held by \"Service\" tenant-a/web").withLastTransitionTime("2026-11-28T18:00:00Z")
                .withObservedGeneration(3L).build();
        String patch = ReadyAnnotation.mergePatch(lb("42"), ready);
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> parsed = JSON.unmarshal(patch, Map.class);
        assertThat(parsed.get("metadata")).containsEntry("resourceVersion", "42");
        @SuppressWarnings("unchecked")
        Map<String, String> annotations = (Map<String, String>) parsed.get("metadata").get("annotations");
        KubeLbLoadBalancer after = lb("43");
        after.getMetadata().setAnnotations(annotations);
        Condition back = ReadyAnnotation.read(after);
        assertThat(back).isEqualTo(ready);
    }

    @Test
    void removalSendsANullAndAForeignValueReadsAsNone() {
        assertThat(ReadyAnnotation.mergePatch(lb("7"), null))
                .isEqualTo("{\"metadata\":{\"resourceVersion\":\"7\",\"annotations\":{\"kubelb.dev/ready\":null}}}");
        KubeLbLoadBalancer lb = lb("7");
        lb.getMetadata().setAnnotations(Map.of(KubeLbLabels.READY_ANNOTATION, "not json"));
        assertThat(ReadyAnnotation.read(lb)).isNull();
        assertThat(ReadyAnnotation.read(lb("8"))).isNull();
    }
}
