package dev.kubelb.core.testkit;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Real MetalLB beside a {@link RealApiServer}: its controller and one speaker as processes (built by
 * {@code ci/envtest/build.sh}, webhooks and certificate rotation off), and the objects a cluster would hold for them
 * where no kubelet runs: the speaker's Node (Ready, with one address) and the speaker's Pod, bound to it. Both
 * processes stop with the server ({@link RealApiServer#startBeside}).
 *
 * <p>In FRR mode the speaker writes the configuration of an {@link FrrNode} and signals its reloader, as MetalLB's
 * frr-reloader sidecar does; in native mode it speaks BGP itself from the root network namespace.
 */
public final class MetalLbProcesses {
    /** MetalLB's namespace, where it reads its configuration and finds its speaker's Pod. */
    public static final String NAMESPACE = "metallb-system";

    private MetalLbProcesses() {
    }

    /** The speaker's BGP implementation ({@code METALLB_BGP_TYPE}). */
    public enum Mode {
        /** MetalLB's own BGP sessions, from the root network namespace. */
        NATIVE,
        /** MetalLB renders {@code frr.conf} for an {@link FrrNode}, whose bgpd speaks BGP. */
        FRR
    }

    /**
     * Creates the node and speaker objects and starts MetalLB's controller and speaker.
     *
     * @param real the control plane (MetalLB's CRDs installed, {@value #NAMESPACE} existing)
     * @param mode the speaker's BGP implementation
     * @param node the speaker's node name (its Pod is {@code speaker-<node>})
     * @param nodeAddress the node's address: where native sessions start from, and the Node's address
     * @param internalIp whether that address is the Node's InternalIP (a back end of NodePort Services) or an
     *     ExternalIP
     * @param frr the node's FRR, required in {@link Mode#FRR}
     */
    public static void start(RealApiServer real, Mode mode, String node, String nodeAddress, boolean internalIp,
            Optional<FrrNode> frr) {
        if (mode == Mode.FRR && frr.isEmpty()) {
            throw new IllegalArgumentException("MetalLB's FRR mode needs the node's FRR");
        }
        KubernetesClient client = real.admin();
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName(node).endMetadata().withNewStatus()
                .addNewAddress().withType(internalIp ? "InternalIP" : "ExternalIP").withAddress(nodeAddress)
                .endAddress().addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus()
                .build()).create();
        String pod = "speaker-" + node;
        // the speaker looks up its own Pod (no kubelet runs here: the object alone, bound to the node)
        client.pods().resource(new PodBuilder().withNewMetadata().withName(pod).withNamespace(NAMESPACE)
                .addToLabels("app", "metallb").addToLabels("component", "speaker").endMetadata().withNewSpec()
                .withNodeName(node).addNewContainer().withName("speaker").withImage("quay.io/metallb/speaker")
                .endContainer().endSpec().build()).create();
        Path kubeconfig = startController(real, Optional.of(mode));
        String bgpType = "METALLB_BGP_TYPE=" + mode.name().toLowerCase(Locale.ROOT);
        List<String> speaker = new ArrayList<>(List.of("/usr/bin/env", bgpType));
        frr.filter(f -> mode == Mode.FRR).ifPresent(f -> speaker.addAll(List.of(
                "FRR_CONFIG_FILE=" + f.configFile(), "FRR_RELOADER_PID_FILE=" + f.reloaderPidFile(),
                "FRR_LOGGING_LEVEL=informational")));
        String binary = binary(real, "speaker");
        speaker.addAll(List.of(binary, "--kubeconfig", kubeconfig.toString(), "--namespace",
                NAMESPACE, "--node-name", node, "--pod-name", pod,
                "--host", mode == Mode.FRR ? "127.0.0.1" : nodeAddress, "--port", "0", "--log-level", "debug"));
        speaker.addAll(healthProbeOnAnyPort(binary));
        real.startBeside("metallb-speaker", speaker);
    }

    /**
     * Starts MetalLB's controller alone: its Pod object first ({@code controller}, unbound: since 0.16 the controller
     * reads its own Pod at start, the owner of the {@code ConfigurationState} it reports to, and exits without it).
     *
     * @param real the control plane (MetalLB's CRDs installed, {@value #NAMESPACE} existing)
     * @param validateFor the speaker backend the controller validates the configuration for ({@code
     *     METALLB_BGP_TYPE}); empty: MetalLB's default
     * @return the kubeconfig MetalLB's processes use
     */
    public static Path startController(RealApiServer real, Optional<Mode> validateFor) {
        real.admin().pods().resource(new PodBuilder().withNewMetadata().withName("controller").withNamespace(NAMESPACE)
                .addToLabels("app", "metallb").addToLabels("component", "controller").endMetadata().withNewSpec()
                .addNewContainer().withName("controller").withImage("quay.io/metallb/controller").endContainer()
                .endSpec().build()).create();
        Path kubeconfig = real.writeKubeconfig(real.logs().resolve("kubeconfig"));
        // METALLB_POD_NAME, not --pod-name: 0.15's controller has no such flag (and needs no Pod)
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/env", "METALLB_POD_NAME=controller"));
        validateFor.ifPresent(m -> cmd.add("METALLB_BGP_TYPE=" + m.name().toLowerCase(Locale.ROOT)));
        String controller = binary(real, "controller");
        cmd.addAll(List.of(controller, "--kubeconfig", kubeconfig.toString(), "--namespace", NAMESPACE,
                "--webhook-mode", "disabled", "--disable-cert-rotation", "--port", "0", "--log-level", "info"));
        cmd.addAll(healthProbeOnAnyPort(controller));
        real.startBeside("metallb-controller", cmd);
        return kubeconfig;
    }

    /** The speaker's log. */
    public static Path speakerLog(RealApiServer real) {
        return real.logs().resolve("metallb-speaker.log");
    }

    /**
     * Since 0.16 the controller and the speaker each serve a health probe, both on port 17472 by default
     * ({@code internal/k8s/k8s.go DefaultHealthProbePort}): on one host the second to start exits ("address already
     * in use"), as would two test JVMs' rigs. Port 0 takes any free port. 0.15's binaries have no such flag.
     */
    private static List<String> healthProbeOnAnyPort(String binary) {
        try {
            Process p = new ProcessBuilder(binary, "--help").redirectErrorStream(true).start();
            String usage = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            p.waitFor();
            return usage.contains("-health-probe-port") ? List.of("--health-probe-port", "0") : List.of();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String binary(RealApiServer real, String name) {
        return real.assets().metallb(name).orElseThrow(() -> new IllegalStateException(
                "MetalLB's " + name + " was not built: run ci/envtest/build.sh")).toString();
    }
}
