package dev.kubelb.examples.cli;

import dev.kubelb.core.KubeLb;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code kubelb diff}: what {@code apply} would create, update and prune; writes nothing. */
@Command(name = "diff", description = "Show what apply would change (+ create, ~ update, - prune); writes nothing.")
final class DiffCommand extends ClusterCommand {
    @Override
    public Integer call() {
        try (Scenario s = scenario(); Cluster c = openCluster()) {
            Applied a = applyInput(s, c, true);
            try (KubeLb lb = a.engine()) {
                Map<String, Object> root = header(c, a.plan().provider());
                root.putAll(ApplyCommand.report(a.report()));
                if (!Output.machine(out(), format, root)) {
                    printHeader(root, c);
                    if (c.embedded) {
                        out().println("(the embedded default starts empty: every object is a creation)");
                    }
                    ApplyCommand cmd = new ApplyCommand();
                    cmd.spec = spec;
                    cmd.printReport(a.report(), true);
                    out().flush();
                }
                return 0;
            }
        }
    }
}
