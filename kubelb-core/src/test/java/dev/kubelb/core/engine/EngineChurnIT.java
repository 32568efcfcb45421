package dev.kubelb.core.engine;

import dev.kubelb.core.testkit.MockApi;

/** {@link EngineChurnSuite} on fabric8's mock server (CRUD mode, {@link MockApi}). */
@MockApi
class EngineChurnIT extends EngineChurnSuite {
}
