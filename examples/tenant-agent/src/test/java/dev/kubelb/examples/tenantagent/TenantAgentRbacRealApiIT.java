package dev.kubelb.examples.tenantagent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubelb.api.KubeLbException;
import dev.kubelb.core.TenantAgent;
import dev.kubelb.core.crd.KubeLbLoadBalancer;
import dev.kubelb.core.crd.KubeLbTenant;
import dev.kubelb.core.testkit.Clusters;
import dev.kubelb.core.testkit.RealApi;
import dev.kubelb.core.testkit.RealApiServer;
import dev.kubelb.core.testkit.SecondCluster;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LoadBalancerIngressBuilder;
import io.fabric8.kubernetes.api.model.LoadBalancerStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Least privilege, as deployed: {@code deploy/tenant-agent/management} (a Role in the tenant's namespace) applied to
 * the management cluster for tenants {@code t} and {@code other}, {@code deploy/tenant-agent/tenant} (ClusterRole,
 * Lease Role) to the tenant cluster, and the agent running with tokens of those ServiceAccounts in both. It serves
 * its own tenant; told to write into another tenant's namespace, it cannot, and nothing appears there.
 */
@RealApi(namespaces = {"tenant-t", "tenant-other"})
class TenantAgentRbacRealApiIT {
    static RealApiServer real;
    static SecondCluster tenantCluster;
    static KubernetesClient tenant;

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeAll
    static void deploy() throws Exception {
        tenantCluster = SecondCluster.likeTheFirst("TenantAgentRbacRealApiIT-tenant");
        tenant = tenantCluster.admin();
        String mgmt = Kubectl.deploy().resolve("management").toString();
        // as shipped (namespace tenant-example): applied, then passing a server-side dry run
        assertThat(Kubectl.run(real, "apply", "-k", mgmt)).contains("namespace/tenant-example",
                "role.rbac.authorization.k8s.io/kubelb-tenant-agent", "rolebinding.rbac.authorization.k8s.io/kubelb-tenant-agent");
        assertThat(Kubectl.run(real, "apply", "--dry-run=server", "-k", mgmt)).contains("(server dry run)");
        // the same files for two tenants, each in its own namespace (an operator's copy per tenant)
        for (String ns : List.of("tenant-t", "tenant-other")) {
            for (String f : List.of("serviceaccount.yaml", "role.yaml", "rolebinding.yaml")) {
                for (HasMetadata o : HubAndSpoke.parse(Files.readString(Kubectl.deploy().resolve("management").resolve(f)))) {
                    o.getMetadata().setNamespace(ns);
                    real.admin().resource(o).createOr(x -> x.update());
                }
            }
        }
        String out = Kubectl.run(tenantCluster.real().orElseThrow(), "apply", "-k", Kubectl.deploy().resolve("tenant").toString());
        assertThat(out).contains("clusterrole.rbac.authorization.k8s.io/kubelb-tenant-agent", "deployment.apps/kubelb-tenant-agent");
        HubAndSpoke.namespaces(tenant, "apps");
        HubAndSpoke.node(tenant, "tenant-node-1", "198.51.100.11");
    }

    @AfterAll
    static void stop() {
        if (tenantCluster != null) {
            tenantCluster.close();
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        Clusters.reset(tenant);
        tenant.leases().inAnyNamespace().delete();
    }

    TenantAgent agent(String tenantName, String credentialsNamespace) {
        KubernetesClient mgmt = real.clientAs(credentialsNamespace, "kubelb-tenant-agent");
        KubernetesClient tenantSa = tenantCluster.real().orElseThrow().clientAs("kube-system", "kubelb-tenant-agent");
        toClose.add(mgmt);
        toClose.add(tenantSa);
        TenantAgent a = TenantAgent.builder().tenantClient(tenantSa).managementClient(mgmt).tenantName(tenantName)
                .leaderElection("kube-system", "kubelb-tenant-agent", "pod-1").startTimeout(Duration.ofSeconds(20))
                .retryBackoff(Duration.ofMillis(20), Duration.ofMillis(500)).build();
        toClose.add(a);
        return a;
    }

    @Test
    void asItsServiceAccountsTheAgentServesItsTenant() throws Exception {
        TenantAgent a = agent("t", "tenant-t").start();
        Clusters.await(a::isLeader, "leadership as the tenant cluster's ServiceAccount", Duration.ofSeconds(30));
        tenant.services().resource(HubAndSpoke.service("web", 80)).create();
        Clusters.await(() -> !lbs("tenant-t").isEmpty(), "mirrored as the management ServiceAccount", Duration.ofSeconds(30));
        KubeLbLoadBalancer lb = lbs("tenant-t").get(0);
        lb.setStatus(new KubeLbLoadBalancer.Status());
        lb.getStatus().loadBalancer = new LoadBalancerStatus(List.of(new LoadBalancerIngressBuilder().withIp("10.10.255.200").build()));
        real.admin().resources(KubeLbLoadBalancer.class).inNamespace("tenant-t").resource(lb).updateStatus(); // the manager
        Clusters.await(() -> "10.10.255.200".equals(HubAndSpoke.ingressIp(tenant, "web")), "status copied back",
                Duration.ofSeconds(30));
        tenant.services().inNamespace("apps").withName("web").delete();
        Clusters.await(() -> lbs("tenant-t").isEmpty() && tenant.services().inNamespace("apps").withName("web").get() == null,
                "deleted in both clusters", Duration.ofSeconds(30));
    }

    @Test
    void toldToWriteIntoAnotherTenantsNamespaceItCannot() throws Exception {
        tenant.services().resource(HubAndSpoke.service("web", 80)).create();
        // tenant t's credentials, told it is tenant "other": refused at once, naming the namespace and the answer
        TenantAgent wrong = agent("other", "tenant-t");
        assertThatThrownBy(wrong::start).isInstanceOf(KubeLbException.class)
                .hasMessageContaining("tenant-other").hasMessageContaining("403");
        // nor can those credentials write there directly, or read anything outside their namespace
        KubernetesClient mgmt = real.clientAs("tenant-t", "kubelb-tenant-agent");
        toClose.add(mgmt);
        KubeLbLoadBalancer forged = HubAndSpoke.parse(HubAndSpoke.resource("upstream-ccm-objects.yaml")).stream()
                .filter(o -> o.getKind().equals("LoadBalancer")).findFirst().map(o -> mgmt.getKubernetesSerialization()
                        .convertValue(o, KubeLbLoadBalancer.class)).orElseThrow();
        forged.getMetadata().setNamespace("tenant-other");
        assertThat(code(() -> mgmt.resources(KubeLbLoadBalancer.class).inNamespace("tenant-other").resource(forged).create())).isEqualTo(403);
        assertThat(code(() -> mgmt.resources(KubeLbLoadBalancer.class).inAnyNamespace().list())).isEqualTo(403);
        assertThat(code(() -> mgmt.secrets().inNamespace("tenant-t").list())).isEqualTo(403);
        assertThat(code(() -> mgmt.resources(KubeLbTenant.class).list())).isEqualTo(403);
        assertThat(code(() -> mgmt.resources(KubeLbLoadBalancer.class).inNamespace("tenant-t").withName("x")
                .editStatus(x -> x))).as("no status writes: those are the manager's").isIn(403, 404);
        assertThat(lbs("tenant-other")).isEmpty();
        assertThat(tenant.services().inNamespace("apps").withName("web").get().getMetadata().getFinalizers())
                .as("the refused agent never touched the tenant Service").isNullOrEmpty();
    }

    static List<KubeLbLoadBalancer> lbs(String ns) {
        return real.admin().resources(KubeLbLoadBalancer.class).inNamespace(ns).list().getItems();
    }

    static int code(Runnable r) {
        try {
            r.run();
            return 200;
        } catch (KubernetesClientException e) {
            return e.getCode();
        }
    }
}
