package dev.kubelb.provider.cilium;

import dev.kubelb.core.testkit.MockApi;

/** {@link CiliumMockServerSuite} on fabric8's mock server (CRUD mode, {@link MockApi}). */
@MockApi
class CiliumMockServerIT extends CiliumMockServerSuite {
}
