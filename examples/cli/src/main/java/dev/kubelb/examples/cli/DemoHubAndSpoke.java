package dev.kubelb.examples.cli;

import dev.kubelb.core.KubeLb;
import dev.kubelb.core.TenantAgent;
import dev.kubelb.core.crd.KubeLbLoadBalancer;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The demo's last step: KubeLB's hub and spoke on both of our programs. A second in-process API server is a
 * tenant cluster; the {@link TenantAgent} beside it mirrors its Service of class {@code kubelb} into namespace
 * {@code tenant-east} of the demo's (management) cluster, where the running engine serves it, and copies the
 * address back into the tenant Service's status.
 */
final class DemoHubAndSpoke {
    static final String TENANT = "east";

    private DemoHubAndSpoke() {
    }

    interface Waiter {
        void await(BooleanSupplier condition, String what) throws InterruptedException;
    }

    static void run(Cluster management, KubeLb lb, PrintWriter out, Waiter waiter) throws InterruptedException {
        String ns = "tenant-" + TENANT;
        management.client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns)
                .addToLabels("kubelb.k8c.io/managed-by", "kubelb").endMetadata().build()).create();
        try (Cluster tenant = Cluster.embedded()) {
            tenant.client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("shop").endMetadata()
                    .build()).create();
            tenant.client.nodes().resource(new io.fabric8.kubernetes.api.model.NodeBuilder().withNewMetadata()
                    .withName("east-node-1").endMetadata().withNewStatus().addNewAddress().withType("ExternalIP")
                    .withAddress("198.51.100.11").endAddress().addNewCondition().withType("Ready").withStatus("True")
                    .endCondition().endStatus().build()).create();
            out.println();
            out.println("6. Hub and spoke (KubeLB's two programs): a second in-process API server is tenant cluster '"
                    + TENANT + "'; the tenant agent beside it mirrors its Services into " + ns + " of the management cluster above.");
            try (TenantAgent agent = TenantAgent.builder().tenantClient(tenant.client).managementClient(management.client)
                    .tenantName(TENANT).retryBackoff(Duration.ofMillis(20), Duration.ofMillis(500)).build().start()) {
                Service web = new ServiceBuilder().withNewMetadata().withName("web").withNamespace("shop").endMetadata()
                        .withNewSpec().withType("LoadBalancer").withLoadBalancerClass(TenantAgent.KUBELB_CLASS)
                        .addNewPort().withName("https").withProtocol("TCP").withPort(443).withNodePort(31443).endPort()
                        .endSpec().build();
                tenant.client.services().resource(web).create();
                out.println("  tenant " + TENANT + ":  Service shop/web (loadBalancerClass kubelb, port 443, NodePort 31443) created");
                waiter.await(() -> !mirrors(management, ns).isEmpty(), "the LoadBalancer in " + ns);
                KubeLbLoadBalancer mirror = mirrors(management, ns).get(0);
                out.println("  management: LoadBalancer " + ns + "/" + mirror.getMetadata().getName()
                        + " written by the agent (back ends: Addresses " + ns + "/default = the tenant's nodes x NodePorts)");
                waiter.await(() -> ingress(tenant, "shop", "web").isPresent(), "the tenant Service's address");
                String ip = lb.allocator().orElseThrow().allocations().stream()
                        .filter(a -> a.id().tenant().equals(ns)).findFirst().map(a -> a.addresses().get(0).toString())
                        .orElse("?");
                out.println("  management: the engine assigned " + ip + " from pool extern and reported it on the LoadBalancer");
                out.println("  tenant " + TENANT + ":  Service shop/web status.loadBalancer.ingress = "
                        + ingress(tenant, "shop", "web").orElseThrow());
                out.flush();
            }
        }
    }

    private static List<KubeLbLoadBalancer> mirrors(Cluster management, String ns) {
        return management.client.resources(KubeLbLoadBalancer.class).inNamespace(ns).list().getItems();
    }

    private static Optional<String> ingress(Cluster c, String ns, String name) {
        Service s = c.client.services().inNamespace(ns).withName(name).get();
        if (s == null || s.getStatus() == null || s.getStatus().getLoadBalancer() == null
                || s.getStatus().getLoadBalancer().getIngress() == null
                || s.getStatus().getLoadBalancer().getIngress().isEmpty()) {
            return Optional.empty();
        }
        return Optional.ofNullable(s.getStatus().getLoadBalancer().getIngress().get(0).getIp());
    }
}
