package dev.kubelb.provider.ccm;

import dev.kubelb.core.testkit.Clusters;
import dev.kubelb.core.testkit.RealApi;
import dev.kubelb.core.testkit.RealApiServer;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link CcmSuite} on a real kube-apiserver with the appliances' and KubeLB's real CRDs: every object written
 * is validated (and pruned) by the real schemas, NodePorts are the server's.
 */
@RealApi
class CcmRealApiIT extends CcmSuite {
    static RealApiServer real;

    @BeforeAll
    static void bind() {
        Clusters.onRealServer();
        client = real.admin();
        real.ensureNamespace("tenant-a");
        real.ensureNamespace("tenant-b");
        real.ensureNamespace("tenant-c");
        real.ensureNamespace("tenant-d");
        real.ensureNamespace("lb-aws");
        real.ensureNamespace("lb-gcp");
        real.ensureNamespace("lb-update");
        real.ensureNamespace("lb-fail");
    }
}
