package dev.kubelb.core.engine;

import dev.kubelb.core.testkit.RealApi;

/** {@link EngineScopeSuite} on a real kube-apiserver with KubeLB's CRDs. */
@RealApi
class EngineScopeRealApiIT extends EngineScopeSuite {
}
