package dev.kubelb.provider.ccm;

import dev.kubelb.core.testkit.ProviderContract;
import dev.kubelb.spi.LoadBalancerProvider;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;

/**
 * The shared provider contract for a provider bound to the AWS Load Balancer Controller profile, opened
 * with the kit's default offline context (no {@code ccm.cloud} option).
 */
class CcmBoundContractTest extends ProviderContract {

    @Override
    protected LoadBalancerProvider provider() {
        return CcmProvider.forCloud("aws-lbc");
    }

    @Override
    protected List<HasMetadata> sampleConfiguration() {
        return List.of();
    }
}
