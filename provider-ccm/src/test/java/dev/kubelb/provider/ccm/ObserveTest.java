package dev.kubelb.provider.ccm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelb.spi.ApplianceStatus;
import dev.kubelb.spi.ApplianceStatus.State;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.LoadBalancerIngressBuilder;
import io.fabric8.kubernetes.api.model.PortStatusBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The cloud's answer: ingress IP or host name, ipMode, port errors, and the service controller's Events. */
class ObserveTest {
    private final CcmSession session = Fixtures.session("gcp");

    static Service service(LoadBalancerIngress... ingress) {
        ServiceBuilder b = new ServiceBuilder().withNewMetadata().withName("web").withNamespace("tenant-a")
                .withUid("uid-1").endMetadata().withNewSpec().withType("LoadBalancer").endSpec();
        if (ingress.length > 0) {
            b.withNewStatus().withNewLoadBalancer().withIngress(ingress).endLoadBalancer().endStatus();
        }
        return b.build();
    }

    static Event event(String reason, String message, String lastTimestamp) {
        return new EventBuilder().withNewMetadata().withName("web." + reason).withNamespace("tenant-a").endMetadata()
                .withNewInvolvedObject().withKind("Service").withName("web").withNamespace("tenant-a").withUid("uid-1")
                .endInvolvedObject().withReason(reason).withMessage(message).withLastTimestamp(lastTimestamp)
                .withType(reason.contains("Failed") ? "Warning" : "Normal").build();
    }

    private static LoadBalancerIngress ip(String ip) {
        return new LoadBalancerIngressBuilder().withIp(ip).build();
    }

    @Test
    void ipIngressWithIpModeAndPortErrors() {
        ApplianceStatus s = session.observe(service(new LoadBalancerIngressBuilder().withIp("34.1.2.3")
                .withIpMode("Proxy").withPorts(new PortStatusBuilder().withPort(53).withProtocol("UDP")
                        .withError("PortAllocationFailed").build(), new PortStatusBuilder().withPort(443)
                        .withProtocol("TCP").build()).build(), ip("2600:1900::7")));
        assertThat(s.state()).isEqualTo(State.READY);
        assertThat(s.ingress()).containsExactly(
                new ApplianceStatus.Ingress(Optional.of("34.1.2.3"), Optional.empty(), Optional.of("Proxy"),
                        List.of("53/UDP: PortAllocationFailed")),
                ApplianceStatus.Ingress.ofIp("2600:1900::7"));
        assertThat(s.message()).isEqualTo("port errors: 53/UDP: PortAllocationFailed");
    }

    @Test
    void hostnameIngressAsAwsReportsIt() {
        ApplianceStatus s = Fixtures.session("aws").observe(service(new LoadBalancerIngressBuilder()
                .withHostname("web-0123456789.elb.eu-west-1.amazonaws.com").build()));
        assertThat(s.state()).isEqualTo(State.READY);
        assertThat(s.ingress()).singleElement().satisfies(i -> {
            assertThat(i.hostname()).contains("web-0123456789.elb.eu-west-1.amazonaws.com");
            assertThat(i.ip()).isEmpty();
        });
    }

    @Test
    void nothingYetIsPending() {
        ApplianceStatus s = session.observe(service());
        assertThat(s.state()).isEqualTo(State.PENDING);
        assertThat(s.message()).isEqualTo("waiting for the gcp cloud controller to report status.loadBalancer.ingress");
    }

    @Test
    void ensuringIsPendingUntilEnsuredWithAnIngress() {
        List<Event> events = new ArrayList<>(List.of(event("EnsuringLoadBalancer", "Ensuring load balancer",
                "2026-11-25T10:00:00Z")));
        ApplianceStatus ensuring = session.observe(service(), events);
        assertThat(ensuring.state()).isEqualTo(State.PENDING);
        assertThat(ensuring.message()).isEqualTo("the gcp cloud controller is provisioning the load balancer"
                + " (EnsuringLoadBalancer: Ensuring load balancer)");
        events.add(event("EnsuredLoadBalancer", "Ensured load balancer", "2026-11-25T10:00:40Z"));
        assertThat(session.observe(service(), events).state()).as("ensured but status not written yet")
                .isEqualTo(State.PENDING);
        assertThat(session.observe(service(ip("34.1.2.3")), events).state()).isEqualTo(State.READY);
    }

