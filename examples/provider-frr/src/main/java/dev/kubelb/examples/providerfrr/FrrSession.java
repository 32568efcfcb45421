package dev.kubelb.examples.providerfrr;

import dev.kubelb.api.Allocation;
import dev.kubelb.api.ApplianceConfig;
import dev.kubelb.api.ConfigurationException;
import dev.kubelb.api.IpAddress;
import dev.kubelb.api.IpFamily;
import dev.kubelb.api.LoadBalancerId;
import dev.kubelb.api.LoadBalancerRequest;
import dev.kubelb.api.ValidationReport;
import dev.kubelb.spi.ApplianceStatus;
import dev.kubelb.spi.Assignment;
import dev.kubelb.spi.ProviderContext;
import dev.kubelb.spi.ProviderSession;
import dev.kubelb.spi.ResourceKind;
import dev.kubelb.spi.RouteAdvertiser;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session: a translator like every provider's (the configuration is the ConfigMap {@code kubelb-frr} in the
 * speaker's namespace, key {@code speaker.yaml}, see {@link SpeakerFile}), plus, when the engine has a client and
 * the host names bgpd's vty socket ({@link FrrOptions}), the {@link FrrSpeaker} that announces what the Services it
 * renders pin. Without them the session plans only.
 */
final class FrrSession implements ProviderSession {
    /** The ConfigMap holding the speaker file. */
    static final String CONFIG_MAP = "kubelb-frr";
    /** The class of the Services this provider serves: no other load-balancer controller acts on them. */
    static final String LB_CLASS = "frr.kubelb.dev/bgp";
    /** The label the speaker watches Services by. */
    static final String SPEAKER_LABEL = "frr.kubelb.dev/speaker";
    /** The pinned addresses (comma list), the pool and the request ({@code tenant/name}). */
    static final String ADDRESSES = "frr.kubelb.dev/addresses";
    static final String POOL = "frr.kubelb.dev/pool";
    static final String REQUEST = "frr.kubelb.dev/request";
    /** Set when this node must not announce the addresses, with why ({@link LocalEndpoints}). */
    static final String WITHHELD = "frr.kubelb.dev/withheld";

    private static final Logger LOG = LoggerFactory.getLogger(FrrSession.class);
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private final String namespace;
    private final FrrAdvertiser advertiser;
    private final FrrSpeaker speaker;
    private final Optional<String> node;

    FrrSession(ProviderContext context) {
        this.namespace = context.applianceNamespace();
        FrrOptions options = FrrOptions.of(context.options());
        this.node = options.nodeName();
        this.advertiser = new FrrAdvertiser(node);
        if (context.client().isPresent() && options.vtySocket().isPresent()) {
            speaker = new FrrSpeaker(context.client().get(), options);
            speaker.start();
        } else {
            speaker = null;
            if (context.client().isPresent()) {
                LOG.warn("provider frr: no {} option, so no bgpd to drive: nothing will be announced",
                        FrrOptions.VTY_SOCKET);
            }
        }
    }

    @Override
    public String providerName() {
        return FrrProvider.NAME;
    }

    @Override
    public List<ResourceKind> configKinds() {
        return List.of(new ResourceKind("", "v1", "ConfigMap", "configmaps", true));
    }

    @Override
    public boolean recognizes(HasMetadata o) {
        return "v1".equals(o.getApiVersion()) && "ConfigMap".equals(o.getKind()) && o.getMetadata() != null
                && CONFIG_MAP.equals(o.getMetadata().getName()) && namespace.equals(o.getMetadata().getNamespace());
    }

    @Override
    public ApplianceConfig importConfig(List<? extends HasMetadata> objects) {
        List<? extends HasMetadata> mine = objects.stream().filter(this::recognizes).toList();
        if (mine.isEmpty()) {
            return ApplianceConfig.EMPTY;
        }
        String object = "ConfigMap/" + namespace + "/" + CONFIG_MAP;
        if (mine.size() > 1) {
            throw new ConfigurationException(object, "metadata.name", "given " + mine.size() + " times");
        }
        HasMetadata o = mine.get(0);
        ConfigMap cm = o instanceof GenericKubernetesResource g ? SERIALIZATION.convertValue(g, ConfigMap.class)
                : (ConfigMap) o;
        Map<String, String> data = cm.getData() == null ? Map.of() : cm.getData();
        for (String key : data.keySet()) {
            if (!key.equals(SpeakerFile.KEY)) {
                throw new ConfigurationException(object, "data." + key, "unknown key (the speaker file is data."
                        + SpeakerFile.KEY + ")");
            }
        }
        String yaml = data.get(SpeakerFile.KEY);
        if (yaml == null) {
            throw new ConfigurationException(object, "data." + SpeakerFile.KEY, "is required");
        }
        return SpeakerFile.read(object, yaml, namespace);
    }

