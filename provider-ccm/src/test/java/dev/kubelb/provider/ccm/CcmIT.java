package dev.kubelb.provider.ccm;

import dev.kubelb.core.testkit.MockApi;

/** {@link CcmSuite} on fabric8's mock server (CRUD mode, {@link MockApi}). */
@MockApi
class CcmIT extends CcmSuite {
}
