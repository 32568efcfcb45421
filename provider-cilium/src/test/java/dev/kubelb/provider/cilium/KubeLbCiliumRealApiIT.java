package dev.kubelb.provider.cilium;

import dev.kubelb.core.testkit.RealApi;

/**
 * {@link KubeLbCiliumSuite} on a real kube-apiserver with the appliances' and KubeLB's real CRDs: every object written
 * is validated (and pruned) by the real schemas, NodePorts are the server's.
 */
@RealApi(namespaces = {"tenant-a"})
class KubeLbCiliumRealApiIT extends KubeLbCiliumSuite {
}
