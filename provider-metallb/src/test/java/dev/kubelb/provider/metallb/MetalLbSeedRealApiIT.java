package dev.kubelb.provider.metallb;

import dev.kubelb.core.testkit.Clusters;
import dev.kubelb.core.testkit.RealApi;
import dev.kubelb.core.testkit.RealApiServer;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link MetalLbSeedSuite} on a real kube-apiserver with the appliances' and KubeLB's real CRDs: every object written
 * is validated (and pruned) by the real schemas, NodePorts are the server's.
 */
@RealApi
class MetalLbSeedRealApiIT extends MetalLbSeedSuite {
    static RealApiServer real;

    @BeforeAll
    static void bind() {
        Clusters.onRealServer();
        client = real.admin();
        real.ensureNamespace("metallb-system");
        real.ensureNamespace("tenant-a");
        real.ensureNamespace("tenant-b");
    }
}
