package dev.kubelb.core.engine;

import io.fabric8.kubernetes.client.KubernetesClient;
import dev.kubelb.core.testkit.MockApi;
import org.junit.jupiter.api.BeforeAll;

/** {@link EngineChurnSuite} on fabric8's mock server (CRUD mode, {@link MockApi}). */
@MockApi
class EngineChurnIT extends EngineChurnSuite {
    static KubernetesClient mockClient;

    @BeforeAll
    static void bind() {
        dev.kubelb.core.testkit.Clusters.onMockServer();
        client = mockClient;
    }
}
