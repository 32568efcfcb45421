package dev.kubelb.provider.cilium;

import dev.kubelb.api.AllocationFailure;
import dev.kubelb.api.ApplianceConfig;
import dev.kubelb.api.FailureReason;
import dev.kubelb.api.IpAddress;
import dev.kubelb.api.LoadBalancerId;
import dev.kubelb.api.Problem;
import dev.kubelb.api.ValidationReport;
import dev.kubelb.spi.Assignment;
import dev.kubelb.spi.ProviderContext;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Plans a switch to Cilium (e.g. from MetalLB) that keeps every address: given the neutral
 * configuration and the current assignments, it renders the Cilium objects and the Services with
 * every address pinned ({@code lbipam.cilium.io/ips}), and lists, before anything is applied, every
 * Service Cilium would treat differently, with what the operator must change. Nothing is applied here.
 */
public final class CiliumMigration {
    private final CiliumSession session;

    /**
     * @param context the context of the target cluster (pool version, options)
     */
    public CiliumMigration(ProviderContext context) {
        this.session = new CiliumSession(Objects.requireNonNull(context, "context"));
    }

    /**
     * One Service Cilium would treat differently.
     *
     * @param service the load balancer
     * @param addresses the addresses it holds today
     * @param reason the neutral reason when Cilium refuses it; empty when Cilium accepts it but behaves
     *     differently
     * @param problem what Cilium would do
     * @param action what the operator must change
     */
    public record Finding(LoadBalancerId service, List<IpAddress> addresses, Optional<FailureReason> reason,
            String problem, String action) {
        /** Copies the list. */
        public Finding {
            Objects.requireNonNull(service, "service");
            addresses = List.copyOf(addresses);
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(problem, "problem");
            Objects.requireNonNull(action, "action");
        }

        /** @return whether Cilium would refuse the pinned address (the Service would stay pending) */
        public boolean blocking() {
            return reason.isPresent();
        }
    }

    /**
     * The migration plan.
     *
     * @param validation the configuration's validation against Cilium
     * @param configObjects the Cilium objects (empty when the configuration is invalid)
     * @param services the Services, each pinning its current addresses, sorted by request id
     * @param findings Services Cilium would treat differently, sorted by request id
     * @param losses settings of the configuration the Cilium objects do not carry (none is dropped silently)
     */
    public record Plan(ValidationReport validation, List<HasMetadata> configObjects, List<Service> services,
            List<Finding> findings, List<Problem> losses) {
        /** Copies the lists. */
        public Plan {
            Objects.requireNonNull(validation, "validation");
            configObjects = List.copyOf(configObjects);
            services = List.copyOf(services);
            findings = List.copyOf(findings);
            losses = List.copyOf(losses);
        }

        /** @return whether the Cilium objects carry every setting of the configuration */
        public boolean lossless() {
            return losses.isEmpty();
        }

        /** @return whether the switch keeps every address without operator action */
        public boolean safe() {
            return validation.isValid() && findings.stream().noneMatch(Finding::blocking);
        }
    }

    /**
     * @param config the neutral configuration (e.g. imported from MetalLB)
     * @param assignments the current requests and the addresses they hold
     * @return the plan; nothing is applied
     */
    public Plan plan(ApplianceConfig config, List<Assignment> assignments) {
        ValidationReport report = session.validate(config);
        List<HasMetadata> objects = report.isValid() ? session.renderConfig(config, assignments) : List.of();
        List<Assignment> sorted = assignments.stream().sorted(Comparator.comparing(a -> a.request().id())).toList();
        List<Service> services = new ArrayList<>();
        for (Assignment a : sorted) {
            services.add(session.renderService(a.request(), Optional.of(a.allocation()), config));
        }
        List<Finding> findings = new ArrayList<>();
        for (AllocationFailure f : session.vet(config, sorted)) {
            Assignment a = sorted.stream().filter(x -> x.request().id().equals(f.id())).findFirst().orElseThrow();
            findings.add(new Finding(f.id(), a.allocation().addresses(), Optional.of(f.reason()), f.message(),
                    action(f)));
        }
        for (Problem p : session.serviceWarnings(config, sorted)) {
            LoadBalancerId id = LoadBalancerId.parse(p.object().substring("Service/".length()));
            Assignment a = sorted.stream().filter(x -> x.request().id().equals(id)).findFirst().orElseThrow();
            findings.add(new Finding(id, a.allocation().addresses(), Optional.empty(), p.field() + ": " + p.message(),
                    p.field().equals("spec.externalTrafficPolicy")
                            ? "set externalTrafficPolicy: Cluster, or advertise the pool over BGP"
                            : "advertise the pool's IPv6 addresses over BGP"));
        }
        findings.sort(Comparator.comparing(Finding::service).thenComparing(f -> f.reason().isPresent() ? 0 : 1));
        return new Plan(report, objects, services, findings, CiliumLosses.of(config));
    }

    private static String action(AllocationFailure f) {
        String m = f.message();
        return switch (f.reason()) {
            case INCOMPATIBLE_SHARING -> m.contains("whatever the protocol")
                    ? "give " + f.id() + " its own address (another sharing key) or move it to a port number the other "
                            + "Services on the address do not use, whatever the protocol"
                    : m.contains("namespaces")
                            ? "allow cross-tenant sharing on the pool (allowCrossTenantSharing) or in both requests' "
                                    + "sharingTenants, or give " + f.id() + " its own address"
                            : "use the same externalTrafficPolicy (Local: the same non-empty pod selector) on every "
                                    + "Service sharing the address, or give " + f.id() + " its own address";
            case ADDRESS_IN_USE -> "give every Service sharing the address the same sharing key, or give " + f.id()
                    + " its own address";
            case POOL_NOT_ALLOWED -> "widen the pool's scope to admit " + f.id() + ", or move it to a pool that admits it";
            case ADDRESS_NOT_IN_POOL, NO_POOL -> "add the address to a Cilium pool (a block of the pool named in the "
                    + "allocation), or move " + f.id() + " to an address Cilium hands out";
            default -> "change " + f.id() + " so that Cilium accepts it: " + f.reason();
        };
    }

    /**
     * @param plan a plan
     * @return a human-readable report of the findings, one line per finding
     */
    public static String describe(Plan plan) {
        return java.util.stream.Stream.concat(plan.findings().stream().map(f -> f.service() + " [" + f.addresses()
                .stream().map(IpAddress::toString).collect(Collectors.joining(",")) + "] " + (f.blocking()
                        ? f.reason().get() + ": " : "note: ") + f.problem() + " -> " + f.action()),
                plan.losses().stream().map(p -> "lost: " + p)).collect(Collectors.joining("\n"));
    }
}
