package dev.kubelb.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.FieldsV1;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ManagedFieldsTest {
    /** What a real API server records for an apply by kubelb of an annotation and two ports. */
    private static final String APPLIED = """
            {"f:metadata":{"f:annotations":{"f:kubelb.dev/addresses":{},"f:test.kubelb.dev/extra":{}},
             "f:labels":{"f:app.kubernetes.io/managed-by":{}}},
             "f:spec":{"f:ports":{"k:{\\"port\\":80,\\"protocol\\":\\"TCP\\"}":{".":{},"f:name":{},"f:port":{},"f:protocol":{}},
                                  "k:{\\"port\\":53,\\"protocol\\":\\"UDP\\"}":{".":{},"f:port":{},"f:protocol":{}}},
                       "f:type":{}}}""";

    private static Service observed(String manager, String operation) {
        Map<?, ?> fields = Trees.SERIALIZATION.unmarshal(APPLIED, Map.class);
        FieldsV1 f = new FieldsV1();
        fields.forEach((k, v) -> f.setAdditionalProperty((String) k, v));
        return new ServiceBuilder(desired(true, true)).editMetadata().addToManagedFields(new ManagedFieldsEntryBuilder()
                .withManager(manager).withOperation(operation).withFieldsType("FieldsV1").withFieldsV1(f).build())
                .endMetadata().build();
    }

    private static Service desired(boolean extra, boolean dns) {
        ServiceBuilder b = new ServiceBuilder().withNewMetadata().withName("kubelb-web")
                .addToLabels("app.kubernetes.io/managed-by", "kubelb").addToAnnotations("kubelb.dev/addresses", "10.0.0.1")
                .endMetadata().withNewSpec().withType("LoadBalancer").addNewPort().withName("http").withPort(80)
                .withProtocol("TCP").endPort().endSpec();
        if (extra) {
            b.editMetadata().addToAnnotations("test.kubelb.dev/extra", "x").endMetadata();
        }
        if (dns) {
            b.editSpec().addNewPort().withPort(53).withProtocol("UDP").endPort().endSpec();
        }
        return b.build();
    }

    @Test
    void nothingDroppedNothingOwnedBeyond() {
        assertThat(ManagedFields.ownsFieldsNotIn(observed("kubelb", "Apply"), desired(true, true), "kubelb")).isFalse();
    }

    @Test
    void aDroppedAnnotationOrListItemIsSeen() {
        assertThat(ManagedFields.ownsFieldsNotIn(observed("kubelb", "Apply"), desired(false, true), "kubelb")).isTrue();
        assertThat(ManagedFields.ownsFieldsNotIn(observed("kubelb", "Apply"), desired(true, false), "kubelb")).isTrue();
    }

    @Test
    void onlyTheManagersOwnApplyCounts() {
        assertThat(ManagedFields.ownsFieldsNotIn(observed("someone", "Apply"), desired(false, false), "kubelb")).isFalse();
        assertThat(ManagedFields.ownsFieldsNotIn(observed("kubelb", "Update"), desired(false, false), "kubelb")).isFalse();
        assertThat(ManagedFields.ownsFieldsNotIn(desired(true, true), desired(false, false), "kubelb"))
                .as("no managed fields (the mock server)").isFalse();
    }
}
