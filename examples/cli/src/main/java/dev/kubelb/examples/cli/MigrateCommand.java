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
 * target session's {@code vet()}), every configuration error of the target, and everything of the
 * configuration the target does not keep (its own reading of what it renders, compared with the input:
 * {@link ConfigLoss}), and what the source's own objects say that the neutral model leaves out (the source
 * session's {@code importDifferences}). The user's objects keep their names. Writes nothing. Exit 0 when the target takes
 * everything as it is; {@value #LOSSY_EXIT} when it refuses or changes something, unless
 * {@code --allow-lossy}.
 */
@Command(name = "migrate", description = "Render the same allocations for another appliance (every address pinned) "
        + "and list every service it would treat differently. Writes nothing.")
final class MigrateCommand extends InputCommand {
    /** Exit code of a migration the target refuses or would change (without {@code --allow-lossy}). */
    static final int LOSSY_EXIT = ExitCodes.DIFFERENCES;

    @Option(names = "--to", required = true, paramLabel = "NAME", description = "The target provider, e.g. cilium.")
    String to;

    @Option(names = "--allow-lossy", description = "Exit 0 even when the target refuses or changes something.")
    boolean allowLossy;

    /** The outcome of a migration, for the command and for tests. */
    record Migration(Plan source, String target, List<Assignment> assignments, List<AllocationFailure> differences,
            ValidationReport targetValidation, List<HasMetadata> objects, List<Problem> losses) {

        /** @return whether the target takes everything as it is */
        boolean lossless() {
            return differences.isEmpty() && targetValidation.isValid() && losses.isEmpty();
        }
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
            // every address pinned: the target is asked for exactly the addresses held today (a Service
            // that already pins them, metallb.io/loadBalancerIPs, keeps its pins as they are)
            List<IpAddress> more = a.addresses().stream().filter(x -> !r.requestedAddresses().contains(x)).toList();
            assignments.add(new Assignment(r.toBuilder().requestedAddresses(more).build(), a));
        }
        try (ProviderSession ts = target.open(new ProviderContext(Optional.empty(),
                Scenario.defaultNamespace(target.name()), ClusterInfo.UNKNOWN, s.options))) {
            ValidationReport validation = ts.validate(s.config);
            List<AllocationFailure> differences = new ArrayList<>(ts.vet(s.config, assignments));
            differences.sort((x, y) -> x.id().compareTo(y.id()));
            List<HasMetadata> objects = new ArrayList<>();
            List<Problem> losses = new ArrayList<>();
            // what the source's own objects say and the neutral model does not (the source session's reading)
            s.session.importDifferences(s.config).forEach(p -> losses.add(Problem.of(p.object(), p.field(),
                    "not carried to " + target.name() + ": " + p.message())));
            List<HasMetadata> rendered = List.of();
            if (validation.isValid()) {
                try {
                    rendered = ts.renderConfig(s.config, assignments);
                } catch (RuntimeException e) {
                    // a target that validates a configuration it then cannot render: reported, never a crash
                    losses.add(Problem.of("", "", target.name() + " cannot render the configuration: "
                            + e.getMessage()));
                }
            }
            if (validation.isValid() && losses.isEmpty()) {
                try {
                    losses.addAll(ConfigLoss.between(s.config, ts.importConfig(rendered), target.name()));
                } catch (ConfigurationException e) {
                    e.problems().forEach(p -> losses.add(Problem.of(p.object(), p.field(), target.name()
                            + " cannot read back what it renders: " + p.message())));
                }
                for (HasMetadata o : rendered) {
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
            return new Migration(source, target.name(), assignments, differences, validation, objects,
                    List.copyOf(losses));
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
            root.put("losses", m.losses().stream().map(Problem::toString).toList());
            root.put("lossless", m.lossless());
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
                if (!m.losses().isEmpty()) {
                    out().println();
                    out().println("LOSSES (" + m.losses().size() + "): configuration " + m.target()
                            + " does not keep");
                    m.losses().forEach(l -> out().println("  " + l));
                }
                Output.failureTable(out(), Output.failures(m.source().failures()));
                Output.warningList(out(), warnings);
                out().println();
                out().println("OBJECTS (" + m.objects().size() + ") for " + m.target());
                out().println(m.objects().stream().map(o -> "  " + o.getApiVersion() + " "
                        + dev.kubelb.core.Applier.key(o)).collect(Collectors.joining("\n")));
                out().flush();
            }
            if (!m.lossless() && !allowLossy) {
                err().println("kubelb: migrate: " + m.target() + " would refuse or change "
                        + (m.differences().size() + m.targetValidation().errors().size() + m.losses().size())
                        + " item(s) (listed above); pass --allow-lossy to accept");
                err().flush();
                return LOSSY_EXIT;
            }
            return 0;
        }
    }
}
