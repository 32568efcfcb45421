package dev.kubelb.core.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelb.core.KubeLbTenants;
import dev.kubelb.core.TenantSettings;
import dev.kubelb.core.crd.KubeLbConfig;
import dev.kubelb.core.crd.KubeLbTenant;
import dev.kubelb.core.internal.Trees;
import dev.kubelb.core.testkit.Clusters;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** KubeLB's {@code Tenant} and {@code Config} read from a cluster and watched ({@link KubeLbTenants}). */
abstract class KubeLbTenantsSuite {
    static KubernetesClient client;

    @AfterEach
    void tearDown() {
        client.resources(KubeLbTenant.class).delete();
        client.resources(KubeLbConfig.class).inAnyNamespace().delete();
    }

    static <T> T parse(String yaml, Class<T> type) {
        return Trees.SERIALIZATION.unmarshal(yaml, type);
    }

    @Test
    void tenantsAndConfigBecomeTenantSettingsAndChangesAreSeen() throws Exception {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("kubelb").endMetadata().build())
                .createOr(n -> n.update());
        client.resource(parse("""
                apiVersion: kubelb.k8c.io/v1alpha1
                kind: Config
                metadata: {name: default, namespace: kubelb}
                spec:
                  propagatedAnnotations: {"example.com/*": ""}
                  defaultAnnotations: {service: {example.com/owner: platform}}
                  loadBalancer: {class: metallb}
                  envoyProxy: {topology: shared, replicas: 3}
                """, KubeLbConfig.class)).create();
        client.resource(parse("""
                apiVersion: kubelb.k8c.io/v1alpha1
                kind: Tenant
                metadata: {name: east}
                spec:
                  deniedAnnotations: ["example.com/secret"]
                  loadBalancer: {class: cilium}
                """, KubeLbTenant.class)).create();
        try (KubeLbTenants tenants = KubeLbTenants.watch(client, "kubelb")) {
            AtomicInteger changes = new AtomicInteger();
            tenants.onChange(changes::incrementAndGet);
            // an informer's first list may come from the API server's watch cache, a moment behind the create
            // just made: the Tenant is awaited, not expected in that first list
            Clusters.await(() -> tenants.settingsFor("tenant-east").served()
                    && tenants.settingsFor("tenant-west").loadBalancerClass().isPresent(), "the Tenant and the Config seen",
                    Duration.ofSeconds(20));
            TenantSettings east = tenants.settingsFor("tenant-east");
            assertThat(east.served()).isTrue();
            assertThat(east.loadBalancerClass()).contains("cilium");
            assertThat(east.annotationPolicy().apply(Map.of("example.com/a", "1", "example.com/secret", "2", "other/x", "3")))
                    .containsExactlyInAnyOrderEntriesOf(Map.of("example.com/a", "1", "example.com/owner", "platform"));
            assertThat(tenants.settingsFor("tenant-west").registered()).as("no Tenant west").isFalse();

            KubeLbTenant t = client.resources(KubeLbTenant.class).withName("east").get();
            t.getSpec().loadBalancer.disable = true;
            client.resources(KubeLbTenant.class).resource(t).update();
            client.resource(parse("""
                    apiVersion: kubelb.k8c.io/v1alpha1
                    kind: Tenant
                    metadata: {name: west}
                    """, KubeLbTenant.class)).create();
            Clusters.await(() -> !tenants.settingsFor("tenant-east").served() && tenants.settingsFor("tenant-west").served(),
                    "the changes seen", Duration.ofSeconds(20));
            // the listener is told after the settings change: awaited, not read at once
            Clusters.await(() -> changes.get() >= 2, "the listener told of both changes", Duration.ofSeconds(20));
            assertThat(tenants.settingsFor("tenant-west").loadBalancerClass()).contains("metallb");

            client.resources(KubeLbConfig.class).inNamespace("kubelb").withName("default").delete();
            Clusters.await(() -> tenants.settingsFor("tenant-west").loadBalancerClass().isEmpty(), "the Config's removal seen",
                    Duration.ofSeconds(20));
        }
    }

    @Test
    void aTenantsClassIsItsManagedServicesClassAndAChangeRecreatesThemKeepingTheAddress() throws Exception {
        Clusters.prepare(client, "192.0.2.11", "kubelb", "tenant-east");
        client.resource(parse("""
                apiVersion: kubelb.k8c.io/v1alpha1
                kind: Tenant
                metadata: {name: east}
                spec:
                  loadBalancer: {class: example.com/east-lb}
                """, KubeLbTenant.class)).create();
        try (KubeLbTenants tenants = KubeLbTenants.watch(client, "kubelb");
                dev.kubelb.core.SimulatedAppliance appliance = dev.kubelb.core.SimulatedAppliance.start(client);
                dev.kubelb.core.KubeLb lb = dev.kubelb.core.KubeLb.builder().client(client)
                        .providers(dev.kubelb.core.ProviderRegistry.load(dev.kubelb.core.ProviderLoader.of(
                                new dev.kubelb.core.fixtures.TestProvider()))).provider("test")
                        .configuration(dev.kubelb.api.ApplianceConfig.builder().pool(dev.kubelb.api.AddressPool
                                .builder("extern").addresses("10.10.255.200-10.10.255.250").build()).build())
                        .applyStrategy(dev.kubelb.core.ApplyStrategy.createOrUpdate()).tenantSettings(tenants)
                        .build()) {
            Clusters.await(() -> tenants.settingsFor("tenant-east").loadBalancerClass().isPresent(), "the Tenant seen",
                    Duration.ofSeconds(20));
            lb.start();
            client.services().resource(Clusters.tenantService("tenant-east", "web", 80)).create();
            Clusters.await(() -> Clusters.ingressIp(client, "tenant-east", "web") != null, "served", Duration.ofSeconds(20));
            String address = Clusters.ingressIp(client, "tenant-east", "web");
            assertThat(managedClass()).as("the Tenant's loadBalancer.class, as KubeLB's manager sets it")
                    .isEqualTo("example.com/east-lb");

            KubeLbTenant t = client.resources(KubeLbTenant.class).withName("east").get();
            t.getSpec().loadBalancer.loadBalancerClass = "example.com/other-lb";
            client.resources(KubeLbTenant.class).resource(t).update();
            // the class of a LoadBalancer Service is immutable on a real server: the Service is recreated
            Clusters.await(() -> "example.com/other-lb".equals(managedClass()), "the new class applied",
                    Duration.ofSeconds(20));
            Clusters.await(() -> address.equals(Clusters.ingressIp(client, "tenant-east", "web")),
                    "the address kept", Duration.ofSeconds(20));
        } finally {
            Clusters.reset(client);
        }
    }

    private static String managedClass() {
        io.fabric8.kubernetes.api.model.Service s = client.services().inNamespace("tenant-east").withName("kubelb-web").get();
        return s == null ? null : s.getSpec().getLoadBalancerClass();
    }
}
