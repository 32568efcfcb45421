package dev.kubelb.provider.metallb;

import dev.kubelb.core.testkit.MockApi;

/** {@link MetalLbClusterSuite} on fabric8's mock server (CRUD mode, {@link MockApi}). */
@MockApi
class MetalLbClusterIT extends MetalLbClusterSuite {
}
