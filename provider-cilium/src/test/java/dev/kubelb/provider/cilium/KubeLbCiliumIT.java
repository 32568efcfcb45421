package dev.kubelb.provider.cilium;

import dev.kubelb.core.testkit.MockApi;

/** {@link KubeLbCiliumSuite} on fabric8's mock server (CRUD mode, {@link MockApi}). */
@MockApi
class KubeLbCiliumIT extends KubeLbCiliumSuite {
}
