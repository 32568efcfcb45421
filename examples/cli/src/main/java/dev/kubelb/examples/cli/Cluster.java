package dev.kubelb.examples.cli;

import dev.kubelb.core.ApplyStrategy;
import dev.kubelb.core.SimulatedAppliance;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The cluster a command works on, in this order: the kubeconfig of {@code --kubeconfig} or {@code KUBECONFIG}
 * (its current context, or {@code --context}); else the embedded default {@code kubelb up} started, which lives
 * between commands; else an <strong>in-process</strong> embedded default that lives as long as the command. An
 * embedded default is fabric8's mock server in CRUD mode on loopback plus a <strong>simulated</strong> appliance
 * that writes Service status the way MetalLB or Cilium would, and announces nothing.
 *
 * <p>A real cluster is probed first ({@code GET /version}) with a short connect timeout and no retries, so an
 * unreachable or unauthorised cluster fails within seconds, naming the server and the cause
 * ({@link ClusterFailure}).
 */
final class Cluster implements AutoCloseable {
    /** The context / cluster name kubelb up writes: a kubeconfig naming it points at an embedded default. */
    static final String EMBEDDED_NAME = "kubelb-embedded";
    /** Connect timeout towards a cluster, in ms: a dead address fails fast. */
    static final int CONNECT_TIMEOUT_MS = 3_000;

    final KubernetesClient client;
    /** Whether this is an embedded default (mock API server + simulated appliance), in-process or {@code up}. */
    final boolean embedded;
    /** The kubeconfig used, or null for the in-process default. */
    final Path kubeconfig;
    private final KubernetesMockServer server;
    /** Told of every request for one object (what the progress line counts). */
    final RequestCounter requests;
    private SimulatedAppliance appliance;

    private Cluster(KubernetesClient client, KubernetesMockServer server, boolean embedded, Path kubeconfig,
            RequestCounter requests) {
        this.client = client;
        this.requests = requests;
        this.server = server;
        this.embedded = embedded;
        this.kubeconfig = kubeconfig;
    }

    /** Where a command's cluster is: a kubeconfig (with its context) or the in-process default. */
    record Target(Optional<Path> kubeconfig, Optional<Config> config, boolean embedded) {
        /** @return the server's URL, for messages */
        String server() {
            return config.map(Config::getMasterUrl).orElse("embedded");
        }
    }

    /**
     * @param kubeconfig {@code --kubeconfig}, if given
     * @param context {@code --context}, if given
     * @param env the environment ({@code KUBECONFIG}, {@code KUBELB_HOME}, {@code HOME})
     * @return where to connect
     * @throws CliException (exit 2) for an unreadable kubeconfig or an unknown context
     */
    static Target locate(Optional<String> kubeconfig, Optional<String> context, Map<String, String> env) {
        Optional<Path> path = kubeconfig.map(Path::of).or(() -> Optional.ofNullable(env.get("KUBECONFIG"))
                .filter(v -> !v.isBlank())
                .map(v -> v.split(File.pathSeparator)[0]).map(Path::of));
        if (path.isEmpty()) {
            path = EmbeddedState.of(env).runningKubeconfig();
        }
        if (path.isEmpty()) {
            if (context.isPresent()) {
                throw CliException.invalid("kubelb: --context " + context.get() + ": no kubeconfig (pass --kubeconfig "
                        + "PATH or set KUBECONFIG)");
            }
            return new Target(Optional.empty(), Optional.empty(), true);
        }
        String text;
        try {
            text = Files.readString(path.get());
        } catch (IOException e) {
            throw CliException.invalid("kubelb: kubeconfig " + path.get() + ": cannot read: " + e.getMessage());
        }
        Config config;
        try {
            config = Config.fromKubeconfig(context.orElse(null), text, path.get().toString());
        } catch (RuntimeException e) {
            throw CliException.invalid("kubelb: kubeconfig " + path.get() + ": " + Documents.firstLine(e.getMessage()));
        }
        NamedContext current = config.getCurrentContext();
        if (context.isPresent() && (current == null || !context.get().equals(current.getName()))) {
            throw CliException.invalid("kubelb: kubeconfig " + path.get() + ": no context named '" + context.get()
                    + "' (contexts: " + String.join(", ", config.getContexts().stream().map(NamedContext::getName)
                            .toList()) + ")");
        }
        config.setConnectionTimeout(CONNECT_TIMEOUT_MS);
        // kubectl's habit: a 429 / 5xx with Retry-After (e.g. "storage is (re)initializing" just after a CRD is
        // installed) is retried briefly; an unreachable server is caught by the probe, which never retries
        config.setRequestRetryBackoffLimit(4);
        config.setRequestRetryBackoffInterval(250);
        boolean embedded = current != null && current.getContext() != null
                && EMBEDDED_NAME.equals(current.getContext().getCluster());
        return new Target(path, Optional.of(config), embedded);
    }

    /**
     * @param target where
     * @return the cluster, probed when it is not in-process
     * @throws CliException (exit 4) naming the server and the cause when it cannot be used
     */
    static Cluster connect(Target target) {
        if (target.config().isEmpty()) {
            return embedded();
        }
        Config probeConfig = new io.fabric8.kubernetes.client.ConfigBuilder(target.config().get())
                .withRequestRetryBackoffLimit(0).build();
        try (KubernetesClient probe = new KubernetesClientBuilder().withConfig(probeConfig).build()) {
            probe.getKubernetesVersion();
        } catch (KubernetesClientException e) {
            Optional<String> why = ClusterFailure.explain(target.server(), e);
            if (why.isPresent() && e.getCode() != 403) { // /version refused to anonymous users: let the real call tell
                throw CliException.cluster(why.get());
            }
        }
        RequestCounter counter = new RequestCounter();
        KubernetesClient client = new KubernetesClientBuilder().withConfig(target.config().get())
                .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor("kubelb-cli-progress", counter)).build();
        return new Cluster(client, null, target.embedded(), target.kubeconfig().orElse(null), counter);
    }

    /** @return the in-process embedded default, started on loopback */
    static Cluster embedded() {
        KubernetesMockServer server = EmbeddedServer.mockServer(0);
        RequestCounter counter = new RequestCounter();
        KubernetesClient client = new KubernetesClientBuilder().withConfig(server.createClient().getConfiguration())
                .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor("kubelb-cli-progress", counter)).build();
        return new Cluster(client, server, true, null, counter);
    }

    /** @return server-side apply on a real cluster; create-or-update on an embedded server (it has no SSA) */
    ApplyStrategy strategy() {
        return embedded ? ApplyStrategy.createOrUpdate() : ApplyStrategy.serverSideApply();
    }

    /** @return whether the cluster lives only as long as this command (it starts empty) */
    boolean inProcess() {
        return server != null;
    }

    /** Starts the simulated appliance (in-process default only; {@code kubelb up}'s server runs its own). */
    void simulateAppliance() {
        if (inProcess() && appliance == null) {
            appliance = SimulatedAppliance.start(client);
        }
    }

    /** @return a one-line description for the output */
    String describe() {
        if (inProcess()) {
            return "EMBEDDED DEFAULT: in-process API server + SIMULATED appliance (writes Service status, announces "
                    + "nothing)";
        }
        return embedded ? "EMBEDDED DEFAULT (kubelb up) at " + client.getMasterUrl() + " + SIMULATED appliance "
                + "(writes Service status, announces nothing)" : "cluster " + client.getMasterUrl();
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
