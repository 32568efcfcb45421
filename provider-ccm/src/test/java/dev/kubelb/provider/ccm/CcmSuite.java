package dev.kubelb.provider.ccm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubelb.api.AllocationResult;
import dev.kubelb.api.ApplianceConfig;
import dev.kubelb.api.IpAddress;
import dev.kubelb.api.LoadBalancerId;
import dev.kubelb.api.LoadBalancerRequest;
import dev.kubelb.api.ProviderException;
import dev.kubelb.spi.ApplianceStatus;
import dev.kubelb.spi.ClusterInfo;
import dev.kubelb.spi.ProviderContext;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * End to end against the fabric8 mock server: kubelb renders and creates the Service, a simulated cloud
 * controller provisions it (Events, finalizer, status), kubelb observes the answer and the delegating
 * allocator turns pending into allocated.
 */
@SuppressWarnings("try") // the simulated controllers work in the background while the body runs
abstract class CcmSuite {
    static KubernetesClient client;

    private CcmSession open(String cloud) {
        return (CcmSession) new CcmProvider().open(new ProviderContext(Optional.of(client), "kube-system",
                ClusterInfo.UNKNOWN, Map.of(CcmProvider.OPTION_CLOUD, cloud)));
    }

    private static Service create(CcmSession s, LoadBalancerRequest request, String namespace, String name,
            Map<String, String> extraAnnotations) {
        Service svc = new ServiceBuilder(s.renderService(request, Optional.empty(), ApplianceConfig.EMPTY))
                .editMetadata().withName(name).withNamespace(namespace).addToAnnotations(extraAnnotations).endMetadata()
                .build();
        return client.services().inNamespace(namespace).resource(svc).create();
    }

