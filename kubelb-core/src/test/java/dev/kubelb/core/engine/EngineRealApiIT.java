package dev.kubelb.core.engine;

import dev.kubelb.core.testkit.RealApi;

/** {@link EngineSuite} on a real kube-apiserver with KubeLB's CRDs. */
@RealApi
class EngineRealApiIT extends EngineSuite {
}
