package dev.kubelb.provider.metallb;

import dev.kubelb.api.AddressPool;
import dev.kubelb.api.Allocation;
import dev.kubelb.api.AllocationFailure;
import dev.kubelb.api.FailureReason;
import dev.kubelb.api.IpAddress;
import dev.kubelb.api.PoolScope;
import dev.kubelb.api.ApplianceConfig;
import dev.kubelb.api.LoadBalancerRequest;
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
import java.util.ArrayList;
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
 * {@value #OPTION_LOAD_BALANCER_CLASS} (the class MetalLB was started with, set on rendered Services).
 */
public final class MetalLbSession implements ProviderSession {
    /** Option: name of the rendered {@code Community} object. */
    public static final String OPTION_COMMUNITY_NAME = "metallb.communityName";
    /** Option: {@code spec.loadBalancerClass} of rendered Services. */
    public static final String OPTION_LOAD_BALANCER_CLASS = "metallb.loadBalancerClass";
    /** Default name of the rendered {@code Community} object. */
    public static final String DEFAULT_COMMUNITY_NAME = "communities";
    /** The namespace MetalLB runs in by default. */
    public static final String DEFAULT_NAMESPACE = "metallb-system";

    private static final Logger LOG = LoggerFactory.getLogger(MetalLbSession.class);

    private final String namespace;
    private final Optional<String> loadBalancerClass;
    private final ConfigImporter importer;
    private final ConfigRenderer renderer;
    private final ConfigValidator validator;
    private final MetalLbAdvertiser advertiser = new MetalLbAdvertiser();

    /**
     * @param context the context; a blank appliance namespace means {@value #DEFAULT_NAMESPACE}
     */
    public MetalLbSession(ProviderContext context) {
        Objects.requireNonNull(context, "context");
        this.namespace = context.applianceNamespace().isBlank() ? DEFAULT_NAMESPACE : context.applianceNamespace();
        String communityName = context.option(OPTION_COMMUNITY_NAME).orElse(DEFAULT_COMMUNITY_NAME);
        this.loadBalancerClass = context.option(OPTION_LOAD_BALANCER_CLASS).filter(s -> !s.isBlank());
        this.importer = new ConfigImporter(new KubernetesSerialization(), communityName);
        this.renderer = new ConfigRenderer(namespace, communityName);
        this.validator = new ConfigValidator(communityName);
        LOG.debug("MetalLB session opened for namespace {}", namespace);
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
        return validator.validate(config);
    }

    @Override
    public List<HasMetadata> renderConfig(ApplianceConfig config, List<Assignment> assignments) {
        return renderer.render(config);
    }

    @Override
    public Service renderService(LoadBalancerRequest request, Optional<Allocation> allocation, ApplianceConfig config) {
        return MetalLbServices.render(request, allocation, loadBalancerClass);
    }

    @Override
    public ApplianceStatus observe(Service service) {
        return MetalLbServices.observe(service);
    }

    @Override
    public ApplianceStatus observe(Service service, List<Event> events) {
        return MetalLbServices.observe(service, events);
    }

    /**
     * MetalLB's own checks when an address is pinned ({@code Assign}): the addresses must be ones the
     * pool hands out (inside it, and not {@code .0}/{@code .255} with {@code avoidBuggyIPs}), and a pool
     * scoped to namespaces must admit the tenant's namespace.
     */
    @Override
    public List<AllocationFailure> vet(ApplianceConfig config, List<Assignment> assignments) {
        List<AllocationFailure> out = new ArrayList<>();
        for (Assignment a : assignments) {
            LoadBalancerRequest r = a.request();
            Optional<AddressPool> pool = config.pool(a.allocation().pool());
            if (pool.isEmpty()) {
                out.add(new AllocationFailure(r.id(), FailureReason.NO_POOL, "MetalLB would refuse "
                        + a.allocation().addresses() + ": IPAddressPool/" + a.allocation().pool()
                        + " is not in its configuration"));
                continue;
            }
            Optional<IpAddress> outside = a.allocation().addresses().stream().filter(x -> !pool.get().offers(x))
                    .findFirst();
            if (outside.isPresent()) {
                out.add(new AllocationFailure(r.id(), FailureReason.ADDRESS_NOT_IN_POOL, "MetalLB would refuse "
                        + outside.get() + ": IPAddressPool/" + pool.get().name() + " does not hand it out"));
                continue;
            }
            Optional<PoolScope> scope = pool.get().scope();
            if (scope.isPresent() && !(scope.get().tenants().isEmpty() && scope.get().tenantSelectors().isEmpty())
                    && !scope.get().tenants().contains(r.id().tenant())
                    && scope.get().tenantSelectors().stream().noneMatch(sel -> sel.matches(r.tenantLabels()))) {
                out.add(new AllocationFailure(r.id(), FailureReason.POOL_NOT_ALLOWED, "MetalLB would refuse "
                        + a.allocation().addresses() + ": IPAddressPool/" + pool.get().name()
                        + " does not serve namespace " + r.id().tenant()));
            }
        }
        return out;
    }

    @Override
    public RouteAdvertiser advertiser() {
        return advertiser;
    }
}
