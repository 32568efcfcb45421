package dev.kubelb.examples.hostcontroller;

import dev.kubelb.api.ConfigurationException;
import dev.kubelb.api.Problem;
import dev.kubelb.core.ApplyStrategy;
import dev.kubelb.core.KubeLb;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A host controller that embeds kubelb-java: it serves every {@code LoadBalancer} Service of one
 * {@code loadBalancerClass} (and KubeLB {@code LoadBalancer} resources) in the cluster of a kubeconfig, with the
 * appliance configured in that cluster (e.g. MetalLB's {@code IPAddressPool}s). Run several replicas: leader
 * election through a {@code Lease} makes exactly one of them write.
 *
 * <p>Settings (environment, all optional):
 * <ul>
 *   <li>{@code KUBECONFIG} — the cluster; default: fabric8's auto-configuration (in-cluster service account,
 *       then {@code ~/.kube/config});</li>
 *   <li>{@code KUBELB_PROVIDER} — {@code metallb}, {@code cilium}, …; default: inferred from the API groups the
 *       cluster serves;</li>
 *   <li>{@code KUBELB_CLASS} — the {@code loadBalancerClass} served (default {@code kubelb.dev/l4}): Services
 *       without it are left to the cloud's CCM, so the two never race;</li>
 *   <li>{@code POD_NAME} (from the downward API) — this replica's identity in the election;
 *       {@code KUBELB_LEASE_NAMESPACE} (default {@code kubelb-system});</li>
 *   <li>{@code KUBELB_WORKERS} — how many requests are reconciled at once (1–64, default 2): each request's
 *       writes wait on the API server, so a leader serving thousands of requests gains from a few more.</li>
 * </ul>
 */
public final class HostController {
    private static final Logger LOG = LoggerFactory.getLogger(HostController.class);

    /** The lease every replica competes for. */
    public static final String LEASE_NAME = "kubelb-host-controller";
    /** The class served unless {@code KUBELB_CLASS} says otherwise. */
    public static final String DEFAULT_CLASS = "kubelb.dev/l4";

    private HostController() {
    }

    /**
     * What this host needs to know.
     *
     * @param provider the provider's name, or empty to let the cluster decide
     * @param loadBalancerClass the class served
     * @param leaseNamespace the namespace of the election's Lease
     * @param identity this replica's identity
     * @param workers how many requests are reconciled at once
     */
    public record Settings(Optional<String> provider, String loadBalancerClass, String leaseNamespace,
            String identity, int workers) {
        /** Validates non-null. */
        public Settings {
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(loadBalancerClass, "loadBalancerClass");
            Objects.requireNonNull(leaseNamespace, "leaseNamespace");
            Objects.requireNonNull(identity, "identity");
            if (workers < 1 || workers > 64) {
                throw new ConfigurationException(List.of(Problem.of("environment", "KUBELB_WORKERS",
                        workers + " is not between 1 and 64")));
            }
        }

        /**
         * @param env the environment
         * @return the settings it gives
         * @throws ConfigurationException when {@code KUBELB_WORKERS} is not a number from 1 to 64
         */
        public static Settings from(Map<String, String> env) {
            String workers = env.getOrDefault("KUBELB_WORKERS", "2").strip();
            if (!workers.matches("[0-9]{1,3}")) {
                throw new ConfigurationException(List.of(Problem.of("environment", "KUBELB_WORKERS",
                        "'" + workers + "' is not a number from 1 to 64")));
            }
            return new Settings(Optional.ofNullable(env.get("KUBELB_PROVIDER")).filter(s -> !s.isBlank()),
                    env.getOrDefault("KUBELB_CLASS", DEFAULT_CLASS),
                    env.getOrDefault("KUBELB_LEASE_NAMESPACE", "kubelb-system"),
                    env.getOrDefault("POD_NAME", "host-controller-" + ProcessHandle.current().pid()),
                    Integer.parseInt(workers));
        }
    }

    /**
     * Builds the engine: the whole integration is this method.
     *
     * @param client the management cluster's client
     * @param settings the settings
     * @param strategy how objects are written: {@link ApplyStrategy#serverSideApply()} on a real cluster
     * @return the engine, not started
     */
    public static KubeLb engine(KubernetesClient client, Settings settings, ApplyStrategy strategy) {
        KubeLb.Builder builder = KubeLb.builder()
                .client(client)                                   // the management cluster
                .applyStrategy(strategy)                          // server-side apply, field manager "kubelb"
                .loadBalancerClass(settings.loadBalancerClass())  // serve only this class: never race a cloud CCM
                .workers(settings.workers())                      // requests reconciled at once
                .leaderElection(settings.leaseNamespace(), LEASE_NAME, settings.identity()); // one writer
        // Name the provider, or leave it out: the engine then asks the cluster which API groups it serves
        // (metallb.io, cilium.io, …) and picks the highest-priority provider that supports them.
        settings.provider().ifPresent(builder::provider);
        // No configuration(...) given: the appliance configuration (e.g. MetalLB's IPAddressPools) is read from
        // the cluster and watched; the engine owns only the Services and EndpointSlices it creates.
        return builder.build();
    }

    /**
     * @param kubeconfig a kubeconfig path, or empty for fabric8's auto-configuration
     * @return a client
     * @throws IOException when the kubeconfig cannot be read
     */
    public static KubernetesClient client(Optional<Path> kubeconfig) throws IOException {
        if (kubeconfig.isEmpty()) {
            return new KubernetesClientBuilder().build();
        }
        Config config = Config.fromKubeconfig(null, Files.readString(kubeconfig.get()), kubeconfig.get().toString());
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    /**
     * Runs until the process is stopped (SIGTERM): the engine is closed, which releases the Lease so that
     * another replica takes over at once.
     *
     * @param args optional: the path of a kubeconfig
     * @throws Exception when the engine cannot start
     */
    public static void main(String[] args) throws Exception {
        Settings settings = Settings.from(System.getenv());
        Optional<Path> kubeconfig = args.length > 0 ? Optional.of(Path.of(args[0]))
                : Optional.ofNullable(System.getenv("KUBECONFIG")).filter(s -> !s.isBlank()).map(Path::of);
        CountDownLatch stopped = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        int healthPort = Integer.parseInt(System.getenv().getOrDefault("KUBELB_HEALTH_PORT", "8081"));
        try (KubernetesClient client = client(kubeconfig); KubeLb lb = engine(client, settings, ApplyStrategy.serverSideApply());
                HealthEndpoint health = HealthEndpoint.start(new InetSocketAddress(healthPort), lb::health)) {
            // the JVM halts once its shutdown hooks return: this one waits until the engine has drained its
            // work in flight and released the Lease (bounded, within the pod's termination grace period)
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                stopped.countDown();
                try {
                    closed.await(25, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "kubelb-shutdown"));
            lb.start(); // informers, workers, and the election: only the leader writes
            LOG.info("kubelb host controller {} running with provider {} for class {}; probes on :{}",
                    settings.identity(), lb.provider().name(), settings.loadBalancerClass(), health.port());
            stopped.await();
        } finally {
            closed.countDown();
        }
    }
}
