package dev.kubelb.examples.micrometer;

import dev.kubelb.core.testkit.MockApi;

/** {@link MicrometerListenerSuite} on fabric8's mock server (CRUD mode, {@link MockApi}). */
@MockApi
class MicrometerListenerIT extends MicrometerListenerSuite {
}
