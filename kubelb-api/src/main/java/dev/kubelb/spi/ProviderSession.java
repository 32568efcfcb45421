package dev.kubelb.spi;

import dev.kubelb.api.AllocationFailure;
import dev.kubelb.api.ApplianceConfig;
import dev.kubelb.api.LoadBalancerId;
import dev.kubelb.api.LoadBalancerRequest;
import dev.kubelb.api.Problem;
import dev.kubelb.api.Allocation;
import dev.kubelb.api.ValidationReport;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A provider's working session: it translates between the neutral model and the appliance's own
 * resources. Implementations are pure translators wherever possible (no I/O in import, validate,
 * render or observe), so that plans are deterministic and testable offline.
 */
public interface ProviderSession extends AutoCloseable {

    /**
     * @return the provider's name
     */
    String providerName();

    /**
     * @return the appliance configuration kinds this provider reads and renders
     */
    List<ResourceKind> configKinds();

    /**
     * @param object any object
     * @return whether it is an appliance configuration object of this provider
     */
    boolean recognizes(HasMetadata object);

    /**
     * Reads the appliance's own resources (as parsed from YAML or read from a cluster) into the
     * neutral model. Objects not {@link #recognizes recognized} are ignored.
     *
     * @param objects the objects
     * @return the configuration
     * @throws dev.kubelb.api.ConfigurationException carrying every problem found, each naming the object
     *     and field
     */
    ApplianceConfig importConfig(List<? extends HasMetadata> objects);

    /**
     * What the neutral form of a configuration this session imported leaves out or approximates: fields the
     * appliance has and the neutral model has no words for (rendered back to the same appliance verbatim, but lost
     * when migrated to another one). {@code kubelb migrate} reports each as a loss. By default nothing.
     *
     * @param config a configuration this session imported
     * @return one problem per object and field; empty for a configuration it did not import
     */
    default List<Problem> importDifferences(ApplianceConfig config) {
        return List.of();
    }

    /**
     * Validates a configuration as the appliance's own admission would, plus warnings for classic
     * mistakes.
     *
     * @param config the configuration
     * @return errors and warnings
     */
    ValidationReport validate(ApplianceConfig config);

    /**
     * Renders the appliance's configuration objects (pools, advertisements, peers…), byte-stable and
     * without cluster-assigned metadata.
     *
     * @param config the configuration
     * @param assignments the current assignments (some appliances label or select per service)
     * @return the objects, in a stable order
     */
    List<HasMetadata> renderConfig(ApplianceConfig config, List<Assignment> assignments);

    /**
     * Renders the management-cluster {@code Service} for a request: type {@code LoadBalancer}, no
     * selector, the request's ports, and the appliance's class/annotations pinning the allocation.
     * The engine adds its ownership labels and the name/namespace it chose.
     *
     * @param request the request
     * @param allocation the addresses kubelb allocated, or empty when the appliance allocates
     * @param config the configuration
     * @return the Service
     */
    Service renderService(LoadBalancerRequest request, Optional<Allocation> allocation, ApplianceConfig config);

    /**
     * Reads the appliance's answer from a Service it serves.
     *
     * @param service the Service as observed in the cluster
     * @return the appliance's status
     */
    ApplianceStatus observe(Service service);

    /**
     * Reads the appliance's answer from a Service and the Events recorded on it (a cloud's service
     * controller reports progress and errors as Events: {@code EnsuringLoadBalancer},
     * {@code SyncLoadBalancerFailed}, …). By default the Events are ignored.
     *
     * @param service the Service as observed in the cluster
     * @param events the Events whose involved object is the Service, oldest first
     * @return the appliance's status
     */
    default ApplianceStatus observe(Service service, List<Event> events) {
        return observe(service);
    }

    /**
     * Checks the appliance's own allocation rules on kubelb's allocations before they are pinned (e.g.
     * Cilium refuses sharing that MetalLB accepts).
     *
     * @param config the configuration
     * @param assignments the assignments to check
     * @return failures for the assignments the appliance would refuse; empty when all are fine
     */
    default List<AllocationFailure> vet(ApplianceConfig config, List<Assignment> assignments) {
        return List.of();
    }

    /**
     * Checks the appliance's own allocation rules as {@link #vet(ApplianceConfig, List)} does, knowing the name of
     * the Service the engine renders for each request: the appliance sees that Service, not the tenant's (Cilium
     * matches a pool's {@code io.kubernetes.service.name} selector against it). By default the names are not used.
     *
     * @param config the configuration
     * @param assignments the assignments to check
     * @param serviceNames the managed Service's name of each request (in the request's tenant namespace)
     * @return failures for the assignments the appliance would refuse; empty when all are fine
     */
    default List<AllocationFailure> vet(ApplianceConfig config, List<Assignment> assignments,
            Function<LoadBalancerId, String> serviceNames) {
        return vet(config, assignments);
    }

    /**
     * @param config the configuration
     * @return an allocator when the appliance allocates itself (a cloud CCM); empty when kubelb's pool
     *     allocator is used
     */
    default Optional<AddressAllocator> delegatedAllocator(ApplianceConfig config) {
        return Optional.empty();
    }

    /**
     * @return the route advertiser
     */
    RouteAdvertiser advertiser();

    /** Releases the session's resources; by default nothing. */
    @Override
    default void close() {
    }
}
