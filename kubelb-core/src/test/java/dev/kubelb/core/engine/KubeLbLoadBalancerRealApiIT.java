package dev.kubelb.core.engine;

import dev.kubelb.core.testkit.Clusters;
import dev.kubelb.core.testkit.RealApi;
import dev.kubelb.core.testkit.RealApiServer;
import org.junit.jupiter.api.BeforeAll;

/** {@link KubeLbLoadBalancerSuite} on a real kube-apiserver with KubeLB's CRDs. */
@RealApi
class KubeLbLoadBalancerRealApiIT extends KubeLbLoadBalancerSuite {
    static RealApiServer real;

    @BeforeAll
    static void bind() {
        Clusters.onRealServer();
        client = real.admin();
    }
}
