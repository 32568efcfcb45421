package dev.kubelb.examples.customprovider;

import dev.kubelb.core.testkit.ProviderContract;
import dev.kubelb.spi.LoadBalancerProvider;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;

/**
 * Step 4 of writing a provider: run the contract kit every provider passes (ServiceLoader
 * registration, deterministic rendering, import/render round trip, Service shape, observation).
 */
class KubeVipContractTest extends ProviderContract {

    @Override
    protected LoadBalancerProvider provider() {
        return new KubeVipProvider();
    }

    @Override
    protected List<HasMetadata> sampleConfiguration() {
        return List.of(new ConfigMapBuilder().withNewMetadata().withName("kubevip").withNamespace("kube-system")
                .endMetadata()
                .addToData("range-global", "10.10.255.200-10.10.255.250")
                .addToData("cidr-global", "fd00:10::/120")
                .addToData("cidr-tenant-a", "10.20.0.0/28")
                .build());
    }
}
