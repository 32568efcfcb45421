package dev.kubelb.provider.metallb;

import dev.kubelb.core.testkit.ProviderContract;
import dev.kubelb.spi.LoadBalancerProvider;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;

/** The shared provider contract, on MetalLB with the whole manifest corpus as sample configuration. */
class MetalLbContractTest extends ProviderContract {

    @Override
    protected LoadBalancerProvider provider() {
        return new MetalLbProvider();
    }

    @Override
    protected List<HasMetadata> sampleConfiguration() {
        List<HasMetadata> all = new ArrayList<>(Manifests.load("seed.yaml"));
        all.addAll(Manifests.load("bgp.yaml"));
        all.addAll(Manifests.load("l2.yaml"));
        all.addAll(Manifests.load("peers.yaml"));
        return all;
    }
}
