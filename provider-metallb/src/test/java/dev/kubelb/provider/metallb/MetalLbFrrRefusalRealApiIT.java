package dev.kubelb.provider.metallb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelb.api.Problem;
import dev.kubelb.core.KubeLb;
import dev.kubelb.core.testkit.Clusters;
import dev.kubelb.core.testkit.RealApi;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * MetalLB v0.16.2 in FRR mode, real, refuses a configuration with a BGPAdvertisement {@code asPathPrepend}, which only
 * its frr-k8s backend serves ({@code internal/config/validation.go ValidationFor}, {@code DiscardFRRK8sOnly}): its
 * speaker refuses the whole configuration, says why in its {@code ConfigurationState}, and announces nothing, not even
 * the pool without one; its controller, which reads the pools only, still gives the addresses our allocator chose.
 * Our preview for the FRR backend says so; our validation, told the backend is {@code frr}, refuses it; told
 * {@code frr-k8s}, accepts it.
 */
@RealApi(namespaces = {"metallb-system", "tenant-a"})
class MetalLbFrrRefusalRealApiIT extends SpeakerLab {

    @BeforeAll
    static void start() throws Exception {
        startRig(MetalLbAdvertiser.Backend.FRR, false, true);
    }

    @Test
    void asPathPrependMakesMetalLbsFrrModeRefuseTheWholeConfiguration() throws Exception {
        String config = ipv4Peers() + pool("longer", "10.10.212.0/28")
                + advertisement("longer", "longer", "  asPathPrepend: 2\n")
                + pool("other", "10.10.213.0/28") + advertisement("other", "other", "");
        // our session told frr-k8s, so that the engine applies what MetalLB's FRR mode then refuses
        try (KubeLb lb = engine(config, "frr-k8s")) {
            java.util.List<String> longer = serve("longer", 132, "longer");
            java.util.List<String> other = serve("other", 133, "other");
            assertThat(longer).as("MetalLB's controller reads the pools only: it gives the address all the same")
                    .isEqualTo(allocated(lb, "longer"));
            assertThat(other).isEqualTo(allocated(lb, "other"));
            Clusters.await(() -> errorSummary("speaker-node-1").contains(
                    "asPathPrepend is only supported by the frr-k8s backend"),
                    "MetalLB's speaker reporting the refusal in its ConfigurationState", Duration.ofSeconds(60));
            assertThat(errorSummary("controller")).as("the controller, which reads no advertisement").isEmpty();
            assertRoutersHoldThePreview(lb, p -> p.startsWith("10.10.21"));
            assertThat(ebgp.prefixes()).noneMatch(p -> p.startsWith("10.10.21"));
            assertThat(gobgp.prefixes()).noneMatch(p -> p.startsWith("10.10.21"));
            // the preview of the FRR backend: nothing, and why
            assertThat(preview(lb).routes()).isEmpty();
            assertThat(preview(lb).warnings()).extracting(Problem::message).anySatisfy(m -> assertThat(m)
                    .contains("BGPAdvertisement/longer spec.asPathPrepend", "refuses asPathPrepend"));
            // what the real controller refused, our validation refuses when told the backend is frr
            assertThat(BgpTypeSessions.told("frr").validate(lb.configuration()).errors())
                    .extracting(p -> p.object() + " " + p.field()).containsExactly("BGPAdvertisement/longer spec.asPathPrepend");
            assertThat(BgpTypeSessions.told("frr-k8s").validate(lb.configuration()).errors()).isEmpty();
            release("longer", "other");
        }
    }

    /** A MetalLB component's {@code ConfigurationState} (0.16): its {@code status.errorSummary}, or "". */
    private static String errorSummary(String component) {
        GenericKubernetesResource state = client.genericKubernetesResources("metallb.io/v1beta1", "ConfigurationState")
                .inNamespace("metallb-system").withName(component).get();
        Object status = state == null ? null : state.getAdditionalProperties().get("status");
        Object summary = status instanceof Map<?, ?> m ? m.get("errorSummary") : null;
        return summary == null ? "" : summary.toString();
    }
}
