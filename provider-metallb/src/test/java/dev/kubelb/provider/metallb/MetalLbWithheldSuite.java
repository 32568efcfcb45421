package dev.kubelb.provider.metallb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelb.api.ClusterNode;
import dev.kubelb.api.WithheldAnnouncement;
import dev.kubelb.core.KubeLb;
import dev.kubelb.core.testkit.Clusters;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Announcements MetalLB's speaker withholds, real, for a subclass's backend: the speaker's node-1 serves no endpoint
 * (it has no InternalIP, so the engine's EndpointSlices name node-2 only), so a Service with
 * {@code externalTrafficPolicy: Local} is not announced while one with {@code Cluster} is; a node labelled
 * {@code node.kubernetes.io/exclude-from-external-load-balancers} announces nothing. The routers hold what our
 * node-aware preview says, and the preview names what is withheld, where and why.
 */
abstract class MetalLbWithheldSuite extends SpeakerLab {

    /** Starts the rig for a backend, and node-2, the node of every endpoint (TEST-NET-1, never addressed). */
    static void startWithheldRig(MetalLbAdvertiser.Backend backend) throws Exception {
        startRig(backend, false, false);
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName("node-2").endMetadata().withNewStatus()
                .addNewAddress().withType("InternalIP").withAddress("192.0.2.77").endAddress().endStatus().build())
                .create();
    }

    private static String config() {
        return ipv4Peers() + pool("held", "10.10.220.0/28") + advertisement("held", "held", "");
    }

    @Test
    void withExternalTrafficPolicyLocalAndNoEndpointOnTheSpeakersNodeNothingIsAnnounced() throws Exception {
        try (KubeLb lb = engine(config())) {
            List<String> away = serve(new ServiceBuilder(Clusters.tenantService(NS, "local-away", 120)).editSpec()
                    .withLoadBalancerClass(CLASS).withExternalTrafficPolicy("Local").endSpec().editMetadata()
                    .addToAnnotations("metallb.io/address-pool", "held").endMetadata().build(), 1);
            assertThat(away).as("MetalLB's controller assigns it all the same").isEqualTo(allocated(lb, "local-away"));
            List<String> control = serve("cluster-control", 121, "held");
            // the control Service's route is there: the speaker has dealt with both
            Clusters.await(() -> ebgp.prefixes().contains(control.get(0) + "/32"), "the control route",
                    Duration.ofSeconds(60));
            assertRoutersHoldThePreview(lb, p -> p.startsWith("10.10.220."));
            assertThat(ebgp.prefixes()).doesNotContain(away.get(0) + "/32");
            var preview = preview(lb);
            assertThat(preview.routesFor("ebgp")).filteredOn(r -> r.prefix().toString().equals(control.get(0) + "/32"))
                    .singleElement().satisfies(r -> assertThat(r.nodes()).containsExactly("node-1"));
            assertThat(preview.withheld()).extracting(w -> w.service().name() + " " + w.node() + ": " + w.reason())
                    .containsExactly("local-away node-1: externalTrafficPolicy Local and no ready endpoint on this node");
            release("local-away", "cluster-control");
            assertRoutersHoldThePreview(lb, p -> p.startsWith("10.10.220."));
        }
    }

    @Test
    void aNodeLabelledExcludedFromExternalLoadBalancersAnnouncesNothing() throws Exception {
        try (KubeLb lb = engine(config())) {
            label(true);
            try {
                List<String> ip = serve("excluded", 122, "held");
                Clusters.await(() -> speakerLog().contains("nodeLabeledExcludeBalancers")
                        || speakerLog().contains("exclude-from-external-load-balancers"),
                        "the speaker skipping its excluded node", Duration.ofSeconds(60));
                assertRoutersHoldThePreview(lb, p -> p.startsWith("10.10.220."));
                assertThat(ebgp.prefixes()).doesNotContain(ip.get(0) + "/32");
                assertThat(preview(lb).withheld()).extracting(WithheldAnnouncement::reason)
                        .containsExactly("node labelled " + ClusterNode.EXCLUDE_LABEL);
            } finally {
                label(false);
            }
            try {
                // the label gone, the speaker announces
                Clusters.await(() -> !ebgp.prefixes().isEmpty(), "announced once the label is gone",
                        Duration.ofSeconds(60));
                assertRoutersHoldThePreview(lb, p -> p.startsWith("10.10.220."));
                assertThat(preview(lb).withheld()).isEmpty();
            } finally {
                release("excluded");
            }
            assertRoutersHoldThePreview(lb, p -> p.startsWith("10.10.220."));
        }
    }

    private static void label(boolean excluded) {
        client.nodes().withName("node-1").edit(n -> {
            if (excluded) {
                n.getMetadata().setLabels(new java.util.HashMap<>(java.util.Map.of(ClusterNode.EXCLUDE_LABEL, "")));
            } else {
                n.getMetadata().setLabels(new java.util.HashMap<>());
            }
            return n;
        });
    }
}
