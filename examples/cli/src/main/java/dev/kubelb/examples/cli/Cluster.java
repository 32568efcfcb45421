package dev.kubelb.examples.cli;

import dev.kubelb.core.ApplyStrategy;
import dev.kubelb.core.SimulatedAppliance;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The cluster a command works on: a real one through a kubeconfig ({@code --kubeconfig} or
 * {@code KUBECONFIG}), or the <strong>embedded default</strong>: an in-process API server (fabric8's mock
 * server in CRUD mode, on localhost) plus a <strong>simulated</strong> appliance that writes Service status
 * the way MetalLB or Cilium would, and announces nothing.
 */
final class Cluster implements AutoCloseable {
    final KubernetesClient client;
    final boolean embedded;
    private final KubernetesMockServer server;
    private SimulatedAppliance appliance;

    private Cluster(KubernetesClient client, KubernetesMockServer server) {
        this.client = client;
        this.server = server;
        this.embedded = server != null;
    }

    /**
     * @param kubeconfig the {@code --kubeconfig} option, if given
     * @param env the environment ({@code KUBECONFIG})
     * @return the cluster
     */
    static Cluster open(Optional<String> kubeconfig, Map<String, String> env) {
        Optional<Path> path = kubeconfig.map(Path::of).or(() -> Optional.ofNullable(env.get("KUBECONFIG"))
                .filter(v -> !v.isBlank())
                .map(v -> v.split(File.pathSeparator)[0]).map(Path::of));
        if (path.isPresent()) {
            String text;
            try {
                text = Files.readString(path.get());
            } catch (IOException e) {
                throw CliException.invalid("kubelb: kubeconfig " + path.get() + ": cannot read: " + e.getMessage());
            }
            Config config = Config.fromKubeconfig(null, text, path.get().toString());
            return new Cluster(new KubernetesClientBuilder().withConfig(config).build(), null);
        }
        return embedded();
    }

    /** @return the embedded default, started on localhost */
    static Cluster embedded() {
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(List.of()), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        return new Cluster(server.createClient(), server);
    }

    /** @return server-side apply on a real cluster; create-or-update on the embedded server (it has no SSA) */
    ApplyStrategy strategy() {
        return embedded ? ApplyStrategy.createOrUpdate() : ApplyStrategy.serverSideApply();
    }

    /** Starts the simulated appliance (embedded default only; a real cluster has its own appliance). */
    void simulateAppliance() {
        if (embedded && appliance == null) {
            appliance = SimulatedAppliance.start(client);
        }
    }

    /** @return a one-line description for the output */
    String describe() {
        return embedded
                ? "EMBEDDED DEFAULT: in-process API server + SIMULATED appliance (writes Service status, announces nothing)"
                : "cluster " + client.getMasterUrl();
    }

    @Override
    public void close() {
        if (appliance != null) {
            appliance.close();
        }
        client.close();
        if (server != null) {
            server.destroy();
        }
    }
}
