package dev.kubelb.core.engine;

import dev.kubelb.core.testkit.RealApi;

/** {@link KubeLbLoadBalancerSuite} on a real kube-apiserver with KubeLB's CRDs. */
@RealApi
class KubeLbLoadBalancerRealApiIT extends KubeLbLoadBalancerSuite {
}
