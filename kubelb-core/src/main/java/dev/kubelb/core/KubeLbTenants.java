package dev.kubelb.core;

import dev.kubelb.core.crd.KubeLbAnnotationSettings;
import dev.kubelb.core.crd.KubeLbConfig;
import dev.kubelb.core.crd.KubeLbTenant;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads KubeLB's {@code Tenant} (cluster-scoped) and {@code Config} (the object {@code default} in the
 * manager's namespace) from the management cluster and keeps them watched, so an operator configures this
 * manager the way they configure KubeLB's: a {@code Tenant} named {@code t} registers namespace
 * {@code tenant-t} and carries its L4 settings; the {@code Config} carries the global defaults.
 *
 * <p>Resolution follows upstream ({@code internal/controllers/kubelb/shared.go} {@code GetAnnotations}): the
 * Tenant owns the propagation policy ({@code propagatedAnnotations} + {@code propagateAllAnnotations}) when
 * it sets either field, otherwise the Config's applies; {@code deniedAnnotations} and
 * {@code defaultAnnotations} each come from the Tenant when set there, else from the Config; default
 * annotations for Services are the {@code service} entry, then the {@code all} entry for keys it lacks
 * ({@code internal/kubelb/utils.go} {@code mergeDefaultAnnotations}); the class is the Tenant's, else the
 * Config's; L4 is off when either says {@code disable} ({@code loadbalancer_controller.go}
 * {@code shouldReconcile}).
 */
public final class KubeLbTenants implements TenantSettingsSource, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KubeLbTenants.class);
    /** KubeLB's tenant namespace prefix ({@code tenant_controller.go} {@code tenantNamespacePattern}). */
    public static final String NAMESPACE_PREFIX = "tenant-";

    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final SharedIndexInformer<KubeLbTenant> tenants;
    private final SharedIndexInformer<KubeLbConfig> config;

    private KubeLbTenants(KubernetesClient client, String configNamespace) {
        ResourceEventHandler<Object> changed = new ResourceEventHandler<>() {
            @Override
            public void onAdd(Object o) {
                fire();
            }

            @Override
            public void onUpdate(Object a, Object b) {
                fire();
            }

            @Override
            public void onDelete(Object o, boolean unknown) {
                fire();
            }
        };
        this.tenants = client.resources(KubeLbTenant.class).runnableInformer(0);
        this.config = client.resources(KubeLbConfig.class).inNamespace(configNamespace)
                .withName(KubeLbConfig.DEFAULT_NAME).runnableInformer(0);
        tenants.addEventHandler(cast(changed));
        config.addEventHandler(cast(changed));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static <T> ResourceEventHandler<T> cast(ResourceEventHandler<Object> h) {
        return (ResourceEventHandler) h;
    }

    /**
     * Starts watching and waits until both informers have listed once.
     *
     * @param client the management cluster's client (may read {@code tenants} and {@code configs})
     * @param configNamespace the manager's namespace, where the {@code Config} named {@code default} lives
     * @return the running source
     */
    public static KubeLbTenants watch(KubernetesClient client, String configNamespace) {
        KubeLbTenants t = new KubeLbTenants(Objects.requireNonNull(client, "client"),
                Objects.requireNonNull(configNamespace, "configNamespace"));
        t.tenants.start().toCompletableFuture().join();
        t.config.start().toCompletableFuture().join();
        LOG.info("watching KubeLB Tenants and Config {}/{}", configNamespace, KubeLbConfig.DEFAULT_NAME);
        return t;
    }

    private void fire() {
        listeners.forEach(Runnable::run);
    }

    @Override
    public void onChange(Runnable onChange) {
        listeners.add(Objects.requireNonNull(onChange, "onChange"));
    }

    @Override
    public TenantSettings settingsFor(String namespace) {
        Optional<KubeLbTenant> tenant = Optional.ofNullable(tenants.getIndexer().getByKey(tenantName(namespace)));
        Optional<KubeLbConfig> cfg = config.getStore().list().stream().findFirst();
        return resolve(namespace, tenant.map(KubeLbTenant::getSpec), tenant.isPresent(), cfg.map(KubeLbConfig::getSpec));
    }

    /**
     * @param namespace a tenant namespace
     * @return the Tenant's name: the namespace without KubeLB's {@code tenant-} prefix ({@code RemoveTenantPrefix})
     */
    public static String tenantName(String namespace) {
        return namespace.startsWith(NAMESPACE_PREFIX) ? namespace.substring(NAMESPACE_PREFIX.length()) : namespace;
    }

    /**
     * The pure resolution (see the class comment).
     *
     * @param namespace the tenant namespace
     * @param tenant the Tenant's spec, if any
     * @param registered whether a Tenant exists
     * @param config the Config's spec, if any
     * @return the settings
     */
    static TenantSettings resolve(String namespace, Optional<KubeLbAnnotationSettings> tenant, boolean registered,
            Optional<KubeLbAnnotationSettings> config) {
        KubeLbAnnotationSettings t = tenant.orElseGet(KubeLbAnnotationSettings::new);
        KubeLbAnnotationSettings c = config.orElseGet(KubeLbAnnotationSettings::new);
        KubeLbAnnotationSettings propagation = t.propagateAllAnnotations != null || t.propagatedAnnotations != null ? t : c;
        List<String> denied = t.deniedAnnotations != null ? t.deniedAnnotations : c.deniedAnnotations;
        Map<String, Map<String, String>> defaults = t.defaultAnnotations != null ? t.defaultAnnotations : c.defaultAnnotations;
        Map<String, String> serviceDefaults = new LinkedHashMap<>();
        if (defaults != null) {
            serviceDefaults.putAll(orEmpty(defaults.get("service")));
            orEmpty(defaults.get("all")).forEach(serviceDefaults::putIfAbsent);
        }
        AnnotationPolicy policy = new AnnotationPolicy(orEmpty(propagation.propagatedAnnotations),
                Boolean.TRUE.equals(propagation.propagateAllAnnotations), denied == null ? List.of() : denied,
                serviceDefaults);
        KubeLbAnnotationSettings.LoadBalancerSettings tl = t.loadBalancer == null
                ? new KubeLbAnnotationSettings.LoadBalancerSettings() : t.loadBalancer;
        KubeLbAnnotationSettings.LoadBalancerSettings cl = c.loadBalancer == null
                ? new KubeLbAnnotationSettings.LoadBalancerSettings() : c.loadBalancer;
        Optional<String> cls = Optional.ofNullable(tl.loadBalancerClass != null ? tl.loadBalancerClass : cl.loadBalancerClass);
        boolean disabled = Boolean.TRUE.equals(cl.disable) || Boolean.TRUE.equals(tl.disable);
        return new TenantSettings(namespace, registered, disabled, cls, policy);
    }

    private static <K, V> Map<K, V> orEmpty(Map<K, V> m) {
        return m == null ? Map.of() : m;
    }

    @Override
    public void close() {
        tenants.close();
        config.close();
    }
}
