package dev.kubelb.examples.cli;

import dev.kubelb.api.Allocation;
import dev.kubelb.api.AllocationFailure;
import dev.kubelb.api.ConfigurationException;
import dev.kubelb.api.IpAddress;
import dev.kubelb.api.LoadBalancerRequest;
import dev.kubelb.api.Problem;
import dev.kubelb.api.ValidationReport;
import dev.kubelb.core.KubeLbLabels;
import dev.kubelb.core.Plan;
import dev.kubelb.core.Planner;
import dev.kubelb.core.ProviderRegistry;
import dev.kubelb.spi.Assignment;
import dev.kubelb.spi.ClusterInfo;
import dev.kubelb.spi.LoadBalancerProvider;
import dev.kubelb.spi.ProviderContext;
import dev.kubelb.spi.ProviderSession;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code kubelb migrate --to NAME}: renders the same allocations for another appliance with every address
 * pinned, and lists — before anything is applied — every service the target would treat differently (the
 * target session's {@code vet()}: e.g. Cilium refuses TCP/53 + UDP/53 on one shared address, which MetalLB
 * accepts). Writes nothing; exit 0 even when there are differences (they are listed).
 */
@Command(name = "migrate", description = "Render the same allocations for another appliance (every address pinned) "
        + "and list every service it would treat differently. Writes nothing.")
final class MigrateCommand extends InputCommand {
    @Option(names = "--to", required = true, paramLabel = "NAME", description = "The target provider, e.g. cilium.")
    String to;

    /** The outcome of a migration, for the command and for tests. */
    record Migration(Plan source, String target, List<Assignment> assignments, List<AllocationFailure> differences,
            ValidationReport targetValidation, List<HasMetadata> objects) {
    }

    /**
     * @param s the input (planned with its own provider)
     * @param target the target provider
     * @return the migration: the source plan's allocations, the target's objects and its differences
     */
    static Migration migrate(Scenario s, LoadBalancerProvider target) {
        Plan source = plan(s);
        Map<String, LoadBalancerRequest> byId = new TreeMap<>();
        s.requests.forEach(r -> byId.put(r.id().toString(), r));
        List<Assignment> assignments = new ArrayList<>();
        for (Allocation a : source.allocations()) {
            LoadBalancerRequest r = byId.get(a.id().toString());
            // every address pinned: the target is asked for exactly the addresses held today
            assignments.add(new Assignment(r.toBuilder().requestedAddresses(a.addresses()).build(), a));
        }
        try (ProviderSession ts = target.open(new ProviderContext(Optional.empty(),
                Scenario.defaultNamespace(target.name()), ClusterInfo.UNKNOWN, s.options))) {
            ValidationReport validation = ts.validate(s.config);
            List<AllocationFailure> differences = new ArrayList<>(ts.vet(s.config, assignments));
            differences.sort((x, y) -> x.id().compareTo(y.id()));
            List<HasMetadata> objects = new ArrayList<>();
            if (validation.isValid()) {
                for (HasMetadata o : ts.renderConfig(s.config, assignments)) {
                    Map<String, String> l = new TreeMap<>(o.getMetadata().getLabels() == null ? Map.of()
                            : o.getMetadata().getLabels());
                    l.put(KubeLbLabels.MANAGED_BY, KubeLbLabels.MANAGER);
                    o.getMetadata().setLabels(l);
                    objects.add(o);
                }
            }
            Planner planner = Planner.builder(ts).build();
            for (Assignment a : assignments) {
                objects.addAll(planner.renderRequest(s.config, a.request(), Optional.of(a.allocation())));
            }
            return new Migration(source, target.name(), assignments, differences, validation, objects);
        }
    }

    @Override
    public Integer call() {
        LoadBalancerProvider target;
        try {
            target = ProviderRegistry.load().select(Optional.of(to), ClusterInfo.UNKNOWN);
        } catch (ConfigurationException e) {
            throw CliException.invalid(e.problems().stream().map(p -> "kubelb: --to: " + p.message()).toList());
        }
        try (Scenario s = scenario()) {
            Migration m = migrate(s, target);
            Map<String, Object> root = new LinkedHashMap<>();
            root.put("from", m.source().provider());
            root.put("provider", m.target());
            root.put("allocations", Output.allocations(m.source().allocations()));
            root.put("failures", Output.failures(m.source().failures()));
            Map<String, List<IpAddress>> held = new TreeMap<>();
            m.assignments().forEach(a -> held.put(a.request().id().toString(), a.allocation().addresses()));
            List<Map<String, Object>> diffs = new ArrayList<>();
            for (AllocationFailure f : m.differences()) {
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("namespace", f.id().tenant());
                d.put("name", f.id().name());
                d.put("addresses", held.getOrDefault(f.id().toString(), List.of()).stream().map(IpAddress::toString)
                        .toList());
                d.put("reason", f.reason().name());
                d.put("message", f.message());
                diffs.add(d);
            }
            root.put("differences", diffs);
            List<String> warnings = Output.warnings(s, m.source().warnings());
            m.targetValidation().errors().forEach(p -> warnings.add(m.target() + " rejects the configuration: " + p));
            m.targetValidation().warnings().stream().map(Problem::toString).map(w -> m.target() + ": " + w)
                    .forEach(warnings::add);
            root.put("warnings", warnings);
            root.put("objects", m.objects());
            if (!Output.machine(out(), format, root)) {
                out().println("Migration: " + m.source().provider() + " -> " + m.target()
                        + " (every address pinned; nothing applied)");
                Output.allocationTable(out(), Output.allocations(m.source().allocations()));
                out().println();
                out().println("DIFFERENCES (" + diffs.size() + "): services " + m.target()
                        + " would treat differently");
                if (!diffs.isEmpty()) {
                    Table t = new Table("NAMESPACE", "NAME", "ADDRESSES", "REASON", "MESSAGE");
                    for (Map<String, Object> d : diffs) {
                        @SuppressWarnings("unchecked")
                        List<String> a = (List<String>) d.get("addresses");
                        t.row(d.get("namespace"), d.get("name"), String.join(",", a), d.get("reason"), d.get("message"));
                    }
                    t.print(out());
                }
                Output.failureTable(out(), Output.failures(m.source().failures()));
                Output.warningList(out(), warnings);
                out().println();
                out().println("OBJECTS (" + m.objects().size() + ") for " + m.target());
                out().println(m.objects().stream().map(o -> "  " + o.getApiVersion() + " "
                        + dev.kubelb.core.Applier.key(o)).collect(Collectors.joining("\n")));
                out().flush();
            }
            return 0;
        }
    }
}
