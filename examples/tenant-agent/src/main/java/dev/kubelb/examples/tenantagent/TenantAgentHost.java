package dev.kubelb.examples.tenantagent;

import dev.kubelb.api.ConfigurationException;
import dev.kubelb.api.KubeLbException;
import dev.kubelb.api.Problem;
import dev.kubelb.core.TenantAgent;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs kubelb's {@link TenantAgent} beside a tenant cluster, as KubeLB's CCM runs ({@code cmd/ccm/main.go} at
 * kubermatic/kubelb@80d164b): its own cluster from {@code KUBECONFIG} (or in-cluster), the management cluster
 * from {@code KUBELB_KUBECONFIG} (upstream: {@code --kubelb-kubeconfig}), whose credentials should reach only
 * the tenant's namespace ({@code deploy/tenant-agent/}).
 *
 * <p>Settings (environment):
 * <ul>
 *   <li>{@code KUBELB_TENANT} (required) — the tenant's name; its namespace is {@code tenant-<name>} (upstream:
 *       {@code --cluster-name});</li>
 *   <li>{@code KUBELB_KUBECONFIG} (required) — the management cluster's kubeconfig;</li>
 *   <li>{@code KUBECONFIG} — the tenant cluster; default: fabric8's auto-configuration (in-cluster first);</li>
 *   <li>{@code KUBELB_CLASS} (default {@code kubelb}), {@code KUBELB_SERVE_CLASSLESS} ({@code true}/{@code false},
 *       default {@code false}; upstream's {@code --use-loadbalancer-class=false} serves every class);</li>
 *   <li>{@code KUBELB_NODE_ADDRESS_TYPE} ({@code ExternalIP}, the default, {@code InternalIP}, {@code Hostname});</li>
 *   <li>{@code POD_NAME} and {@code KUBELB_LEASE_NAMESPACE} (default {@code kube-system}) — the election, in the
 *       tenant cluster.</li>
 * </ul>
 */
public final class TenantAgentHost {
    private static final Logger LOG = LoggerFactory.getLogger(TenantAgentHost.class);
    /** The Lease every replica competes for, in the tenant cluster. */
    public static final String LEASE_NAME = "kubelb-tenant-agent";

    private TenantAgentHost() {
    }

    /**
     * What this host is told.
     *
     * @param tenant the tenant's name
     * @param managementKubeconfig the management cluster's kubeconfig
     * @param tenantKubeconfig the tenant cluster's kubeconfig, or empty for auto-configuration
     * @param loadBalancerClass the class served
     * @param serveClassless whether class-less Services are served too
     * @param nodeAddressType the node address used as back end
     * @param leaseNamespace the election's namespace in the tenant cluster
     * @param identity this replica
     */
    public record Settings(String tenant, Path managementKubeconfig, Optional<Path> tenantKubeconfig,
            String loadBalancerClass, boolean serveClassless, String nodeAddressType, String leaseNamespace,
            String identity) {

        /**
         * @param env the environment
         * @return the settings
         * @throws ConfigurationException naming every missing or invalid variable
         */
        public static Settings from(Map<String, String> env) {
            List<Problem> problems = new ArrayList<>();
            String tenant = env.get("KUBELB_TENANT");
            if (tenant == null || tenant.isBlank()) {
                problems.add(Problem.of("environment", "KUBELB_TENANT", "not set: the tenant's name (namespace tenant-<name>)"));
            }
            String mgmt = env.get("KUBELB_KUBECONFIG");
            if (mgmt == null || mgmt.isBlank()) {
                problems.add(Problem.of("environment", "KUBELB_KUBECONFIG", "not set: the management cluster's kubeconfig"));
            } else if (!Files.isReadable(Path.of(mgmt))) {
                problems.add(Problem.of("environment", "KUBELB_KUBECONFIG", "'" + mgmt + "' is not a readable file"));
            }
            String classless = env.getOrDefault("KUBELB_SERVE_CLASSLESS", "false");
            if (!classless.equals("true") && !classless.equals("false")) {
                problems.add(Problem.of("environment", "KUBELB_SERVE_CLASSLESS", "'" + classless + "' is not true or false"));
            }
            if (!problems.isEmpty()) {
                throw new ConfigurationException(problems);
            }
            return new Settings(tenant, Path.of(mgmt),
                    Optional.ofNullable(env.get("KUBECONFIG")).filter(s -> !s.isBlank()).map(Path::of),
                    env.getOrDefault("KUBELB_CLASS", TenantAgent.KUBELB_CLASS), Boolean.parseBoolean(classless),
                    env.getOrDefault("KUBELB_NODE_ADDRESS_TYPE", "ExternalIP"),
                    env.getOrDefault("KUBELB_LEASE_NAMESPACE", "kube-system"),
                    env.getOrDefault("POD_NAME", "tenant-agent-" + ProcessHandle.current().pid()));
        }
    }

    /**
     * Builds the agent: the whole integration is this method.
     *
     * @param tenantCluster the tenant cluster's client
     * @param management the management cluster's client
     * @param s the settings
     * @return the agent, not started
     */
    public static TenantAgent agent(KubernetesClient tenantCluster, KubernetesClient management, Settings s) {
        return TenantAgent.builder()
                .tenantClient(tenantCluster)                       // Services, Nodes, the Lease
                .managementClient(management)                      // LoadBalancers + Addresses in tenant-<name> only
                .tenantName(s.tenant())
                .loadBalancerClass(s.loadBalancerClass())          // KubeLB's class: never race the cloud's CCM
                .serveClassless(s.serveClassless())
                .nodeAddressType(s.nodeAddressType())
                .leaderElection(s.leaseNamespace(), LEASE_NAME, s.identity()) // one writer among replicas
                .build();
    }

    /**
     * @param kubeconfig a kubeconfig, or empty for fabric8's auto-configuration
     * @return a client
     * @throws IOException when the file cannot be read
     */
    public static KubernetesClient client(Optional<Path> kubeconfig) throws IOException {
        if (kubeconfig.isEmpty()) {
            return new KubernetesClientBuilder().build();
        }
        Config c = Config.fromKubeconfig(null, Files.readString(kubeconfig.get()), kubeconfig.get().toString());
        return new KubernetesClientBuilder().withConfig(c).build();
    }

    /**
     * Runs until stopped (SIGTERM), which releases the Lease. Invalid settings are logged one line each, without
     * a stack trace, and exit with status 2; a cluster refusing what the agent needs exits with status 1.
     *
     * @param args none
     * @throws Exception when interrupted
     */
    public static void main(String[] args) throws Exception {
        Settings s;
        try {
            s = Settings.from(System.getenv());
        } catch (ConfigurationException e) {
            e.problems().forEach(p -> LOG.error("{}", p));
            System.exit(2);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        try (KubernetesClient tenantCluster = client(s.tenantKubeconfig());
                KubernetesClient management = client(Optional.of(s.managementKubeconfig()));
                TenantAgent agent = agent(tenantCluster, management, s)) {
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "kubelb-tenant-agent-shutdown"));
            agent.start();
            LOG.info("kubelb tenant agent {} mirroring class {} into {}", s.identity(), s.loadBalancerClass(), agent.namespace());
            stopped.await();
        } catch (KubeLbException e) {
            LOG.error("{}", e.getMessage());
            System.exit(1);
        }
    }
}
