package dev.kubelb.provider.metallb;

import dev.kubelb.core.testkit.MockApi;

/** {@link MetalLbSeedSuite} on fabric8's mock server (CRUD mode, {@link MockApi}). */
@MockApi
class MetalLbSeedIT extends MetalLbSeedSuite {
}
