package dev.kubelb.examples.hostcontroller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelb.core.ApplyStrategy;
import dev.kubelb.core.KubeLb;
import dev.kubelb.core.SimulatedAppliance;
import dev.kubelb.core.testkit.Clusters;
import dev.kubelb.core.testkit.RealApi;
import dev.kubelb.core.testkit.RealApiServer;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The host controller as it is deployed: {@code deploy/} applied to a real kube-apiserver with MetalLB's
 * real CRDs, and the engine running with a token of {@code deploy/}'s ServiceAccount, so a verb missing
 * from the ClusterRole fails here. The seed: MetalLB pool {@code extern}, a tenant Service of the served
 * class gets {@code 10.10.255.200}.
 */
@RealApi
class HostControllerRealApiIT {
    static RealApiServer real;
    static Path deploy;

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeAll
    static void applyDeploy() throws Exception {
        Clusters.onRealServer();
        deploy = locateDeploy();
        assertThat(kubectl("apply", "-k", deploy.toString())).contains("clusterrole.rbac.authorization.k8s.io/kubelb-host-controller");
        real.ensureNamespace("metallb-system");
        real.ensureNamespace("tenant-a");
        real.admin().resource(load(real.admin(), "seed-pool.yaml")).create();
        real.admin().resource(load(real.admin(), "seed-advertisement.yaml")).create();
    }

