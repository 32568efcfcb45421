package dev.kubelb.provider.metallb;

import dev.kubelb.core.testkit.RealApi;
import org.junit.jupiter.api.BeforeAll;

/** The withheld announcements of {@link MetalLbWithheldSuite}, MetalLB's speaker in native BGP mode, from the root network namespace. */
@RealApi(namespaces = {"metallb-system", "tenant-a"})
class MetalLbWithheldRealApiIT extends MetalLbWithheldSuite {

    @BeforeAll
    static void start() throws Exception {
        startWithheldRig(MetalLbAdvertiser.Backend.NATIVE);
    }
}
