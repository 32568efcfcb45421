package dev.kubelb.provider.ccm;

import dev.kubelb.api.AdvertisementPreview;
import dev.kubelb.api.Allocation;
import dev.kubelb.api.ApplianceConfig;
import dev.kubelb.api.ConfigurationException;
import dev.kubelb.api.LoadBalancerId;
import dev.kubelb.api.LoadBalancerRequest;
import dev.kubelb.api.PortSpec;
import dev.kubelb.api.Problem;
import dev.kubelb.api.ProviderException;
import dev.kubelb.api.ValidationReport;
import dev.kubelb.spi.AddressAllocator;
import dev.kubelb.spi.ApplianceStatus;
import dev.kubelb.spi.Assignment;
import dev.kubelb.spi.Capabilities;
import dev.kubelb.spi.ProviderContext;
import dev.kubelb.spi.ProviderSession;
import dev.kubelb.spi.ResourceKind;
import dev.kubelb.spi.RouteAdvertiser;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session of the {@code ccm} provider bound to one {@link CloudProfile}. It renders the
 * management-cluster Service in the cloud's dialect, reads the cloud controller's answer, and hands out
 * the {@link CcmAllocator delegating allocator}. Everything but {@link #refresh(String, String)} is pure.
 */
public final class CcmSession implements ProviderSession {
    private static final Logger LOG = LoggerFactory.getLogger(CcmSession.class);

    /**
     * Annotation kubelb writes on the Services it renders, naming the request ({@code tenant/name}), so
     * that {@link #observe} can feed the cloud's answer to the allocator. Not read by any cloud.
     */
    public static final String REQUEST_ANNOTATION = "ccm.kubelb.dev/request";

    private final CloudProfile profile;
    private final ProviderContext context;
    private final CcmAllocator allocator;

    /**
     * @param profile the cloud
     * @param context the context the session was opened with
     */
    public CcmSession(CloudProfile profile, ProviderContext context) {
        this.profile = Objects.requireNonNull(profile, "profile");
        this.context = Objects.requireNonNull(context, "context");
        this.allocator = new CcmAllocator(profile);
    }

    /** @return the cloud this session speaks to */
    public CloudProfile profile() {
        return profile;
    }

    /** @return what this cloud can do (address pinning only where the cloud takes static addresses) */
    public Capabilities capabilities() {
        return CcmProvider.capabilitiesOf(Optional.of(profile));
    }

    /** @return the session's delegating allocator (the one {@link #delegatedAllocator} returns) */
    public CcmAllocator allocator() {
        return allocator;
    }

    @Override
    public String providerName() {
        return CcmProvider.NAME;
    }

    /** @return none: a cloud controller needs no appliance configuration objects */
    @Override
    public List<ResourceKind> configKinds() {
        return List.of();
    }

    @Override
    public boolean recognizes(HasMetadata object) {
        return false;
    }

    /** @return the empty configuration: no object is a cloud controller's configuration */
    @Override
    public ApplianceConfig importConfig(List<? extends HasMetadata> objects) {
        return ApplianceConfig.EMPTY;
    }

    /** @return warnings for pools, advertisements and peers, which a cloud controller ignores */
    @Override
    public ValidationReport validate(ApplianceConfig config) {
        List<Problem> warnings = new ArrayList<>();
        config.pools().forEach(p -> warnings.add(Problem.of("pool/" + p.name(), "", "ignored: the " + profile.name()
                + " cloud controller allocates addresses itself")));
        config.advertisements().forEach(a -> warnings.add(Problem.of("advertisement/" + a.name(), "",
                "ignored: the " + profile.name() + " cloud announces its load balancers itself")));
        config.peers().forEach(p -> warnings.add(Problem.of("peer/" + p.name(), "", "ignored: the " + profile.name()
                + " cloud announces its load balancers itself")));
        return new ValidationReport(List.of(), warnings);
    }

    @Override
    public List<HasMetadata> renderConfig(ApplianceConfig config, List<Assignment> assignments) {
        return List.of();
    }

    /**
     * Every option of the request the cloud refuses.
     *
     * @param request a request
     * @return the problems, each naming the request, the field and the cloud; empty when the cloud takes it
     */
    public List<Problem> check(LoadBalancerRequest request) {
        return ExposureMapper.map(profile, request).problems();
    }

    /**
     * Renders the Service the cloud controller serves: type {@code LoadBalancer}, no selector, the
     * request's ports, families, traffic policy, session affinity and source ranges, the profile's
     * load balancer class (none for the default service controller) and the cloud's annotations (the
     * request's own annotations are kept unless the cloud's controller owns them; the cloud's spelling of
     * the request's options wins). Never writes finalizers. The allocation is ignored: the cloud allocates.
     *
     * @throws ConfigurationException listing every option the cloud refuses
     */
    @Override
    public Service renderService(LoadBalancerRequest request, Optional<Allocation> allocation,
            ApplianceConfig config) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(allocation, "allocation");
        ExposureMapper.Mapped m = ExposureMapper.map(profile, request);
        if (!m.problems().isEmpty()) {
            throw new ConfigurationException(m.problems());
        }
        allocation.ifPresent(a -> LOG.debug("{}: allocation {} ignored, the {} cloud allocates", request.id(),
                a.addresses(), profile.name()));
        Map<String, String> annotations = new TreeMap<>();
        request.annotations().forEach((k, v) -> {
            if (profile.isReadOnly(k)) {
                LOG.debug("{}: not propagating {}, owned by the {} cloud controller", request.id(), k, profile.name());
            } else {
                annotations.put(k, v);
            }
        });
        m.annotations().forEach((k, v) -> {
            String previous = annotations.put(k, v);
            if (previous != null && !previous.equals(v)) {
                LOG.debug("{}: {}={} from the request replaced by {}", request.id(), k, previous, v);
            }
        });
        annotations.put(REQUEST_ANNOTATION, request.id().toString());
        List<ServicePort> ports = new ArrayList<>();
        for (PortSpec p : request.ports()) {
            ServicePortBuilder b = new ServicePortBuilder().withProtocol(p.protocol().name()).withPort(p.port());
            if (!p.name().isEmpty()) {
                b.withName(p.name());
            }
            ports.add(b.build());
        }
        List<String> families = new ArrayList<>();
        request.ipFamilies().forEach(f -> families.add(f.kubernetesName()));
        return new ServiceBuilder()
                .withNewMetadata().withAnnotations(new LinkedHashMap<>(annotations)).endMetadata()
                .withNewSpec()
                .withType("LoadBalancer")
                .withPorts(ports)
                .withIpFamilyPolicy(request.ipFamilyPolicy().kubernetesName())
                .withIpFamilies(families.isEmpty() ? null : families)
                .withExternalTrafficPolicy(request.trafficPolicy().kubernetesName())
                .withSessionAffinity(request.sessionAffinity() ? "ClientIP" : null)
                .withLoadBalancerClass(profile.loadBalancerClass().orElse(null))
                .withLoadBalancerIP(m.loadBalancerIp().orElse(null))
                .withLoadBalancerSourceRanges(m.sourceRanges().isEmpty() ? null : m.sourceRanges())
                .endSpec()
                .build();
    }

    /**
     * Refuses changes the cloud would silently ignore: a create-only key of the profile changed (added,
     * removed or altered) on a Service whose load balancer exists (an ingress is reported or a finalizer of
     * the cloud's controller is present), and any change of {@code spec.loadBalancerClass} (immutable in
     * Kubernetes).
     *
     * @param existing the Service in the cluster
     * @param desired the Service about to be applied
     * @return one problem per refused change, explaining it; empty when the update is fine
     */
    public List<Problem> checkUpdate(Service existing, Service desired) {
        Objects.requireNonNull(existing, "existing");
        Objects.requireNonNull(desired, "desired");
        List<Problem> out = new ArrayList<>();
        ObjectMeta meta = existing.getMetadata() == null ? new ObjectMeta() : existing.getMetadata();
        String object = "Service/" + (meta.getNamespace() == null ? "" : meta.getNamespace() + "/")
                + (meta.getName() == null ? "" : meta.getName());
        String classBefore = existing.getSpec() == null ? null : existing.getSpec().getLoadBalancerClass();
        String classAfter = desired.getSpec() == null ? null : desired.getSpec().getLoadBalancerClass();
        if (classBefore != null && !classBefore.equals(classAfter)) {
            out.add(Problem.of(object, "spec.loadBalancerClass", "immutable once set: cannot change '" + classBefore
                    + "' to " + quoted(classAfter) + "; delete and recreate the Service to change it"));
        }
        if (!loadBalancerExists(existing)) {
            return out;
        }
        for (String key : profile.createOnlyKeys()) {
            String before = valueOf(existing, key);
            String after = valueOf(desired, key);
            if (!Objects.equals(before, after)) {
                String field = key.startsWith("spec.") ? key : "metadata.annotations[" + key + "]";
                out.add(Problem.of(object, field, "create-only on cloud '" + profile.name() + "': its controller reads"
                        + " it only when it creates the load balancer, so changing it from " + quoted(before) + " to "
                        + quoted(after) + " would be silently ignored; delete and recreate the Service to change it"));
            }
        }
        return out;
    }

    private boolean loadBalancerExists(Service s) {
        if (!StatusReader.ingress(s).isEmpty()) {
            return true;
        }
        List<String> finalizers = s.getMetadata() == null ? null : s.getMetadata().getFinalizers();
        return finalizers != null && finalizers.stream().anyMatch(profile::isControllerFinalizer);
    }

    private static String valueOf(Service s, String key) {
        if (key.equals(CloudProfile.FIELD_LOAD_BALANCER_IP)) {
            String v = s.getSpec() == null ? null : s.getSpec().getLoadBalancerIP();
            return v == null || v.isEmpty() ? null : v;
        }
        Map<String, String> a = s.getMetadata() == null ? null : s.getMetadata().getAnnotations();
        return a == null ? null : a.get(key);
    }

    private static String quoted(String v) {
        return v == null ? "(unset)" : "'" + v + "'";
    }

    @Override
    public ApplianceStatus observe(Service service) {
        return observe(service, List.of());
    }

    /**
     * Reads the cloud's answer (see {@link StatusReader} for how Events map to states) and, when the Service
     * carries {@value #REQUEST_ANNOTATION}, records it in the session's allocator.
     */
    @Override
    public ApplianceStatus observe(Service service, List<Event> events) {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(events, "events");
        ApplianceStatus status = StatusReader.read(profile, service, events);
        requestOf(service).ifPresent(id -> allocator.record(id, status));
        return status;
    }

    /**
     * @param service a Service rendered by this provider
     * @return the request it serves, from {@value #REQUEST_ANNOTATION}
     */
    public static Optional<LoadBalancerId> requestOf(Service service) {
        Map<String, String> a = service.getMetadata() == null ? null : service.getMetadata().getAnnotations();
        String v = a == null ? null : a.get(REQUEST_ANNOTATION);
        if (v == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(LoadBalancerId.parse(v));
        } catch (ConfigurationException e) {
            LOG.warn("Ignoring malformed {}={}: {}", REQUEST_ANNOTATION, v, e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Reads a Service and the Events recorded on it from the cluster, then {@link #observe(Service, List)
     * observes} them (which feeds the allocator).
     *
     * @param namespace the Service's namespace
     * @param name the Service's name
     * @return the cloud's answer; empty when the Service does not exist
     * @throws ProviderException when the session has no client or the API call fails (with its HTTP code)
     */
    public Optional<ApplianceStatus> refresh(String namespace, String name) {
        KubernetesClient client = context.client().orElseThrow(() -> new ProviderException(CcmProvider.NAME,
                "refresh needs a Kubernetes client; the session was opened offline", null));
        try {
            Service s = client.services().inNamespace(namespace).withName(name).get();
            if (s == null) {
                return Optional.empty();
            }
            List<Event> events = new ArrayList<>();
            for (Event e : client.v1().events().inNamespace(namespace).list().getItems()) {
                if (e.getInvolvedObject() != null && "Service".equals(e.getInvolvedObject().getKind())
                        && name.equals(e.getInvolvedObject().getName())) {
                    events.add(e);
                }
            }
            return Optional.of(observe(s, events));
        } catch (KubernetesClientException e) {
            throw new ProviderException(CcmProvider.NAME, "reading Service " + namespace + "/" + name + " failed: "
                    + e.getMessage(), e.getCode(), e);
        }
    }

    /** @return this session's allocator: the cloud allocates addresses */
    @Override
    public Optional<AddressAllocator> delegatedAllocator(ApplianceConfig config) {
        return Optional.of(allocator);
    }

    /** @return an advertiser that announces nothing: the cloud announces its load balancers itself */
    @Override
    public RouteAdvertiser advertiser() {
        return (config, assignments) -> new AdvertisementPreview(List.of(), List.of(), List.of());
    }

    @Override
    public void close() {
        // nothing to release
    }
}