    @Test
    void syncFailureIsFailedWithTheControllersMessage() {
        List<Event> events = List.of(
                event("EnsuringLoadBalancer", "Ensuring load balancer", "2026-11-25T10:00:00Z"),
                event("SyncLoadBalancerFailed", "Error syncing load balancer: failed to ensure load balancer:"
                        + " QUOTA_EXCEEDED: Quota 'FORWARDING_RULES' exceeded", "2026-11-25T10:00:05Z"));
        ApplianceStatus s = session.observe(service(), events);
        assertThat(s.state()).isEqualTo(State.FAILED);
        assertThat(s.message()).isEqualTo("SyncLoadBalancerFailed: Error syncing load balancer: failed to ensure"
                + " load balancer: QUOTA_EXCEEDED: Quota 'FORWARDING_RULES' exceeded");
        assertThat(s.reason()).isEmpty();
    }

    @Test
    void theMostRecentEventDecidesWhateverTheListOrder() {
        List<Event> events = List.of(
                event("EnsuredLoadBalancer", "Ensured load balancer", "2026-11-25T10:05:00Z"),
                event("SyncLoadBalancerFailed", "Error syncing load balancer: boom", "2026-11-25T10:01:00Z"),
                event("Scheduled", "not ours", "2026-11-25T10:09:00Z"));
        assertThat(session.observe(service(ip("34.1.2.3")), events).state()).isEqualTo(State.READY);
        List<Event> later = List.of(events.get(0), event("UpdateLoadBalancerFailed",
                "Error updating load balancer with new hosts [n1]: boom", "2026-11-25T10:06:00Z"));
        ApplianceStatus s = session.observe(service(ip("34.1.2.3")), later);
        assertThat(s.state()).isEqualTo(State.FAILED);
        assertThat(s.ingress()).as("the ingress is still reported").hasSize(1);
        assertThat(session.observe(service(ip("34.1.2.3")), List.of(later.get(1),
                event("UpdatedLoadBalancer", "Updated load balancer with new hosts", "2026-11-25T10:07:00Z")))
                .state()).isEqualTo(State.READY);
    }

    @Test
    void updatingAnExistingLoadBalancerKeepsItReady() {
        ApplianceStatus s = session.observe(service(ip("34.1.2.3")), List.of(
                event("EnsuredLoadBalancer", "Ensured load balancer", "2026-11-25T10:00:00Z"),
                event("EnsuringLoadBalancer", "Ensuring load balancer", "2026-11-25T11:00:00Z")));
        assertThat(s.state()).isEqualTo(State.READY);
        assertThat(s.message()).startsWith("serving while the gcp cloud controller updates it");
    }

    @Test
    void deletionIsPending() {
        assertThat(session.observe(service(ip("34.1.2.3")), List.of(event("DeletingLoadBalancer",
                "Deleting load balancer", "2026-11-25T12:00:00Z"))).state()).isEqualTo(State.PENDING);
        assertThat(session.observe(service(), List.of(event("DeletedLoadBalancer", "Deleted load balancer",
                "2026-11-25T12:01:00Z"))).message()).isEqualTo("DeletedLoadBalancer: Deleted load balancer");
    }

    @Test
    void eventsOfOtherObjectsAreIgnored() {
        Event other = new EventBuilder(event("SyncLoadBalancerFailed", "boom", "2026-11-25T10:00:00Z"))
                .editInvolvedObject().withName("api").withUid("uid-2").endInvolvedObject().build();
        assertThat(session.observe(service(ip("34.1.2.3")), List.of(other)).state()).isEqualTo(State.READY);
    }

    @Test
    void aProfileAddsItsControllersOwnEventReasons() {
        CcmSession lbc = Fixtures.session("aws-lbc");
        ApplianceStatus failed = lbc.observe(service(), List.of(event("FailedDeployModel",
                "Failed deploy model due to AccessDenied", "2026-11-25T10:00:00Z")));
        assertThat(failed.state()).isEqualTo(State.FAILED);
        assertThat(failed.message()).isEqualTo("FailedDeployModel: Failed deploy model due to AccessDenied");
        assertThat(session.observe(service(), List.of(event("FailedDeployModel", "x", "2026-11-25T10:00:00Z")))
                .state()).as("not a GKE reason").isEqualTo(State.PENDING);
        assertThat(lbc.observe(service(new LoadBalancerIngressBuilder().withHostname("k8s-web.elb.amazonaws.com")
                .build()), List.of(event("SuccessfullyReconciled", "Successfully reconciled", "2026-11-25T10:01:00Z")))
                .state()).isEqualTo(State.READY);
    }
}
