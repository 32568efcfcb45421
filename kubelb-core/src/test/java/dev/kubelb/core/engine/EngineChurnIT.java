package dev.kubelb.core.engine;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.BeforeAll;

/** {@link EngineChurnSuite} on fabric8's mock server (CRUD mode). */
@EnableKubernetesMockClient(crud = true)
class EngineChurnIT extends EngineChurnSuite {
    static KubernetesClient mockClient;

    @BeforeAll
    static void bind() {
        dev.kubelb.core.testkit.Clusters.onMockServer();
        client = mockClient;
    }
}
