package dev.kubelb.core.tenant;

import dev.kubelb.core.testkit.MockApi;

/** {@link KubeLbTenantsSuite} on fabric8's mock server. */
@MockApi
class KubeLbTenantsIT extends KubeLbTenantsSuite {
}
