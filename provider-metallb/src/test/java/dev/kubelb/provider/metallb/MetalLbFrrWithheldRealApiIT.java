package dev.kubelb.provider.metallb;

import dev.kubelb.core.testkit.RealApi;
import org.junit.jupiter.api.BeforeAll;

/** The withheld announcements of {@link MetalLbWithheldSuite}, MetalLB's speaker in FRR mode, the speaker driving the node's FRR. */
@RealApi(namespaces = {"metallb-system", "tenant-a"})
class MetalLbFrrWithheldRealApiIT extends MetalLbWithheldSuite {

    @BeforeAll
    static void start() throws Exception {
        startWithheldRig(MetalLbAdvertiser.Backend.FRR);
    }
}