    @Override
    public ValidationReport validate(ApplianceConfig config) {
        return SpeakerValidation.validate(config);
    }

    @Override
    public List<HasMetadata> renderConfig(ApplianceConfig config, List<Assignment> assignments) {
        validate(config).throwIfInvalid();
        if (speaker != null) {
            speaker.configure(config);
        }
        return List.of(new ConfigMapBuilder().withNewMetadata().withName(CONFIG_MAP).withNamespace(namespace)
                .endMetadata().addToData(SpeakerFile.KEY, SpeakerFile.write(config)).build());
    }

    @Override
    public Service renderService(LoadBalancerRequest request, Optional<Allocation> allocation, ApplianceConfig config) {
        if (speaker != null) {
            speaker.configure(config); // the engine's configuration, also when it reads it from the cluster
        }
        List<IpFamily> families = request.effectiveFamilies();
        ServiceBuilder svc = new ServiceBuilder().withNewMetadata().withName(request.id().name())
                .withNamespace(request.id().tenant()).addToLabels(SPEAKER_LABEL, "true")
                .addToAnnotations(REQUEST, request.id().tenant() + "/" + request.id().name()).endMetadata()
                .withNewSpec().withType("LoadBalancer").withLoadBalancerClass(LB_CLASS)
                .withAllocateLoadBalancerNodePorts(false)
                .withIpFamilyPolicy(request.ipFamilyPolicy().kubernetesName())
                .withIpFamilies(families.stream().map(IpFamily::kubernetesName).toList())
                .withExternalTrafficPolicy(request.trafficPolicy().kubernetesName())
                .withPorts(request.ports().stream().map(p -> new ServicePortBuilder().withName(p.name())
                        .withProtocol(p.protocol().name()).withPort(p.port()).build()).toList())
                .endSpec();
        allocation.ifPresent(a -> svc.editMetadata().addToAnnotations(ADDRESSES, a.addresses().stream()
                .map(IpAddress::toString).collect(Collectors.joining(","))).addToAnnotations(POOL, a.pool())
                .endMetadata());
        // re-rendered whenever the back ends change (the engine follows the pods), so the speaker reads it here
        LocalEndpoints.withheld(request, node).ifPresent(why -> svc.editMetadata().addToAnnotations(WITHHELD, why)
                .endMetadata());
        return svc.build();
    }

    /** @return the addresses a Service pins ({@code ""} when none) and whether they are withheld, for change detection */
    static String pinned(Service s) {
        Map<String, String> a = s.getMetadata().getAnnotations();
        return a == null ? "" : a.getOrDefault(ADDRESSES, "") + " " + a.getOrDefault(POOL, "")
                + (a.containsKey(WITHHELD) ? " withheld" : "");
    }

    /** @return whether this node must not announce a Service's addresses ({@link LocalEndpoints}) */
    static boolean withheld(Service s) {
        return s.getMetadata().getAnnotations() != null && s.getMetadata().getAnnotations().containsKey(WITHHELD);
    }

    /** @return the allocation a Service rendered by this provider pins, if it is well formed */
    static Optional<Allocation> allocation(Service s) {
        Map<String, String> a = s.getMetadata().getAnnotations();
        if (a == null || a.get(ADDRESSES) == null || a.get(POOL) == null) {
            return Optional.empty();
        }
        try {
            String[] id = a.getOrDefault(REQUEST, s.getMetadata().getNamespace() + "/" + s.getMetadata().getName())
                    .split("/", 2);
            List<IpAddress> ips = Arrays.stream(a.get(ADDRESSES).split(",")).map(String::strip)
                    .map(IpAddress::parse).toList();
            return Optional.of(new Allocation(new LoadBalancerId(id[0], id[id.length - 1]), a.get(POOL), ips,
                    Optional.empty()));
        } catch (RuntimeException e) {
            LOG.warn("Service {}/{}: unreadable {} '{}', not announced", s.getMetadata().getNamespace(),
                    s.getMetadata().getName(), ADDRESSES, a.get(ADDRESSES));
            return Optional.empty();
        }
    }

    @Override
    public ApplianceStatus observe(Service service) {
        List<ApplianceStatus.Ingress> points = ApplianceStatus.Ingress.of(service);
        String withheld = service.getMetadata().getAnnotations() == null ? null
                : service.getMetadata().getAnnotations().get(WITHHELD);
        if (points.isEmpty()) {
            return ApplianceStatus.pending(speaker == null ? "no FRR speaker runs in this session"
                    : withheld != null ? "not announced: " + withheld
                    : "waiting for bgpd to announce " + pinned(service).strip());
        }
        return ApplianceStatus.ready(points);
    }

    @Override
    public RouteAdvertiser advertiser() {
        return advertiser;
    }

    @Override
    public void close() {
        if (speaker != null) {
            speaker.close();
        }
    }
}
