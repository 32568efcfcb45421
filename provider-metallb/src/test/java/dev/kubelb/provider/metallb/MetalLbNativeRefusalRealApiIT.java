package dev.kubelb.provider.metallb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelb.api.Problem;
import dev.kubelb.core.KubeLb;
import dev.kubelb.core.testkit.Clusters;
import dev.kubelb.core.testkit.RealApi;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * MetalLB's native BGP speaker, real, refuses a configuration with a large community
 * ({@code internal/config/validation.go DiscardFRROnly}) and then announces nothing, not even the pools without one;
 * our preview for the native backend says so, and for FRR it gives the large community; our validation, told the
 * backend is native ({@value MetalLbSession#OPTION_BGP_TYPE}), refuses it.
 */
@RealApi(namespaces = {"metallb-system", "tenant-a"})
class MetalLbNativeRefusalRealApiIT extends SpeakerLab {

    @BeforeAll
    static void start() throws Exception {
        startRig(MetalLbAdvertiser.Backend.NATIVE, false, true);
    }

    @Test
    void aLargeCommunityMakesTheNativeSpeakerRefuseTheWholeConfiguration() throws Exception {
        String config = ipv4Peers() + pool("big", "10.10.210.0/28")
                + advertisement("big", "big", "  communities:\n  - large:64500:1:2\n")
                + pool("small", "10.10.211.0/28") + advertisement("small", "small", "");
        // our session told FRR, so that the engine serves what the native speaker then refuses
        try (KubeLb lb = engine(config, "frr")) {
            List<String> big = serve("big", 130, "big");
            List<String> small = serve("small", 131, "small");
            assertThat(big).as("MetalLB's controller assigns all the same").isEqualTo(allocated(lb, "big"));
            assertThat(small).isEqualTo(allocated(lb, "small"));
            Clusters.await(() -> speakerLog().contains("native BGP mode only supports legacy communities"),
                    "the speaker refusing the large community", Duration.ofSeconds(60));
            assertRoutersHoldThePreview(lb, p -> p.startsWith("10.10.21"));
            assertThat(ebgp.prefixes()).isEmpty();
            assertThat(gobgp.prefixes()).isEmpty();
            assertThat(preview(lb).warnings()).extracting(Problem::message).anySatisfy(m -> assertThat(m)
                    .contains("native BGP backend refuses", "BGPAdvertisement/big", "large community"));
            // what the real speaker refused, our validation refuses when told the backend is native
            assertThat(BgpTypeSessions.told("native").validate(lb.configuration()).errors()).extracting(p -> p.object() + " " + p.field())
                    .containsExactly("BGPAdvertisement/big spec.communities[0]");
            assertThat(new MetalLbAdvertiser(MetalLbAdvertiser.Backend.FRR).advertisements(lb.configuration(),
                    lb.allocator().orElseThrow().allocations().stream().map(a -> new dev.kubelb.spi.Assignment(
                            dev.kubelb.api.LoadBalancerRequest.builder(a.id()).port(dev.kubelb.api.PortSpec.tcp(80))
                                    .build(), a)).toList()).routesFor("ebgp")).hasSize(2);
            release("big", "small");
        }
    }
}
