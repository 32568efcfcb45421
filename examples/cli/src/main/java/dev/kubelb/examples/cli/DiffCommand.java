package dev.kubelb.examples.cli;

import dev.kubelb.core.KubeLb;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;

/**
 * {@code kubelb diff}: what {@code apply} would change, as {@code kubectl diff} shows it: a field-level unified diff
 * per object ({@link ObjectDiff}; server-side dry-run apply on a real cluster), and the objects apply would prune.
 * Writes nothing. Exit 0 when nothing would change, {@link ExitCodes#DIFFERENCES} when something would (kubectl
 * diff exits 1 then; 1 is our unexpected error).
 */
@Command(name = "diff", description = "Show what apply would change, field by field (unified diff; on a real cluster "
        + "the API server's dry-run server-side apply). Writes nothing. Exit 3 when something would change.")
final class DiffCommand extends ClusterCommand {
    @Override
    public Integer call() {
        try (Scenario s = scenario(); Cluster c = openCluster()) {
            Applied a = applyInput(s, c, true);
            try (KubeLb lb = a.engine()) {
                List<ObjectDiff.Change> changes;
                try (Progress p = progressLine("comparing objects", a.plan().objects().size())) {
                    changes = ObjectDiff.changes(c.client, !c.embedded, a.plan().objects(), a.report().deleted(),
                            p::step);
                }
                Map<String, Object> root = header(c, a.plan().provider());
                Map<String, List<String>> byOp = new LinkedHashMap<>();
                for (String op : List.of("created", "updated", "deleted", "unchanged")) {
                    byOp.put(op, new ArrayList<>());
                }
                List<Map<String, Object>> diffs = new ArrayList<>();
                for (ObjectDiff.Change ch : changes) {
                    byOp.get(ch.op()).add(ch.key());
                    if (!ch.diff().isEmpty()) {
                        diffs.add(Map.of("object", ch.key(), "change", ch.op(), "diff", String.join("\n", ch.diff())
                                + "\n"));
                    }
                }
                root.putAll(byOp);
                root.put("diffs", diffs);
                if (!Output.machine(out(), format, root)) {
                    print(c, byOp, changes);
                }
                boolean differs = !byOp.get("created").isEmpty() || !byOp.get("updated").isEmpty()
                        || !byOp.get("deleted").isEmpty();
                return differs ? ExitCodes.DIFFERENCES : ExitCodes.OK;
            }
        }
    }

    private void print(Cluster c, Map<String, List<String>> byOp, List<ObjectDiff.Change> changes) {
        boolean colour = colour();
        out().println("Cluster: " + c.describe());
        for (ObjectDiff.Change ch : changes) {
            for (String line : ch.diff()) {
                if (line.startsWith("+++") || line.startsWith("---")) {
                    out().println(Terminal.plain(line));
                } else if (line.startsWith("+")) {
                    out().println(Terminal.green(colour, line));
                } else if (line.startsWith("-")) {
                    out().println(Terminal.red(colour, line));
                } else if (line.startsWith("@@")) {
                    out().println(Terminal.cyan(colour, line));
                } else {
                    out().println(line);
                }
            }
        }
        out().println();
        out().println("CHANGES: " + byOp.get("created").size() + " to create, " + byOp.get("updated").size()
                + " to update, " + byOp.get("deleted").size() + " to delete, " + byOp.get("unchanged").size()
                + " unchanged");
        out().flush();
    }
}
