package dev.kubelb.core.tenant;

import dev.kubelb.core.testkit.RealApi;

/**
 * {@link TenantAgentSuite} on two real kube-apiservers: the management cluster with KubeLB's CRDs (schemas,
 * CEL, pruning), the tenant cluster allocating the NodePorts the back ends name.
 */
@RealApi(namespaces = {"tenant-t", "tenant-other"})
class TenantAgentRealApiIT extends TenantAgentSuite {
}
