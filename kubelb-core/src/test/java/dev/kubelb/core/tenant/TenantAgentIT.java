package dev.kubelb.core.tenant;

import dev.kubelb.core.testkit.MockApi;

/** {@link TenantAgentSuite} on two fabric8 mock servers (tenant and management). */
@MockApi
class TenantAgentIT extends TenantAgentSuite {
}