    @AfterEach
    void tearDown() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        Clusters.reset(real.admin());
        real.admin().leases().inNamespace("kubelb-system").delete();
    }

    @Test
    void theManifestsPassServerSideDryRun() throws Exception {
        String out = kubectl("apply", "--dry-run=server", "-k", deploy.toString());
        assertThat(out).contains("deployment.apps/kubelb-host-controller", "serviceaccount/kubelb-host-controller",
                "role.rbac.authorization.k8s.io/kubelb-leader-election", "(server dry run)");
    }

    @Test
    void servesTheSeedAsTheDeployedServiceAccount() throws Exception {
        KubernetesClient sa = real.clientAs("kubelb-system", "kubelb-host-controller");
        toClose.add(sa);
        assertThat(sa.services().inNamespace("tenant-a").list().getItems()).isNotNull();
        assertThat(catchForbidden(() -> sa.secrets().inNamespace("kubelb-system").list()))
                .as("the ServiceAccount reads no Secrets").isTrue();

        KubeLb lb = HostController.engine(sa, settings("replica-1"), ApplyStrategy.serverSideApply());
        toClose.add(SimulatedAppliance.start(real.admin()));
        toClose.add(lb);
        assertThat(lb.provider().name()).isEqualTo("metallb");
        assertThat(lb.configuration().pool("extern")).isPresent();
        lb.start();
        Clusters.await(lb::isLeader, "leadership as the ServiceAccount", Duration.ofSeconds(30));
        real.admin().services().resource(service("other", null)).create();
        real.admin().services().resource(service("web", HostController.DEFAULT_CLASS)).create();
        Clusters.awaitServedByList(real.admin(), "tenant-a", "web");
        assertThat(Clusters.ingressIp(real.admin(), "tenant-a", "web")).isEqualTo("10.10.255.200");
        assertThat(lb.awaitIdle(Duration.ofSeconds(10))).isTrue();
        assertThat(Clusters.ingressIp(real.admin(), "tenant-a", "other")).isNull();
    }

    @Test
    void aVerbMissingFromTheClusterRoleLeavesTheRequestUnserved() throws Exception {
        // the ClusterRole without services/status: the engine allocates but cannot report, and says so
        ClusterRole role = real.admin().rbac().clusterRoles().withName("kubelb-host-controller").get();
        ClusterRole reduced = real.admin().rbac().clusterRoles().withName("kubelb-host-controller").edit(r -> {
            r.getRules().removeIf(rule -> rule.getResources().contains("services/status"));
            return r;
        });
        try {
            assertThat(reduced.getRules()).noneMatch(r -> r.getResources().contains("services/status"));
            KubernetesClient sa = real.clientAs("kubelb-system", "kubelb-host-controller");
            toClose.add(sa);
            KubeLb lb = HostController.engine(sa, settings("replica-2"), ApplyStrategy.serverSideApply());
            toClose.add(SimulatedAppliance.start(real.admin()));
            toClose.add(lb);
            lb.start();
            Clusters.await(lb::isLeader, "leadership", Duration.ofSeconds(30));
            real.admin().services().resource(service("web", HostController.DEFAULT_CLASS)).create();
            // the appliance (admin) serves the owned Service; the status copy-back is what the role forbids
            Clusters.await(() -> real.admin().services().inNamespace("tenant-a").withName("kubelb-web").get() != null
                    && Clusters.ingressIp(real.admin(), "tenant-a", "kubelb-web") != null,
                    "the owned Service served by the appliance", Duration.ofSeconds(30));
            assertThat(lb.allocator().orElseThrow().allocations()).as("allocated").hasSize(1);
            assertThat(Clusters.ingressIp(real.admin(), "tenant-a", "web")).as("but not reported").isNull();
        } finally {
            role.getMetadata().setResourceVersion(null);
            real.admin().resource(role).update();
        }
        // the verb given back, the engine's retries get through: the missing verb was all that stood in the way
        Clusters.await(() -> "10.10.255.200".equals(Clusters.ingressIp(real.admin(), "tenant-a", "web")),
                "served once services/status is granted again", Duration.ofSeconds(30));
    }

    /**
     * What the appliance says reaches the deployed engine: MetalLB refuses a pinned address only with an
     * {@code AllocationFailed} Event on the owned Service, which the ServiceAccount must be allowed to watch.
     * The request turns Ready=False with MetalLB's reason at once, with no appliance status to wait for.
     */
    @Test
    void theAppliancesRefusalReachesTheRequestAsTheDeployedServiceAccount() throws Exception {
        KubernetesClient sa = real.clientAs("kubelb-system", "kubelb-host-controller");
        toClose.add(sa);
        KubeLb lb = HostController.engine(sa, settings("replica-3"), ApplyStrategy.serverSideApply());
        toClose.add(lb); // no appliance: the owned Service stays pending until MetalLB's word arrives
        lb.start();
        Clusters.await(lb::isLeader, "leadership", Duration.ofSeconds(30));
        assertThat(lb.health().watches()).containsEntry("appliance Events", "watching");
        real.admin().services().resource(service("web", HostController.DEFAULT_CLASS)).create();
        Clusters.await(() -> real.admin().services().inNamespace("tenant-a").withName("kubelb-web").get() != null,
                "the owned Service", Duration.ofSeconds(30));
        Service owned = real.admin().services().inNamespace("tenant-a").withName("kubelb-web").get();
        // as MetalLB's controller records it (controller/service.go: "AllocationFailed")
        real.admin().v1().events().inNamespace("tenant-a").resource(new io.fabric8.kubernetes.api.model.EventBuilder()
                .withNewMetadata().withName("kubelb-web.refused").withNamespace("tenant-a").endMetadata()
                .withNewInvolvedObject().withApiVersion("v1").withKind("Service").withName("kubelb-web")
                .withNamespace("tenant-a").withUid(owned.getMetadata().getUid()).endInvolvedObject()
                .withType("Warning").withReason("AllocationFailed")
                .withMessage("Failed to allocate IP for \"tenant-a/kubelb-web\": \"10.10.255.200\" is not allowed in config")
                .withNewSource().withComponent("metallb-controller").endSource()
                .withLastTimestamp(java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString())
                .build()).create();
        Clusters.await(() -> readyCondition("web") != null && "False".equals(readyCondition("web").getStatus()),
                "Ready=False on the request", Duration.ofSeconds(30));
        assertThat(readyCondition("web").getMessage()).contains("is not allowed in config");
    }

    private static io.fabric8.kubernetes.api.model.Condition readyCondition(String name) {
        Service s = real.admin().services().inNamespace("tenant-a").withName(name).get();
        return s == null || s.getStatus() == null || s.getStatus().getConditions() == null ? null
                : s.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType())).findFirst()
                        .orElse(null);
    }

    private static boolean catchForbidden(Runnable r) {
        try {
            r.run();
            return false;
        } catch (KubernetesClientException e) {
            return e.getCode() == 403;
        }
    }

    private static HostController.Settings settings(String pod) {
        return HostController.Settings.from(Map.of("KUBELB_PROVIDER", "metallb", "POD_NAME", pod,
                "KUBELB_LEASE_NAMESPACE", "kubelb-system"));
    }

    private static Service service(String name, String cls) {
        return new ServiceBuilder().withNewMetadata().withName(name).withNamespace("tenant-a").endMetadata()
                .withNewSpec().withType("LoadBalancer").withLoadBalancerClass(cls).addNewPort().withName("http")
                .withProtocol("TCP").withPort(80).endPort().endSpec().build();
    }

    private static HasMetadata load(KubernetesClient client, String resource) throws IOException {
        try (var in = HostControllerRealApiIT.class.getResourceAsStream(resource)) {
            return (GenericKubernetesResource) client.getKubernetesSerialization()
                    .unmarshal(in, GenericKubernetesResource.class);
        }
    }

    private static Path locateDeploy() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("deploy/kustomization.yaml"))) {
                return d.resolve("deploy");
            }
        }
        throw new IllegalStateException("deploy/kustomization.yaml not found above " + Path.of("").toAbsolutePath());
    }

    private static String kubectl(String... args) throws IOException, InterruptedException {
        Path kubeconfig = real.writeKubeconfig(Files.createTempFile("kubeconfig", ".yaml"));
        List<String> cmd = new ArrayList<>(List.of(real.assets().kubectl().orElseThrow().toString(),
                "--kubeconfig", kubeconfig.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        Files.delete(kubeconfig);
        assertThat(p.exitValue()).as("kubectl %s: %s", String.join(" ", args), out).isZero();
        return out;
    }
}
