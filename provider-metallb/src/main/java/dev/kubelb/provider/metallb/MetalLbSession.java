package dev.kubelb.provider.metallb;

import dev.kubelb.api.Allocation;
import dev.kubelb.api.AllocationFailure;
import dev.kubelb.api.ApplianceConfig;
import dev.kubelb.api.LoadBalancerRequest;
import dev.kubelb.api.Problem;
import dev.kubelb.api.ValidationReport;
import dev.kubelb.provider.metallb.model.MetalLbKinds;
import dev.kubelb.spi.ApplianceStatus;
import dev.kubelb.spi.Assignment;
import dev.kubelb.spi.ProviderContext;
import dev.kubelb.spi.ProviderSession;
import dev.kubelb.spi.ResourceKind;
import dev.kubelb.spi.RouteAdvertiser;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A MetalLB session: a pure translator (no I/O) between the neutral model and MetalLB's resources.
 *
 * <p>Options read from the {@link ProviderContext}: {@value #OPTION_COMMUNITY_NAME} (the name of the
 * {@code Community} object rendered for the aliases, default {@value #DEFAULT_COMMUNITY_NAME}) and
 * {@value #OPTION_LOAD_BALANCER_CLASS} (the class MetalLB was started with, set on rendered Services) and
 * {@value #OPTION_VERSION} (the MetalLB version, see {@link MetalLbVersion}) and {@value #OPTION_BGP_TYPE} (the
 * speaker's BGP backend, as its {@code METALLB_BGP_TYPE}: {@code frr} (default), {@code frr-k8s} or {@code native};
 * with {@code native} what MetalLB's native backend refuses is a validation error, {@link NativeBgpRules}, and the
 * advertisement preview is the native speaker's; what only frr-k8s serves ({@link FrrK8sOnlyRules}) is an error with
 * {@code native} or {@code frr} and a warning when the option is not given).
 */
public final class MetalLbSession implements ProviderSession {
    /** Option: name of the rendered {@code Community} object. */
    public static final String OPTION_COMMUNITY_NAME = "metallb.communityName";
    /** Option: {@code spec.loadBalancerClass} of rendered Services. */
    public static final String OPTION_LOAD_BALANCER_CLASS = "metallb.loadBalancerClass";
    /** Option: the MetalLB version rendered for, {@code 0.14}, {@code 0.15} or {@code 0.16} (default). */
    public static final String OPTION_VERSION = "metallb.version";
    /** Option: the speaker's BGP backend, {@code frr} (default), {@code frr-k8s} or {@code native}. */
    public static final String OPTION_BGP_TYPE = "metallb.bgpType";
    /** Default name of the rendered {@code Community} object. */
    public static final String DEFAULT_COMMUNITY_NAME = "communities";
    /** The namespace MetalLB runs in by default. */
    public static final String DEFAULT_NAMESPACE = "metallb-system";

    private static final Logger LOG = LoggerFactory.getLogger(MetalLbSession.class);

    private final String namespace;
    private final Optional<String> loadBalancerClass;
    private final MetalLbVersion version;
    private final boolean bgpTypeGiven;
    private final ConfigImporter importer;
    private final ConfigRenderer renderer;
    private final ConfigValidator validator;
    private final String communityName;
    private final MetalLbAdvertiser advertiser;

    /**
     * @param context the context; a blank appliance namespace means {@value #DEFAULT_NAMESPACE}
     */
    public MetalLbSession(ProviderContext context) {
        Objects.requireNonNull(context, "context");
        this.namespace = context.applianceNamespace().isBlank() ? DEFAULT_NAMESPACE : context.applianceNamespace();
        this.communityName = context.option(OPTION_COMMUNITY_NAME).orElse(DEFAULT_COMMUNITY_NAME);
        this.loadBalancerClass = context.option(OPTION_LOAD_BALANCER_CLASS).filter(s -> !s.isBlank());
        this.version = context.option(OPTION_VERSION).filter(s -> !s.isBlank()).map(MetalLbVersion::parse)
                .orElse(MetalLbVersion.NEWEST);
        this.importer = new ConfigImporter(new KubernetesSerialization(), communityName);
        this.renderer = new ConfigRenderer(namespace, communityName);
        this.validator = new ConfigValidator(communityName, version);
        String bgpType = context.option(OPTION_BGP_TYPE).orElse("");
        this.bgpTypeGiven = !bgpType.isBlank();
        this.advertiser = new MetalLbAdvertiser(bgpType(bgpType), communityName, version);
        LOG.debug("MetalLB session opened for namespace {}", namespace);
    }

    /**
     * @return the MetalLB version rendered for (option {@value #OPTION_VERSION})
     */
    public String version() {
        return version.toString();
    }

    /**
     * @return whether a BGP session carries only its own address family unless the peer sets
     *     {@code dualStackAddressFamily} (MetalLB 0.15 and later), rather than both unless {@code disableMP}
     */
    public boolean sessionsCarryOwnFamilyOnly() {
        return version.sessionsCarryOwnFamilyOnly();
    }

    /**
     * @return the namespace rendered objects are placed in
     */
    public String namespace() {
        return namespace;
    }

    @Override
    public String providerName() {
        return MetalLbProvider.NAME;
    }

    @Override
    public List<ResourceKind> configKinds() {
        return MetalLbKinds.CONFIG_KINDS;
    }

    @Override
    public boolean recognizes(HasMetadata object) {
        return ConfigImporter.recognizes(object);
    }

    @Override
    public ApplianceConfig importConfig(List<? extends HasMetadata> objects) {
        return importer.importConfig(objects);
    }

    @Override
    public ValidationReport validate(ApplianceConfig config) {
        ValidationReport report = validator.validate(config);
        List<Problem> refused = advertiser.refusals(config);
        // told the backend: errors; told nothing (the backend is then frr, MetalLB's default, but its speakers may run
        // frr-k8s): warnings
        if (bgpTypeGiven) {
            return report.merge(new ValidationReport(refused, List.of()));
        }
        return report.merge(new ValidationReport(List.of(), refused.stream().map(p -> Problem.of(p.object(), p.field(),
                p.message() + " (MetalLB's default backend; set " + OPTION_BGP_TYPE
                        + "=frr-k8s if its speakers run frr-k8s)")).toList()));
    }

    /** The backend named by {@value #OPTION_BGP_TYPE}, as MetalLB's {@code METALLB_BGP_TYPE} names it. */
    private static MetalLbAdvertiser.Backend bgpType(String text) {
        return switch (text.trim()) {
            case "", "frr" -> MetalLbAdvertiser.Backend.FRR;
            case "frr-k8s" -> MetalLbAdvertiser.Backend.FRR_K8S;
            case "native" -> MetalLbAdvertiser.Backend.NATIVE;
            default -> throw dev.kubelb.api.ConfigurationException.field(OPTION_BGP_TYPE, "'" + text
                    + "' is not a MetalLB BGP backend: expected frr, frr-k8s or native (the speaker's METALLB_BGP_TYPE)");
        };
    }

    @Override
    public List<HasMetadata> renderConfig(ApplianceConfig config, List<Assignment> assignments) {
        return renderer.render(config);
    }

    @Override
    public Service renderService(LoadBalancerRequest request, Optional<Allocation> allocation, ApplianceConfig config) {
        return MetalLbServices.render(request, allocation, loadBalancerClass, version.annotationPrefix());
    }

    @Override
    public ApplianceStatus observe(Service service) {
        return MetalLbServices.observe(service);
    }

    @Override
    public ApplianceStatus observe(Service service, List<Event> events) {
        return MetalLbServices.observe(service, events);
    }

    /** MetalLB's own checks on allocations ({@link MetalLbVet}). */
    @Override
    public List<AllocationFailure> vet(ApplianceConfig config, List<Assignment> assignments) {
        return MetalLbVet.vet(config, assignments);
    }

    @Override
    public RouteAdvertiser advertiser() {
        return advertiser;
    }
}
