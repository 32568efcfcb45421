package dev.kubelb.examples.tenantagent;

import dev.kubelb.core.testkit.MockApi;

/** {@link TwoClusterSeedSuite} on two fabric8 mock servers: the embedded default, fast and install-free. */
@MockApi
class TwoClusterSeedIT extends TwoClusterSeedSuite {
}
