package dev.kubelb.core.internal.tenant;

import dev.kubelb.core.crd.KubeLbLoadBalancer;
import dev.kubelb.core.internal.Trees;
import io.fabric8.kubernetes.api.model.LoadBalancerStatus;
import io.fabric8.kubernetes.api.model.Service;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pass over one tenant Service, as upstream's service controller reconciles it
 * ({@code internal/controllers/ccm/service_controller.go} at kubermatic/kubelb@80d164b): a served Service gets
 * the finalizer {@code kubelb.k8c.io/cleanup}, its LoadBalancer is created or updated in the tenant namespace
 * of the management cluster, and that LoadBalancer's {@code status.loadBalancer} is copied to the Service's
 * status; a Service being deleted (or no longer served) has its LoadBalancer deleted and then its finalizer
 * removed. A LoadBalancer whose origin Service is gone or was recreated (another UID) is deleted.
 * Writes use optimistic locking (the cached {@code resourceVersion}); a conflict is retried by the loop.
 */
final class ServicePass {
    private static final Logger LOG = LoggerFactory.getLogger(ServicePass.class);
    /** The finalizer upstream's CCM puts on tenant Services ({@code CleanupFinalizer} in {@code shared.go}). */
    static final String FINALIZER = "kubelb.k8c.io/cleanup";
    /** The finalizer older CCMs put there ({@code LBFinalizerName}); removed like upstream does. */
    static final String OLD_FINALIZER = "kubelb.k8c.io/lb-finalizer";

    private final AgentLoop.Settings settings;
    private final String key;
    private final Service cached;
    private final List<KubeLbLoadBalancer> loadBalancers;

    ServicePass(AgentLoop.Settings settings, String key, Service cached, List<KubeLbLoadBalancer> loadBalancers) {
        this.settings = settings;
        this.key = key;
        this.cached = cached;
        this.loadBalancers = loadBalancers;
    }

    static boolean served(Service s, AgentLoop.Settings settings) {
        if (s.getSpec() == null || !"LoadBalancer".equals(s.getSpec().getType())) {
            return false;
        }
        String cls = s.getSpec().getLoadBalancerClass();
        return settings.loadBalancerClass().equals(cls) || (cls == null && settings.serveClassless());
    }

