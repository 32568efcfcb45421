package dev.kubelb.provider.ccm;

import dev.kubelb.core.testkit.ProviderContract;
import dev.kubelb.spi.ClusterInfo;
import dev.kubelb.spi.LoadBalancerProvider;
import dev.kubelb.spi.ProviderContext;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The shared provider contract, for the ServiceLoader-constructed provider with {@code ccm.cloud=gcp}. */
class CcmContractTest extends ProviderContract {

    @Override
    protected LoadBalancerProvider provider() {
        return new CcmProvider();
    }

    /** @return nothing: a cloud controller needs no appliance configuration */
    @Override
    protected List<HasMetadata> sampleConfiguration() {
        return List.of();
    }

    @Override
    protected ProviderContext context() {
        return new ProviderContext(Optional.empty(), "kube-system", ClusterInfo.UNKNOWN,
                Map.of(CcmProvider.OPTION_CLOUD, "gcp"));
    }
}
