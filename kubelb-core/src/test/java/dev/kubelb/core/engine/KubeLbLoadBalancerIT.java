package dev.kubelb.core.engine;

import dev.kubelb.core.testkit.MockApi;

/** {@link KubeLbLoadBalancerSuite} on fabric8's mock server (CRUD mode, {@link MockApi}). */
@MockApi
class KubeLbLoadBalancerIT extends KubeLbLoadBalancerSuite {
}
