package dev.kubelb.core.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import org.junit.jupiter.api.Test;

/** {@link MockApi} answers a JSON patch whose test fails as a real API server does: 422, at once. */
@MockApi
class MockApiTest {
    static KubernetesClient client;

    @Test
    void aFailedJsonPatchTestIsA422() {
        ConfigMap cm = client.configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata()
                .withName("guarded").withNamespace("default").endMetadata().addToData("k", "v").build()).create();
        String stale = "[{\"op\":\"test\",\"path\":\"/metadata/resourceVersion\",\"value\":\"not-"
                + cm.getMetadata().getResourceVersion() + "\"},{\"op\":\"add\",\"path\":\"/data/x\",\"value\":\"y\"}]";
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> client.configMaps().inNamespace("default").withName("guarded")
                .patch(PatchContext.of(PatchType.JSON), stale))
                .isInstanceOf(KubernetesClientException.class)
                .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(422));
        assertThat((System.nanoTime() - t0) / 1_000_000).as("answered, not left to the client's timeout").isLessThan(5_000);
    }
}
