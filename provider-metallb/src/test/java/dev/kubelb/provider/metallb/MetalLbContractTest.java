package dev.kubelb.provider.metallb;

import dev.kubelb.core.testkit.ProviderContract;
import dev.kubelb.spi.LoadBalancerProvider;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;

/** The shared provider contract, on MetalLB with the seed, BGP and L2 manifests of the corpus as sample configuration (peers.yaml is left out: its BFD echo profile may not serve the IPv6 pool of bgp.yaml). */
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
        return all;
    }
}
