package dev.kubelb.core.tenant;

import dev.kubelb.core.testkit.RealApi;

/** {@link KubeLbTenantsSuite} on a real kube-apiserver with KubeLB's Tenant and Config CRDs. */
@RealApi(namespaces = "kubelb")
class KubeLbTenantsRealApiIT extends KubeLbTenantsSuite {
}
