package dev.kubelb.examples.tenantagent;

import dev.kubelb.core.ApplyStrategy;
import dev.kubelb.core.KubeLb;
import dev.kubelb.core.KubeLbLabels;
import dev.kubelb.core.TenantAgent;
import dev.kubelb.core.testkit.Clusters;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The two halves and the fixtures the hub-and-spoke tests share. */
final class HubAndSpoke {
    static final String CLASS = "kubelb.dev/l4";

    private HubAndSpoke() {
    }

    /** @return the seed's MetalLB configuration objects */
    static List<HasMetadata> seed() {
        return parse(resource("seed-metallb.yaml"));
    }

    static String resource(String name) {
        try (InputStream in = HubAndSpoke.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static List<HasMetadata> parse(String yaml) {
        Object o = new io.fabric8.kubernetes.client.utils.KubernetesSerialization().unmarshal(yaml);
        List<HasMetadata> out = new ArrayList<>();
        if (o instanceof List<?> l) {
            l.forEach(x -> out.add((HasMetadata) x));
        } else if (o instanceof KubernetesList kl) {
            out.addAll(kl.getItems());
        } else {
            out.add((HasMetadata) o);
        }
        return out;
    }

    /**
     * The manager half: our engine with the seed's MetalLB configuration, serving KubeLB LoadBalancers in the
     * management cluster (and Services only of its own class, so the cluster's own MetalLB keeps class-less ones).
     */
    static KubeLb manager(KubernetesClient management) {
        return manager(management, b -> b);
    }

    static KubeLb manager(KubernetesClient management, java.util.function.UnaryOperator<KubeLb.Builder> more) {
        KubeLb lb = more.apply(KubeLb.builder()).client(management).configurationObjects(seed()).loadBalancerClass(CLASS)
                .applyStrategy(Clusters.serverEnforcesImmutability() ? ApplyStrategy.serverSideApply()
                        : ApplyStrategy.createOrUpdate())
                .retryBackoff(Duration.ofMillis(20), Duration.ofMillis(500)).build();
        lb.apply(lb.plan(List.of())); // the MetalLB configuration the engine owns
        return lb.start();
    }

    /** The tenant half, for tenant {@code t}. */
    static TenantAgent agent(KubernetesClient tenant, KubernetesClient management) {
        return TenantAgent.builder().tenantClient(tenant).managementClient(management).tenantName("t")
                .retryBackoff(Duration.ofMillis(20), Duration.ofMillis(500)).build().start();
    }

    static void namespaces(KubernetesClient client, String... names) {
        for (String ns : names) {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
                    .createOr(n -> n.update());
        }
    }

    static void node(KubernetesClient tenant, String name, String externalIp) {
        Node n = new NodeBuilder().withNewMetadata().withName(name).endMetadata().withNewStatus()
                .addNewAddress().withType("ExternalIP").withAddress(externalIp).endAddress()
                .addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus().build();
        Node created = tenant.nodes().resource(n).createOr(x -> x.update());
        created.setStatus(n.getStatus());
        tenant.nodes().resource(created).updateStatus();
    }

    static <T> T typed(String yaml, Class<T> type) {
        return new io.fabric8.kubernetes.client.utils.KubernetesSerialization().unmarshal(yaml, type);
    }

    static dev.kubelb.core.crd.KubeLbAnnotationSettings parseSettings(String yaml) {
        return new io.fabric8.kubernetes.client.utils.KubernetesSerialization().unmarshal(yaml,
                dev.kubelb.core.crd.KubeLbAnnotationSettings.class);
    }

    /** A tenant Service of KubeLB's class, as a tenant writes it. */
    static Service service(String name, int port) {
        return new ServiceBuilder().withNewMetadata().withName(name).withNamespace("apps").endMetadata()
                .withNewSpec().withType("LoadBalancer").withLoadBalancerClass(TenantAgent.KUBELB_CLASS)
                .addNewPort().withName("http").withProtocol("TCP").withPort(port).withNodePort(Clusters.nodePortFor(port))
                .endPort().addToSelector("app", name).endSpec().build();
    }

    static String ingressIp(KubernetesClient tenant, String name) {
        return Clusters.ingressIp(tenant, "apps", name);
    }

    /** @return the Services the engine owns in the tenant's namespace of the management cluster */
    static List<Service> owned(KubernetesClient management) {
        return management.services().inNamespace("tenant-t").withLabel(KubeLbLabels.MANAGED_BY, KubeLbLabels.MANAGER)
                .list().getItems();
    }
}
