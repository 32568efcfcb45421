package dev.kubelb.provider.ccm;

import dev.kubelb.core.testkit.RealApi;

/**
 * {@link KubeLbCcmSuite} on a real kube-apiserver with the appliances' and KubeLB's real CRDs: every object written
 * is validated (and pruned) by the real schemas, NodePorts are the server's.
 */
@RealApi(namespaces = {"tenant-a"})
class KubeLbCcmRealApiIT extends KubeLbCcmSuite {
}
