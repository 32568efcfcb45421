package dev.kubelb.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubelb.api.AddressPool;
import dev.kubelb.api.Allocation;
import dev.kubelb.api.ApplianceConfig;
import dev.kubelb.api.Backend;
import dev.kubelb.api.ConfigurationException;
import dev.kubelb.api.FailureReason;
import dev.kubelb.api.IpAddress;
import dev.kubelb.api.LoadBalancerId;
import dev.kubelb.api.LoadBalancerRequest;
import dev.kubelb.api.PortSpec;
import dev.kubelb.api.Protocol;
import dev.kubelb.core.AnnotationPolicy;
import dev.kubelb.core.KubeLbLabels;
import dev.kubelb.core.ObjectNames;
import dev.kubelb.core.Plan;
import dev.kubelb.core.Planner;
import dev.kubelb.core.fixtures.TestProvider;
import dev.kubelb.spi.ProviderContext;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PlannerTest {
    static final KubernetesSerialization JSON = new KubernetesSerialization();
    static final ApplianceConfig CONFIG = ApplianceConfig.builder()
            .pool(AddressPool.builder("extern").addresses("10.10.255.200-10.10.255.250").avoidBuggyIps(true).build())
            .build();

    private final Planner planner = Planner.builder(new TestProvider().open(ProviderContext.offline("x")))
            .annotationPolicies(t -> new AnnotationPolicy(Map.of("team.example.com/*", ""), false,
                    List.of("team.example.com/secret"), Map.of("default.example.com/owner", "platform")))
            .build();

    static LoadBalancerRequest request(String tenant, String name, String... annotations) {
        LoadBalancerRequest.Builder b = LoadBalancerRequest.builder(tenant, name)
                .port(PortSpec.of("http", Protocol.TCP, 80))
                .backend(new Backend("nodes", List.of("192.0.2.12", "192.0.2.11", "2001:db8::1"),
                        List.of(PortSpec.of("http", Protocol.TCP, 30080))));
        for (int i = 0; i + 1 < annotations.length; i += 2) {
            b.annotation(annotations[i], annotations[i + 1]);
        }
        return b.build();
    }

    static String yaml(Plan p) {
        StringBuilder sb = new StringBuilder();
        p.objects().forEach(o -> sb.append(JSON.asYaml(o)));
        return sb.append(p.allocations()).append(p.failures()).append(p.warnings()).toString();
    }

    @Test
    void theSameInputGivesAByteIdenticalPlan() {
        List<LoadBalancerRequest> reqs = List.of(request("tenant-b", "api"), request("tenant-a", "web"));
        Plan first = planner.plan(CONFIG, reqs, List.of());
        Plan second = planner.plan(CONFIG, reqs, List.of());
        assertThat(yaml(second)).isEqualTo(yaml(first));
        assertThat(first.allocations()).extracting(a -> a.id().toString(), a -> a.addresses().get(0).toString())
                .as("served in input order, listed by id")
                .containsExactly(org.assertj.core.groups.Tuple.tuple("tenant-a/web", "10.10.255.201"),
                        org.assertj.core.groups.Tuple.tuple("tenant-b/api", "10.10.255.200"));
    }

    @Test
    void existingAllocationsAreReservedBeforeNewOnes() {
        Allocation held = new Allocation(LoadBalancerId.of("tenant-b", "api"), "extern",
                List.of(IpAddress.parse("10.10.255.200")), Optional.empty());
        Plan plan = planner.plan(CONFIG, List.of(request("tenant-a", "web"), request("tenant-b", "api")), List.of(held));
        assertThat(plan.allocations()).extracting(a -> a.id().name(), a -> a.addresses().get(0).toString())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("web", "10.10.255.201"),
                        org.assertj.core.groups.Tuple.tuple("api", "10.10.255.200"));
    }

    @Test
    void aFailedRequestHasATypedFailureAndNoObjects() {
        LoadBalancerRequest outside = request("tenant-a", "pinned").toBuilder().requestedAddresses("192.168.1.1").build();
        Plan plan = planner.plan(CONFIG, List.of(outside, request("tenant-a", "web")), List.of());
        assertThat(plan.failures()).hasSize(1);
        assertThat(plan.failures().get(0).reason()).isEqualTo(FailureReason.ADDRESS_NOT_IN_POOL);
        assertThat(plan.failedIds()).containsExactly(LoadBalancerId.of("tenant-a", "pinned"));
        assertThat(plan.objects()).extracting(o -> o.getMetadata().getName())
                .containsExactly("kubelb-web", "kubelb-web-ipv4", "kubelb-web-ipv6");
    }

    @Test
    void ownedObjectsAreLabelledAndRecordTheAllocation() {
        Plan plan = planner.plan(CONFIG, List.of(request("tenant-a", "web", "team.example.com/cost-center", "42",
                "team.example.com/secret", "x", "metallb.io/loadBalancerIPs", "10.10.255.240", "other.io/x", "y")),
                List.of());
        Service svc = (Service) plan.objects().get(0);
        assertThat(svc.getMetadata().getNamespace()).isEqualTo("tenant-a");
        assertThat(svc.getMetadata().getLabels()).containsEntry(KubeLbLabels.MANAGED_BY, "kubelb")
                .containsEntry(KubeLbLabels.TENANT, "tenant-a").containsEntry(KubeLbLabels.REQUEST, "web");
        assertThat(svc.getMetadata().getAnnotations())
                .as("allow-listed annotations propagate; denied, unlisted and appliance keys never do")
                .containsEntry("team.example.com/cost-center", "42")
                .containsEntry("default.example.com/owner", "platform")
                .containsEntry(KubeLbLabels.ADDRESSES, "10.10.255.200")
                .containsEntry(KubeLbLabels.POOL, "extern")
                .doesNotContainKeys("team.example.com/secret", "metallb.io/loadBalancerIPs", "other.io/x");
        for (HasMetadata o : plan.objects()) {
            assertThat(o.getMetadata().getLabels()).containsEntry(KubeLbLabels.MANAGED_BY, "kubelb");
        }
        EndpointSlice v4 = (EndpointSlice) plan.objects().get(1);
        assertThat(v4.getAddressType()).isEqualTo("IPv4");
        assertThat(v4.getMetadata().getLabels()).containsEntry(KubeLbLabels.SERVICE_NAME, "kubelb-web")
                .containsEntry(KubeLbLabels.ENDPOINTSLICE_MANAGED_BY, KubeLbLabels.ENDPOINTSLICE_MANAGER);
        assertThat(v4.getEndpoints()).flatExtracting(e -> e.getAddresses()).containsExactly("192.0.2.11", "192.0.2.12");
        assertThat(v4.getPorts()).extracting(p -> p.getName(), p -> p.getPort())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("http", 30080));
    }

    @Test
    void duplicateRequestsAreRejected() {
        assertThatThrownBy(() -> planner.plan(CONFIG, List.of(request("tenant-a", "web"), request("tenant-a", "web")),
                List.of())).isInstanceOf(ConfigurationException.class).hasMessage("tenant-a/web: duplicate request");
    }

    @Test
    void managedNamesAreValidLabelsAndNeverCollide() {
        assertThat(ObjectNames.serviceName(LoadBalancerId.of("t", "web"))).isEqualTo("kubelb-web");
        String longName = "a".repeat(70);
        String n1 = ObjectNames.serviceName(LoadBalancerId.of("t", longName));
        String n2 = ObjectNames.serviceName(LoadBalancerId.of("t", longName + "b"));
        assertThat(n1).hasSizeLessThanOrEqualTo(63).matches("[a-z]([-a-z0-9]*[a-z0-9])?");
        assertThat(n1).isNotEqualTo(n2);
        assertThat(ObjectNames.serviceName(LoadBalancerId.of("t", "a.b")))
                .isNotEqualTo(ObjectNames.serviceName(LoadBalancerId.of("t", "a-b")))
                .matches("[a-z]([-a-z0-9]*[a-z0-9])?");
    }
}