    void run() {
        String uid = cached == null ? null : cached.getMetadata().getUid();
        for (KubeLbLoadBalancer lb : mirrorsOfThisKey()) {
            if (!lb.getMetadata().getName().equals(uid)) {
                LOG.info("deleting LoadBalancer {}/{}: its Service {} is gone or was recreated", settings.namespace(),
                        lb.getMetadata().getName(), key);
                deleteLoadBalancer(lb.getMetadata().getName());
            }
        }
        if (cached == null) {
            return;
        }
        boolean ours = hasFinalizer(cached);
        if (cached.getMetadata().getDeletionTimestamp() != null || !served(cached, settings)) {
            if (ours) {
                deleteLoadBalancer(uid);
                Service s = AgentLoop.copy(cached);
                s.getMetadata().getFinalizers().removeIf(f -> f.equals(FINALIZER) || f.equals(OLD_FINALIZER));
                Service written = settings.tenant().services().resource(s).update();
                if (written.getMetadata().getDeletionTimestamp() == null && hasIngress(written)) {
                    // no longer served (e.g. no longer of type LoadBalancer): the address is not ours to show
                    written.getStatus().setLoadBalancer(new LoadBalancerStatus());
                    settings.tenant().services().resource(written).updateStatus();
                }
                settings.listener().removed(key);
            }
            return;
        }
        Service svc = cached;
        if (!ours) {
            Service s = AgentLoop.copy(cached);
            List<String> f = new ArrayList<>(s.getMetadata().getFinalizers() == null ? List.of() : s.getMetadata().getFinalizers());
            f.remove(OLD_FINALIZER);
            f.add(FINALIZER);
            s.getMetadata().setFinalizers(f);
            svc = settings.tenant().services().resource(s).update();
        }
        KubeLbLoadBalancer desired = LoadBalancerMapper.map(svc, settings.namespace());
        KubeLbLoadBalancer actual = loadBalancers.stream().filter(lb -> lb.getMetadata().getName().equals(uid))
                .findFirst().orElse(null);
        String lbKey = settings.namespace() + "/" + uid;
        if (actual == null) {
            try {
                settings.management().resources(KubeLbLoadBalancer.class).inNamespace(settings.namespace())
                        .resource(desired).create();
            } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
                // written a moment ago, not yet in the informer's cache: its event brings this Service back
                LOG.debug("LoadBalancer {} already exists", lbKey);
                return;
            }
            LOG.info("mirrored Service {} as LoadBalancer {}", key, lbKey);
            settings.listener().mirrored(key, lbKey);
            return; // its status arrives with the informer's event for it
        }
        if (!LoadBalancerMapper.inDesiredState(actual, desired)) {
            KubeLbLoadBalancer next = AgentLoop.copy(actual);
            next.setSpec(desired.getSpec());
            next.getMetadata().setAnnotations(LoadBalancerMapper.merged(actual, desired));
            Map<String, String> labels = new java.util.LinkedHashMap<>(next.getMetadata().getLabels() == null
                    ? Map.of() : next.getMetadata().getLabels());
            labels.putAll(desired.getMetadata().getLabels());
            next.getMetadata().setLabels(labels);
            settings.management().resources(KubeLbLoadBalancer.class).inNamespace(settings.namespace())
                    .resource(next).update();
            LOG.info("updated LoadBalancer {} for Service {}", lbKey, key);
            settings.listener().mirrored(key, lbKey);
        }
        copyStatus(svc, actual);
    }

    private void copyStatus(Service svc, KubeLbLoadBalancer lb) {
        LoadBalancerStatus want = lb.getStatus() == null || lb.getStatus().loadBalancer == null
                ? new LoadBalancerStatus() : lb.getStatus().loadBalancer;
        LoadBalancerStatus have = svc.getStatus() == null || svc.getStatus().getLoadBalancer() == null
                ? new LoadBalancerStatus() : svc.getStatus().getLoadBalancer();
        if (Objects.equals(orEmpty(want.getIngress()), orEmpty(have.getIngress()))) {
            return;
        }
        Service s = AgentLoop.copy(svc);
        if (s.getStatus() == null) {
            s.setStatus(new io.fabric8.kubernetes.api.model.ServiceStatus());
        }
        s.getStatus().setLoadBalancer(Trees.SERIALIZATION.clone(want)); // never share objects with a cache
        settings.tenant().services().resource(s).updateStatus();
        List<String> ingress = AgentLoop.ingressText(want);
        LOG.info("Service {} now shows {}", key, ingress);
        settings.listener().statusCopied(key, ingress);
    }

    private List<KubeLbLoadBalancer> mirrorsOfThisKey() {
        List<KubeLbLoadBalancer> out = new ArrayList<>();
        String[] nsName = key.split("/", 2);
        for (KubeLbLoadBalancer lb : loadBalancers) {
            Map<String, String> l = lb.getMetadata().getLabels();
            if (l != null && nsName[0].equals(l.get(LoadBalancerMapper.ORIGIN_NAMESPACE))
                    && nsName[1].equals(l.get(LoadBalancerMapper.ORIGIN_NAME))
                    && settings.namespace().equals(l.get(LoadBalancerMapper.TENANT))) {
                out.add(lb);
            }
        }
        return out;
    }

    private void deleteLoadBalancer(String name) {
        settings.management().resources(KubeLbLoadBalancer.class).inNamespace(settings.namespace()).withName(name).delete();
    }

    private static boolean hasFinalizer(Service s) {
        List<String> f = s.getMetadata().getFinalizers();
        return f != null && (f.contains(FINALIZER) || f.contains(OLD_FINALIZER));
    }

    private static boolean hasIngress(Service s) {
        return s.getStatus() != null && s.getStatus().getLoadBalancer() != null
                && !orEmpty(s.getStatus().getLoadBalancer().getIngress()).isEmpty();
    }

    private static <T> List<T> orEmpty(List<T> l) {
        return l == null ? List.of() : l;
    }
}
