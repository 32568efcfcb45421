package dev.kubelb.core.engine;

import dev.kubelb.core.testkit.MockApi;

/** {@link EngineScopeSuite} on fabric8's mock server (CRUD mode, {@link MockApi}). */
@MockApi
class EngineScopeIT extends EngineScopeSuite {
}
