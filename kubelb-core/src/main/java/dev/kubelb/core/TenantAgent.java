package dev.kubelb.core;

import dev.kubelb.api.ConfigurationException;
import dev.kubelb.api.KubeLbException;
import dev.kubelb.api.Problem;
import dev.kubelb.core.internal.LeaseCampaign;
import dev.kubelb.core.internal.tenant.AgentLoop;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The tenant half of KubeLB's hub and spoke, re-created (KubeLB's CCM, {@code cmd/ccm} at
 * kubermatic/kubelb@80d164b): runs beside a tenant cluster, watches its Services of type {@code LoadBalancer}
 * of the configured class and its Nodes, and mirrors them into its own tenant namespace
 * ({@code tenant-<name>}) of the management cluster as KubeLB {@code LoadBalancer} resources whose back ends
 * reference one shared {@code Addresses} object (the tenant's node addresses); the address the manager
 * (a {@link KubeLb} engine, or KubeLB's own) assigns is copied back into each Service's status. Tenant
 * Services carry the finalizer {@code kubelb.k8c.io/cleanup} until their LoadBalancer is deleted.
 *
 * <pre>{@code
 * try (TenantAgent agent = TenantAgent.builder()
 *         .tenantClient(tenantCluster)            // the tenant cluster (Services, Nodes, the Lease)
 *         .managementClient(managementCluster)    // credentials limited to namespace tenant-east
 *         .tenantName("east")                     // writes only into tenant-east
 *         .leaderElection("kube-system", "kubelb-tenant-agent", podName)
 *         .build()) {
 *     agent.start();                              // rebuilds from both clusters, then serves
 *     ...
 * }
 * }</pre>
 */
public final class TenantAgent implements AutoCloseable {
    /** The class KubeLB's CCM serves ({@code LoadBalancerClassName} in upstream's {@code service_controller.go}). */
    public static final String KUBELB_CLASS = "kubelb";
    private static final Set<String> ADDRESS_TYPES = Set.of("ExternalIP", "InternalIP", "Hostname");

    private final Builder b;
    private final String namespace;
    private AgentLoop loop;
    private LeaseCampaign campaign;

    private TenantAgent(Builder b, String namespace) {
        this.b = b;
        this.namespace = namespace;
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the tenant namespace of the management cluster this agent writes into */
    public String namespace() {
        return namespace;
    }

    /**
     * Starts the informers on both clusters (waiting until each has listed once) and the workers, then leads
     * at once or campaigns for the Lease. A new leader passes every Service, LoadBalancer and the Addresses
     * again, so a restart loses nothing.
     *
     * @return this
     * @throws KubeLbException when a cluster refuses a list the agent needs (e.g. credentials for another
     *     tenant's namespace), naming the cluster, the resource and the answer
     */
    public synchronized TenantAgent start() {
        if (loop != null) {
            return this;
        }
        AgentLoop l = new AgentLoop(new AgentLoop.Settings(b.tenant, b.management, namespace, b.loadBalancerClass,
                b.serveClassless, b.nodeAddressType, b.workers, b.retryBase, b.retryMax, b.listener));
        try {
            l.start(b.startTimeout);
        } catch (IllegalStateException e) {
            l.close();
            throw new KubeLbException("tenant agent for " + namespace + " cannot start: " + e.getMessage(), e);
        }
        loop = l;
        if (b.leaseName == null) {
            l.lead();
        } else {
            campaign = LeaseCampaign.start(b.tenant, new LeaseCampaign.Lease(b.leaseNamespace, b.leaseName, b.identity,
                    b.leaseDuration, b.renewDeadline, b.retryPeriod), l::lead, l::follow);
        }
        return this;
    }

    /** Passes every Service, mirrored LoadBalancer and the Addresses again; with nothing changed it writes nothing. */
    public void resync() {
        if (loop != null) {
            loop.enqueueAll();
        }
    }

    /**
     * @param timeout how long to wait
     * @return whether no work is queued, running or waiting for a retry
     * @throws InterruptedException when interrupted
     */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        return loop == null || loop.awaitIdle(timeout);
    }

    /** @return whether this replica leads and writes */
    public boolean isLeader() {
        return loop != null && loop.isLeading();
    }

    @Override
    public synchronized void close() {
        if (campaign != null) {
            campaign.close();
        }
        if (loop != null) {
            loop.close();
        }
    }

    /** Builds a {@link TenantAgent}. */
    public static final class Builder {
        private KubernetesClient tenant;
        private KubernetesClient management;
        private String tenantName;
        private String loadBalancerClass = KUBELB_CLASS;
        private boolean serveClassless;
        private String nodeAddressType = "ExternalIP";
        private TenantAgentListener listener = new TenantAgentListener() { };
        private int workers = 2;
        private Duration retryBase = Duration.ofMillis(100);
        private Duration retryMax = Duration.ofSeconds(60);
        private Duration startTimeout = Duration.ofSeconds(60);
        private String leaseNamespace;
        private String leaseName;
        private String identity;
        private Duration leaseDuration = Duration.ofSeconds(15);
        private Duration renewDeadline = Duration.ofSeconds(10);
        private Duration retryPeriod = Duration.ofSeconds(2);

        private Builder() {
        }

        /** @param v the tenant cluster's client @return this */
        public Builder tenantClient(KubernetesClient v) {
            this.tenant = Objects.requireNonNull(v, "tenantClient");
            return this;
        }

        /** @param v the management cluster's client (its credentials should reach the tenant namespace only) @return this */
        public Builder managementClient(KubernetesClient v) {
            this.management = Objects.requireNonNull(v, "managementClient");
            return this;
        }

        /**
         * @param v the tenant's name; its namespace is {@code tenant-<name>} (a name already starting with
         *     {@code tenant-} is the namespace, as upstream's {@code --cluster-name})
         * @return this
         */
        public Builder tenantName(String v) {
            this.tenantName = Objects.requireNonNull(v, "tenantName");
            return this;
        }

        /** @param v the {@code loadBalancerClass} served (default {@value TenantAgent#KUBELB_CLASS}) @return this */
        public Builder loadBalancerClass(String v) {
            this.loadBalancerClass = Objects.requireNonNull(v, "loadBalancerClass");
            return this;
        }

        /**
         * @param v whether Services without a {@code loadBalancerClass} are served too (default false: a class-less
         *     Service belongs to the tenant's own cloud CCM or MetalLB)
         * @return this
         */
        public Builder serveClassless(boolean v) {
            this.serveClassless = v;
            return this;
        }

        /** @param v the node address used as back end: {@code ExternalIP} (default, as upstream), {@code InternalIP} or {@code Hostname} @return this */
        public Builder nodeAddressType(String v) {
            this.nodeAddressType = Objects.requireNonNull(v, "nodeAddressType");
            return this;
        }

        /** @param v metrics/audit hooks @return this */
        public Builder listener(TenantAgentListener v) {
            this.listener = Objects.requireNonNull(v, "listener");
            return this;
        }

        /** @param v worker threads (1..64, default 2) @return this */
        public Builder workers(int v) {
            this.workers = v;
            return this;
        }

        /** @param base first retry delay @param max longest retry delay @return this */
        public Builder retryBackoff(Duration base, Duration max) {
            this.retryBase = Objects.requireNonNull(base, "base");
            this.retryMax = Objects.requireNonNull(max, "max");
            return this;
        }

        /** @param v how long the first lists of each cluster may take (default 60 s) @return this */
        public Builder startTimeout(Duration v) {
            this.startTimeout = Objects.requireNonNull(v, "startTimeout");
            return this;
        }

        /**
         * Enables leader election through a Lease in the tenant cluster (upstream: {@code --enable-leader-election}).
         *
         * @param namespace the Lease's namespace @param name the Lease's name @param identity this replica (null or blank: the pod's or host's name
         *     with a random suffix)
         * @return this
         */
        public Builder leaderElection(String namespace, String name, String identity) {
            this.leaseNamespace = Objects.requireNonNull(namespace, "namespace");
            this.leaseName = Objects.requireNonNull(name, "name");
            this.identity = dev.kubelb.core.internal.LeaseCampaign.identityOrDefault(identity);
            return this;
        }

        /** @param lease lease duration @param renew renew deadline @param retry retry period @return this */
        public Builder leaderElectionTimings(Duration lease, Duration renew, Duration retry) {
            this.leaseDuration = Objects.requireNonNull(lease, "lease");
            this.renewDeadline = Objects.requireNonNull(renew, "renew");
            this.retryPeriod = Objects.requireNonNull(retry, "retry");
            return this;
        }

        /**
         * @return the agent, not started
         * @throws ConfigurationException listing every missing or invalid setting
         */
        public TenantAgent build() {
            List<Problem> problems = new ArrayList<>();
            if (tenant == null) {
                problems.add(Problem.of("TenantAgent", "tenantClient", "no client for the tenant cluster"));
            }
            if (management == null) {
                problems.add(Problem.of("TenantAgent", "managementClient", "no client for the management cluster"));
            }
            String ns = null;
            if (tenantName == null || tenantName.isBlank()) {
                problems.add(Problem.of("TenantAgent", "tenantName", "no tenant name (its namespace is tenant-<name>)"));
            } else {
                ns = tenantName.startsWith(KubeLbTenants.NAMESPACE_PREFIX) ? tenantName : KubeLbTenants.NAMESPACE_PREFIX + tenantName;
                if (!ns.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?") || ns.length() > 63) {
                    problems.add(Problem.of("TenantAgent", "tenantName", "'" + ns + "' is not a valid namespace name"));
                }
            }
            if (!ADDRESS_TYPES.contains(nodeAddressType)) {
                problems.add(Problem.of("TenantAgent", "nodeAddressType", "'" + nodeAddressType
                        + "' is not ExternalIP, InternalIP or Hostname"));
            }
            if (workers < 1 || workers > 64) {
                problems.add(Problem.of("TenantAgent", "workers", "must be between 1 and 64"));
            }
            if (!problems.isEmpty()) {
                throw new ConfigurationException(problems);
            }
            return new TenantAgent(this, ns);
        }
    }
}
