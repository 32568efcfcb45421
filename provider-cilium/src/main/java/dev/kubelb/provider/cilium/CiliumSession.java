package dev.kubelb.provider.cilium;

import static dev.kubelb.provider.cilium.CiliumNames.*;

import dev.kubelb.api.Allocation;
import dev.kubelb.api.AllocationFailure;
import dev.kubelb.api.ApplianceConfig;
import dev.kubelb.api.ConfigurationException;
import dev.kubelb.api.FailureReason;
import dev.kubelb.api.LoadBalancerId;
import dev.kubelb.api.LoadBalancerRequest;
import dev.kubelb.api.Problem;
import dev.kubelb.api.ValidationReport;
import dev.kubelb.provider.cilium.model.IpPoolSpec;
import dev.kubelb.spi.ApplianceStatus;
import dev.kubelb.spi.Assignment;
import dev.kubelb.spi.ProviderContext;
import dev.kubelb.spi.ProviderSession;
import dev.kubelb.spi.ResourceKind;
import dev.kubelb.spi.RouteAdvertiser;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Cilium provider's session: translates the neutral model to and from Cilium's resources, renders
 * the Services Cilium serves and reads its answer. Pure: no I/O.
 *
 * <p>Selectors line up by construction: every rendered Service carries {@link CiliumNames#LABEL_POOL}
 * (its pool) and {@link CiliumNames#LABEL_TENANT}; each {@code CiliumBGPAdvertisement} and
 * {@code CiliumL2AnnouncementPolicy} selects Services on {@code LABEL_POOL}; each advertisement carries
 * {@link CiliumNames#LABEL_ADVERTISEMENT} and each {@code CiliumBGPPeerConfig} selects the advertisements
 * its peers receive on that label; pool scopes select tenants on {@code LABEL_TENANT}.
 */
public final class CiliumSession implements ProviderSession {
    /** Provider option choosing the pool API version: {@code v2} or {@code v2alpha1}. */
    public static final String OPTION_POOL_VERSION = "cilium.poolVersion";

    private static final Logger LOG = LoggerFactory.getLogger(CiliumSession.class);
    static final Set<String> KINDS = Set.of(POOL, CLUSTER_CONFIG, PEER_CONFIG, ADVERTISEMENT, NODE_OVERRIDE,
            L2_POLICY, PEERING_POLICY);
    private static final Map<String, FailureReason> REASONS = Map.of(
            "no_pool", FailureReason.NO_POOL,
            "out_of_ips", FailureReason.POOL_EXHAUSTED,
            "pool_selector_mismatch", FailureReason.POOL_NOT_ALLOWED,
            "already_allocated", FailureReason.ADDRESS_IN_USE,
            "already_allocated_incompatible_service", FailureReason.INCOMPATIBLE_SHARING);

    private final String poolVersion;
    private final CiliumVersion version;
    private final CiliumRender render;
    /** The user's configurations imported last (a few, newest last), rendered back verbatim while unchanged. */
    private final Map<ApplianceConfig, CiliumSource> sources = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(8, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<ApplianceConfig, CiliumSource> eldest) {
                    return size() > 4;
                }
            });
    private final CiliumAdvertiser advertiser = new CiliumAdvertiser();

    /**
     * @param context the context; option {@value #OPTION_POOL_VERSION} or the cluster's served kinds choose
     *     the pool version
     */
    public CiliumSession(ProviderContext context) {
        Objects.requireNonNull(context, "context");
        this.poolVersion = poolVersion(context);
        this.version = CiliumVersion.parse(context.option(CiliumVersion.OPTION));
        this.render = new CiliumRender(poolVersion.equals("v2"));
        LOG.debug("cilium session: Cilium {}, CiliumLoadBalancerIPPool {}", version, poolVersion);
    }

    static String poolVersion(ProviderContext context) {
        Optional<String> opt = context.option(OPTION_POOL_VERSION);
        if (opt.isPresent()) {
            if (!opt.get().equals("v2") && !opt.get().equals("v2alpha1")) {
                throw new ConfigurationException("", OPTION_POOL_VERSION, "'" + opt.get() + "' is not v2 or v2alpha1");
            }
            return opt.get();
        }
        Set<String> kinds = context.cluster().kinds();
        if (kinds.contains(V2 + "/" + POOL)) {
            return "v2";
        }
        if (kinds.contains(V2ALPHA1 + "/" + POOL)) {
            return "v2alpha1";
        }
        return "v2";
    }

    /**
     * @return the Cilium release whose rules the session follows
     */
    public CiliumVersion version() {
        return version;
    }

    /**
     * @return the apiVersion pools are rendered with, {@code cilium.io/v2} or {@code cilium.io/v2alpha1}
     */
    public String poolApiVersion() {
        return GROUP + "/" + poolVersion;
    }

    @Override
    public String providerName() {
        return CiliumProvider.NAME;
    }

    @Override
    public List<ResourceKind> configKinds() {
        return List.of(
                new ResourceKind(GROUP, poolVersion, POOL, "ciliumloadbalancerippools", false),
                new ResourceKind(GROUP, "v2", ADVERTISEMENT, "ciliumbgpadvertisements", false),
                new ResourceKind(GROUP, "v2", PEER_CONFIG, "ciliumbgppeerconfigs", false),
                new ResourceKind(GROUP, "v2", CLUSTER_CONFIG, "ciliumbgpclusterconfigs", false),
                new ResourceKind(GROUP, "v2alpha1", L2_POLICY, "ciliuml2announcementpolicies", false));
    }

    @Override
    public boolean recognizes(HasMetadata object) {
        String av = object.getApiVersion();
        return (V2.equals(av) || V2ALPHA1.equals(av)) && KINDS.contains(object.getKind());
    }

    @Override
    public ApplianceConfig importConfig(List<? extends HasMetadata> objects) {
        CiliumSource source = CiliumImport.read(objects);
        sources.put(source.config(), source);
        source.differences().forEach(d -> LOG.debug("kept as written, not in the neutral model: {}", d));
        return source.config();
    }

    /**
     * What the neutral form of an imported configuration leaves out or approximates (kept verbatim when
     * rendered back to Cilium, lost when migrated to another appliance).
     *
     * @param config a configuration this session imported
     * @return the differences; empty for a configuration it did not import
     */
    @Override
    public List<Problem> importDifferences(ApplianceConfig config) {
        return source(config).map(CiliumSource::differences).orElse(List.of());
    }

    private Optional<CiliumSource> source(ApplianceConfig config) {
        return Optional.ofNullable(sources.get(config));
    }

    @Override
    public ValidationReport validate(ApplianceConfig config) {
        ValidationReport report = CiliumChecks.validate(config);
        List<Problem> extra = source(config).map(CiliumSource::warnings).orElse(List.of());
        if (extra.isEmpty()) {
            return report;
        }
        List<Problem> warnings = new java.util.ArrayList<>(extra);
        warnings.addAll(report.warnings());
        return new ValidationReport(report.errors(), warnings);
    }

    /**
     * {@inheritDoc}
     *
     * @throws ConfigurationException when {@link #validate} finds errors: nothing Cilium would refuse or
     *     misread is rendered
     */
    @Override
    public List<HasMetadata> renderConfig(ApplianceConfig config, List<Assignment> assignments) {
        validate(config).throwIfInvalid();
        Optional<CiliumSource> source = source(config);
        if (source.isPresent()) {
            return source.get().copies();
        }
        return render.renderConfig(config, assignments);
    }

    @Override
    public Service renderService(LoadBalancerRequest request, Optional<Allocation> allocation, ApplianceConfig config) {
        return CiliumRender.renderService(request, allocation, config);
    }

    @Override
    public ApplianceStatus observe(Service service) {
        List<ApplianceStatus.Ingress> ingress = ApplianceStatus.Ingress.of(service);
        List<Condition> conditions = List.of();
        if (service.getStatus() != null) {
            if (service.getStatus().getConditions() != null) {
                conditions = service.getStatus().getConditions();
            }
        }
        List<Condition> conds = conditions;
        Optional<Condition> satisfied = conds.stream().filter(c -> CONDITION_SATISFIED.equals(c.getType())).findFirst()
                .or(() -> conds.stream().filter(c -> OLD_CONDITION_SATISFIED.equals(c.getType())).findFirst());
        if (satisfied.isPresent() && "False".equals(satisfied.get().getStatus())) {
            Condition c = satisfied.get();
            String reason = c.getReason() == null ? "" : c.getReason();
            String message = c.getMessage() == null || c.getMessage().isEmpty() ? reason : c.getMessage();
            return new ApplianceStatus(ApplianceStatus.State.FAILED, ingress, Optional.ofNullable(REASONS.get(reason)),
                    "Cilium LB-IPAM: " + reason + (message.equals(reason) ? "" : ": " + message), Optional.empty());
        }
        if (!ingress.isEmpty()) {
            return ApplianceStatus.ready(ingress);
        }
        return ApplianceStatus.pending("waiting for Cilium LB-IPAM to assign the pinned address");
    }

    /**
     * Maps a Cilium LB-IPAM reason to a neutral one.
     *
     * @param ciliumReason e.g. {@code out_of_ips}
     * @return the neutral reason, if Cilium's is known
     */
    public static Optional<FailureReason> failureReason(String ciliumReason) {
        return Optional.ofNullable(REASONS.get(ciliumReason));
    }

    @Override
    public List<AllocationFailure> vet(ApplianceConfig config, List<Assignment> assignments) {
        return CiliumRules.vet(config, assignments, pools(config, assignments), version, id -> id.name());
    }

    /** Vets with the managed Service's name, which Cilium matches {@code io.kubernetes.service.name} against. */
    @Override
    public List<AllocationFailure> vet(ApplianceConfig config, List<Assignment> assignments,
            Function<LoadBalancerId, String> serviceNames) {
        return CiliumRules.vet(config, assignments, pools(config, assignments), version, serviceNames);
    }

    /**
     * Per-service findings Cilium does not refuse but handles differently (L2 with
     * {@code externalTrafficPolicy: Local}, IPv6 over L2).
     *
     * @param config the configuration
     * @param assignments the assignments
     * @return the findings, each naming the Service as {@code Service/tenant/name}
     */
    public List<Problem> serviceWarnings(ApplianceConfig config, List<Assignment> assignments) {
        return CiliumChecks.serviceWarnings(config, assignments);
    }

    /** The pools Cilium will see: the user's own when the configuration was imported, else as rendered. */
    private Map<String, IpPoolSpec> pools(ApplianceConfig config, List<Assignment> assignments) {
        Optional<CiliumSource> source = source(config);
        if (source.isPresent()) {
            return source.get().pools();
        }
        Map<String, IpPoolSpec> out = new java.util.TreeMap<>();
        for (var p : config.pools()) {
            @SuppressWarnings("unchecked")
            var cr = (io.fabric8.kubernetes.client.CustomResource<IpPoolSpec, ?>) render.renderPool(p, assignments);
            out.put(p.name(), cr.getSpec());
        }
        return out;
    }

    @Override
    public RouteAdvertiser advertiser() {
        return advertiser;
    }
}
