package dev.kubelb.provider.ccm;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.LoadBalancerIngressBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for a cloud's service controller on the fabric8 mock server (which runs no controller):
 * it watches Services of type LoadBalancer of the class it serves, records Kubernetes-style Events,
 * adds the cleanup finalizer and writes {@code status.loadBalancer.ingress} (an IP, or a host name as AWS
 * does). A Service annotated {@value #FAIL} gets a {@code SyncLoadBalancerFailed} Event instead.
 */
final class SimulatedCcm implements AutoCloseable {
    static final String FAIL = "sim.example/fail";
    private static final Instant BASE = Instant.parse("2026-11-25T10:00:00Z");

    private final KubernetesClient client;
    private final String servedClass;
    private final boolean hostnames;
    private final String readyReason;
    private final Set<String> handled = ConcurrentHashMap.newKeySet();
    private final AtomicInteger clock = new AtomicInteger();
    private final AtomicInteger addresses = new AtomicInteger(10);
    private final SharedIndexInformer<Service> informer;

    SimulatedCcm(KubernetesClient client, String servedClass, boolean hostnames, String readyReason) {
        this.client = client;
        this.servedClass = servedClass;
        this.hostnames = hostnames;
        this.readyReason = readyReason;
        this.informer = client.services().inAnyNamespace().inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Service s) {
                handle(s);
            }

            @Override
            public void onUpdate(Service old, Service s) {
                handle(s);
            }

            @Override
            public void onDelete(Service s, boolean unknown) {
                // nothing to clean up in a simulation
            }
        });
    }

    private void handle(Service s) {
        if (!"LoadBalancer".equals(s.getSpec().getType())
                || !Objects.equals(servedClass, s.getSpec().getLoadBalancerClass())
                || s.getMetadata().getDeletionTimestamp() != null
                || s.getMetadata().getFinalizers().contains(CloudProfile.CLEANUP_FINALIZER)
                || !handled.add(s.getMetadata().getUid())) {
            return;
        }
        String ns = s.getMetadata().getNamespace();
        String name = s.getMetadata().getName();
        event(s, "EnsuringLoadBalancer", "Ensuring load balancer", "Normal");
        client.services().inNamespace(ns).withName(name).edit(x -> {
            x.getMetadata().getFinalizers().add(CloudProfile.CLEANUP_FINALIZER);
            return x;
        });
        if (s.getMetadata().getAnnotations() != null && s.getMetadata().getAnnotations().containsKey(FAIL)) {
            event(s, "SyncLoadBalancerFailed", "Error syncing load balancer: failed to ensure load balancer: "
                    + s.getMetadata().getAnnotations().get(FAIL), "Warning");
            return;
        }
        int n = addresses.incrementAndGet();
        LoadBalancerIngressBuilder ingress = new LoadBalancerIngressBuilder();
        if (hostnames) {
            ingress.withHostname(name + "-" + n + ".elb.eu-west-1.amazonaws.com");
        } else {
            ingress.withIp("203.0.113." + n).withIpMode("VIP");
        }
        Service latest = client.services().inNamespace(ns).withName(name).get();
        latest.setStatus(new io.fabric8.kubernetes.api.model.ServiceStatusBuilder().withNewLoadBalancer()
                .withIngress(ingress.build()).endLoadBalancer().build());
        client.services().inNamespace(ns).resource(latest).updateStatus();
        event(s, readyReason, "Ensured load balancer", "Normal");
    }

    private void event(Service s, String reason, String message, String type) {
        int t = clock.incrementAndGet();
        client.v1().events().inNamespace(s.getMetadata().getNamespace()).resource(new EventBuilder()
                .withNewMetadata().withName(s.getMetadata().getName() + "." + java.util.UUID.randomUUID()).endMetadata()
                .withNewInvolvedObject().withKind("Service").withApiVersion("v1")
                .withName(s.getMetadata().getName()).withNamespace(s.getMetadata().getNamespace())
                .withUid(s.getMetadata().getUid()).endInvolvedObject()
                .withReason(reason).withMessage(message).withType(type)
                .withLastTimestamp(BASE.plusSeconds(t).toString())
                .withNewSource().withComponent("service-controller").endSource().build()).create();
    }

    @Override
    public void close() {
        informer.close();
    }
}
