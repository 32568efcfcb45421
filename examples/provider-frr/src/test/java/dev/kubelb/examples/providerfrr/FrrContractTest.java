package dev.kubelb.examples.providerfrr;

import dev.kubelb.core.testkit.ProviderContract;
import dev.kubelb.spi.LoadBalancerProvider;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;

/** The contract kit every provider passes, for provider-frr (offline: no speaker runs). */
class FrrContractTest extends ProviderContract {

    @Override
    protected LoadBalancerProvider provider() {
        return new FrrProvider();
    }

    @Override
    protected List<HasMetadata> sampleConfiguration() {
        return List.of(new ConfigMapBuilder().withNewMetadata().withName("kubelb-frr").withNamespace("kubelb-system")
                .endMetadata().addToData("speaker.yaml", FrrConfTest.SPEAKER).build());
    }
}
