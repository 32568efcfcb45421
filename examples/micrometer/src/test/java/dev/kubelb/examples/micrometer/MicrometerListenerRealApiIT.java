package dev.kubelb.examples.micrometer;

import dev.kubelb.core.testkit.RealApi;

/**
 * {@link MicrometerListenerSuite} on a real kube-apiserver with the appliances' and KubeLB's real CRDs: every object written
 * is validated (and pruned) by the real schemas, NodePorts are the server's.
 */
@RealApi(namespaces = {"metallb-system", "tenant-a"})
class MicrometerListenerRealApiIT extends MicrometerListenerSuite {
}
