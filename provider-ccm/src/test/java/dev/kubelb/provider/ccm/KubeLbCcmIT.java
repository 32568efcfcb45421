package dev.kubelb.provider.ccm;

import dev.kubelb.core.testkit.MockApi;

/** {@link KubeLbCcmSuite} on fabric8's mock server (CRUD mode, {@link MockApi}). */
@MockApi
class KubeLbCcmIT extends KubeLbCcmSuite {
}
