package dev.kubelb.examples.tenantagent;

import dev.kubelb.core.testkit.RealApi;

/**
 * {@link TwoClusterSeedSuite} on two real kube-apiservers: the management cluster with MetalLB's and KubeLB's
 * real CRDs, the tenant cluster allocating the NodePorts that become the back ends.
 */
@RealApi(namespaces = {"metallb-system", "tenant-t"})
class TwoClusterSeedRealApiIT extends TwoClusterSeedSuite {
}
