package dev.kubelb.provider.cilium;

import dev.kubelb.core.testkit.ProviderContract;
import dev.kubelb.spi.LoadBalancerProvider;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;

/** The shared provider contract, run against the Cilium provider with the full corpus configuration. */
class CiliumContractTest extends ProviderContract {

    @Override
    protected LoadBalancerProvider provider() {
        return new CiliumProvider();
    }

    @Override
    protected List<HasMetadata> sampleConfiguration() {
        return Fixtures.parse(Fixtures.resource("/corpus/full.yaml"));
    }
}
