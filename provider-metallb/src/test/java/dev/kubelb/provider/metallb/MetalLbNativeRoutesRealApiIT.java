package dev.kubelb.provider.metallb;

import dev.kubelb.core.testkit.RealApi;
import org.junit.jupiter.api.BeforeAll;

/**
 * MetalLB's speaker in its native BGP mode, real (from the root network namespace, standing for node-1), against
 * BIRD (eBGP and iBGP) and GoBGP (eBGP) over IPv4 sessions: the scenarios of {@link MetalLbRoutesSuite}.
 */
@RealApi(namespaces = {"metallb-system", "tenant-a"})
class MetalLbNativeRoutesRealApiIT extends MetalLbRoutesSuite {

    @BeforeAll
    static void start() throws Exception {
        startRig(MetalLbAdvertiser.Backend.NATIVE, false, true);
    }

    @Override
    String peersAndOwnPools() {
        return ipv4Peers();
    }
}
