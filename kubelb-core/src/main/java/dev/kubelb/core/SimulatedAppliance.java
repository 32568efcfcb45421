package dev.kubelb.core;

import dev.kubelb.api.IpAddress;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.LoadBalancerIngressBuilder;
import io.fabric8.kubernetes.api.model.LoadBalancerStatus;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A <strong>simulated</strong> appliance for the embedded default and for tests: it answers the Services
 * kubelb manages the way MetalLB or Cilium would once they have configured the address — by writing
 * {@code status.loadBalancer.ingress} with the pinned addresses. For appliances that allocate
 * themselves (cloud CCMs) it hands out addresses from {@code 203.0.113.0/24} (TEST-NET-3), or host names.
 * It announces nothing and forwards no traffic: it is not a load balancer.
 */
public final class SimulatedAppliance implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SimulatedAppliance.class);

    private final KubernetesClient client;
    private final boolean hostnames;
    private final ExecutorService writer;
    private final SharedIndexInformer<Service> informer;
    private final AtomicInteger next = new AtomicInteger(1);

    private SimulatedAppliance(KubernetesClient client, boolean hostnames) {
        this.client = client;
        this.hostnames = hostnames;
        this.writer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "simulated-appliance");
            t.setDaemon(true);
            return t;
        });
        LOG.warn("Starting a SIMULATED appliance: it writes Service status like MetalLB/Cilium would, but "
                + "announces nothing and forwards no traffic");
        this.informer = client.services().inAnyNamespace()
                .withLabel(KubeLbLabels.MANAGED_BY, KubeLbLabels.MANAGER)
                .inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(Service obj) {
                        writer.execute(() -> answer(obj));
                    }

                    @Override
                    public void onUpdate(Service oldObj, Service newObj) {
                        writer.execute(() -> answer(newObj));
                    }

                    @Override
                    public void onDelete(Service obj, boolean deletedFinalStateUnknown) {
                        // nothing to release: the simulation keeps no state besides the counter
                    }
                }, 0);
    }

    /**
     * @param client the client of the (usually embedded) cluster
     * @return a running simulated appliance that answers with the pinned IP addresses
     */
    public static SimulatedAppliance start(KubernetesClient client) {
        return new SimulatedAppliance(Objects.requireNonNull(client, "client"), false);
    }

    /**
     * @param client the client
     * @param hostnames whether a delegated allocation is answered with host names (like AWS) instead of IPs
     * @return a running simulated appliance
     */
    public static SimulatedAppliance start(KubernetesClient client, boolean hostnames) {
        return new SimulatedAppliance(Objects.requireNonNull(client, "client"), hostnames);
    }

    private void answer(Service svc) {
        if (svc.getSpec() == null || !"LoadBalancer".equals(svc.getSpec().getType())
                || svc.getMetadata().getDeletionTimestamp() != null) {
            return;
        }
        Map<String, String> ann = svc.getMetadata().getAnnotations() == null ? Map.of() : svc.getMetadata().getAnnotations();
        List<LoadBalancerIngress> current = svc.getStatus() == null || svc.getStatus().getLoadBalancer() == null
                || svc.getStatus().getLoadBalancer().getIngress() == null ? List.of()
                : svc.getStatus().getLoadBalancer().getIngress();
        List<LoadBalancerIngress> ingress = new ArrayList<>();
        String pinned = ann.get(KubeLbLabels.ADDRESSES);
        if (pinned != null && !pinned.isBlank()) {
            for (String a : pinned.split(",")) {
                ingress.add(new LoadBalancerIngressBuilder().withIp(IpAddress.parse(a.trim()).toString())
                        .withIpMode("VIP").build());
            }
        } else {
            if (!current.isEmpty()) {
                return; // a delegated address, already given
            }
            int n = next.getAndIncrement();
            ingress.add(hostnames
                    ? new LoadBalancerIngressBuilder().withHostname(svc.getMetadata().getName() + "-" + n
                            + ".elb.simulated.invalid").build()
                    : new LoadBalancerIngressBuilder().withIp("203.0.113." + (n % 254 + 1)).build());
        }
        if (ingress.equals(current)) {
            return;
        }
        // written from the watched copy with its resourceVersion (no read first): when it is stale the write
        // fails with 409 and the newer version, already on its way through the watch, is answered instead
        Service copy = dev.kubelb.core.internal.Trees.SERIALIZATION.clone(svc);
        ServiceStatus st = copy.getStatus() == null ? new ServiceStatus() : copy.getStatus();
        st.setLoadBalancer(new LoadBalancerStatus(ingress));
        copy.setStatus(st);
        try {
            client.services().resource(copy).updateStatus();
        } catch (KubernetesClientException e) {
            LOG.debug("simulated appliance could not answer {}: {}", svc.getMetadata().getName(), e.getMessage());
        }
    }

    @Override
    public void close() {
        informer.close();
        writer.shutdownNow();
    }
}
