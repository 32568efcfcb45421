package dev.kubelb.provider.ccm;

import dev.kubelb.core.testkit.RealApi;

/**
 * {@link CcmSuite} on a real kube-apiserver with the appliances' and KubeLB's real CRDs: every object written
 * is validated (and pruned) by the real schemas, NodePorts are the server's.
 */
@RealApi(namespaces = {"tenant-a", "tenant-b", "tenant-c", "tenant-d", "lb-aws", "lb-gcp", "lb-update", "lb-fail"})
class CcmRealApiIT extends CcmSuite {
}