    private static ApplianceStatus await(Supplier<Optional<ApplianceStatus>> probe, ApplianceStatus.State state)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        Optional<ApplianceStatus> last = Optional.empty();
        while (System.nanoTime() < deadline) {
            last = probe.get();
            if (last.isPresent() && last.get().state() == state) {
                return last.get();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no " + state + " status within 20 s; last: " + last);
    }

    @Test
    void pendingBecomesReadyWhenTheCloudControllerWritesAnIp() throws Exception {
        CcmSession s = open("gcp");
        LoadBalancerRequest request = LoadBalancerRequest.builder("tenant-a", "web")
                .port(dev.kubelb.api.PortSpec.tcp(443)).build();
        assertThat(s.allocator().allocate(request)).isInstanceOf(AllocationResult.Pending.class);
        try (SimulatedCcm ccm = new SimulatedCcm(client, null, false, "EnsuredLoadBalancer")) {
            create(s, request, "lb-gcp", "tenant-a-web", Map.of());
            ApplianceStatus ready = await(() -> s.refresh("lb-gcp", "tenant-a-web"), ApplianceStatus.State.READY);
            assertThat(ready.ingress()).singleElement().satisfies(i -> {
                assertThat(i.ip()).contains("203.0.113.11");
                assertThat(i.ipMode()).contains("VIP");
            });
        }
        AllocationResult result = s.allocator().allocate(request);
        assertThat(result.allocation()).hasValueSatisfying(a -> {
            assertThat(a.pool()).isEqualTo("ccm/gcp");
            assertThat(a.addresses()).containsExactly(IpAddress.parse("203.0.113.11"));
        });
        Service inCluster = client.services().inNamespace("lb-gcp").withName("tenant-a-web").get();
        assertThat(inCluster.getMetadata().getFinalizers()).as("the controller's finalizer, not ours")
                .containsExactly(CloudProfile.CLEANUP_FINALIZER);
    }

    @Test
    void awsAnswersWithAHostName() throws Exception {
        CcmSession s = open("aws-lbc");
        LoadBalancerRequest request = LoadBalancerRequest.builder("tenant-b", "api")
                .port(dev.kubelb.api.PortSpec.tcp(443)).build();
        try (SimulatedCcm ccm = new SimulatedCcm(client, "service.k8s.aws/nlb", true, "SuccessfullyReconciled");
                SimulatedCcm defaultController = new SimulatedCcm(client, null, false, "EnsuredLoadBalancer")) {
            create(s, request, "lb-aws", "tenant-b-api", Map.of());
            ApplianceStatus ready = await(() -> s.refresh("lb-aws", "tenant-b-api"), ApplianceStatus.State.READY);
            assertThat(ready.ingress()).singleElement().satisfies(i -> {
                assertThat(i.hostname()).hasValueSatisfying(h -> assertThat(h).endsWith(".elb.eu-west-1.amazonaws.com"));
                assertThat(i.ip()).isEmpty();
            });
        }
        AllocationResult result = s.allocator().allocate(request);
        assertThat(result).isInstanceOf(AllocationResult.Pending.class);
        assertThat(((AllocationResult.Pending) result).message()).contains("reports host name tenant-b-api-")
                .contains("and no IP address");
        Service inCluster = client.services().inNamespace("lb-aws").withName("tenant-b-api").get();
        assertThat(inCluster.getSpec().getLoadBalancerClass()).isEqualTo("service.k8s.aws/nlb");
        assertThat(inCluster.getStatus().getLoadBalancer().getIngress()).as("the default controller left it alone")
                .hasSize(1);
    }

    @Test
    void aSyncFailureIsReportedWithTheControllersMessage() throws Exception {
        CcmSession s = open("gcp");
        LoadBalancerRequest request = LoadBalancerRequest.builder("tenant-c", "db")
                .port(dev.kubelb.api.PortSpec.tcp(5432)).build();
        try (SimulatedCcm ccm = new SimulatedCcm(client, null, false, "EnsuredLoadBalancer")) {
            create(s, request, "lb-fail", "tenant-c-db", Map.of(SimulatedCcm.FAIL, "QUOTA_EXCEEDED"));
            ApplianceStatus failed = await(() -> s.refresh("lb-fail", "tenant-c-db"), ApplianceStatus.State.FAILED);
            assertThat(failed.message()).isEqualTo("SyncLoadBalancerFailed: Error syncing load balancer: failed to"
                    + " ensure load balancer: QUOTA_EXCEEDED");
        }
        assertThat(s.allocator().allocate(request)).isInstanceOf(AllocationResult.Pending.class);
        assertThat(s.allocator().observed(LoadBalancerId.of("tenant-c", "db")))
                .hasValueSatisfying(st -> assertThat(st.state()).isEqualTo(ApplianceStatus.State.FAILED));
    }

    @Test
    void aCreateOnlyChangeIsRefusedAgainstTheProvisionedService() throws Exception {
        CcmSession s = open("aws");
        LoadBalancerRequest request = LoadBalancerRequest.builder("tenant-d", "mq")
                .port(dev.kubelb.api.PortSpec.tcp(5671))
                .exposure(Fixtures.subnet(null, "subnet-a")).build();
        try (SimulatedCcm ccm = new SimulatedCcm(client, null, true, "EnsuredLoadBalancer")) {
            create(s, request, "lb-update", "tenant-d-mq", Map.of());
            await(() -> s.refresh("lb-update", "tenant-d-mq"), ApplianceStatus.State.READY);
        }
        Service existing = client.services().inNamespace("lb-update").withName("tenant-d-mq").get();
        Service desired = new ServiceBuilder(s.renderService(request.toBuilder()
                .exposure(Fixtures.subnet(null, "subnet-b")).build(), Optional.empty(), ApplianceConfig.EMPTY))
                .editMetadata().withName("tenant-d-mq").withNamespace("lb-update").endMetadata().build();
        assertThat(s.checkUpdate(existing, desired)).singleElement().satisfies(p -> {
            assertThat(p.object()).isEqualTo("Service/lb-update/tenant-d-mq");
            assertThat(p.message()).contains("from 'subnet-a' to 'subnet-b' would be silently ignored");
        });
    }

    @Test
    void backendNodesFromTheCluster() {
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName("n1").endMetadata()
                .withNewStatus().addNewAddress().withType("InternalIP").withAddress("10.0.0.1").endAddress()
                .endStatus().build()).create();
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName("n2")
                .addToLabels(BackendNodes.EXCLUDE_LABEL, "").endMetadata()
                .withNewStatus().addNewAddress().withType("InternalIP").withAddress("10.0.0.2").endAddress()
                .endStatus().build()).create();
        assertThat(BackendNodes.select(client.nodes().list().getItems()))
                .extracting(n -> n.getMetadata().getName()).containsExactly("n1");
    }

    @Test
    void refreshNeedsAClient() {
        CcmSession offline = Fixtures.session("gcp");
        assertThatThrownBy(() -> offline.refresh("x", "y")).isInstanceOf(ProviderException.class)
                .hasMessage("[ccm] refresh needs a Kubernetes client; the session was opened offline");
    }
}
