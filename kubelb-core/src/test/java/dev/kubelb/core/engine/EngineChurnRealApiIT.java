package dev.kubelb.core.engine;

import dev.kubelb.core.testkit.RealApi;

/** {@link EngineChurnSuite} on a real kube-apiserver with KubeLB's CRDs. */
@RealApi
class EngineChurnRealApiIT extends EngineChurnSuite {
}
