package dev.kubelb.examples.cli;

import dev.kubelb.core.ApplyReport;
import dev.kubelb.core.KubeLb;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;

/**
 * {@code kubelb apply}: plans the input against the cluster's recorded allocations and applies it through the
 * engine (server-side apply on a real cluster; create-or-update on the embedded default, whose simulated
 * appliance then answers). The input is the desired state: owned objects it no longer contains are pruned.
 */
@Command(name = "apply", description = "Apply the input through the engine: server-side apply on a real cluster "
        + "(--kubeconfig, KUBECONFIG), else on the embedded default (kubelb up's, or an in-process one).")
final class ApplyCommand extends ClusterCommand {
    @Override
    public Integer call() {
        try (Scenario s = scenario(); Cluster c = openCluster()) {
            Applied a = applyInput(s, c, false);
            try (KubeLb lb = a.engine()) {
                Map<String, Object> root = header(c, a.plan().provider());
                Map<String, Object> plan = Output.plan(s, a.plan());
                root.put("allocations", plan.get("allocations"));
                root.put("failures", plan.get("failures"));
                root.put("warnings", plan.get("warnings"));
                root.put("applied", report(a.report()));
                ClusterView view = view(c, lb);
                root.put("loadBalancers", Views.loadBalancers(view));
                if (!Output.machine(out(), format, root)) {
                    printHeader(root, c);
                    printReport(a.report());
                    Views.loadBalancerTable(out(), Views.loadBalancers(view), format == Output.Format.wide, colour());
                    Output.failureTable(out(), Output.failures(a.plan().failures()), colour());
                    Output.warningList(out(), Output.warnings(s, a.plan().warnings()));
                    out().flush();
                }
                return 0;
            }
        }
    }

    static Map<String, Object> report(ApplyReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("created", r.created());
        m.put("updated", r.updated());
        m.put("unchanged", r.unchanged());
        m.put("deleted", r.deleted());
        return m;
    }

    void printReport(ApplyReport r) {
        out().println();
        out().println("CHANGES: " + r.created().size() + " created, " + r.updated().size() + " updated, "
                + r.deleted().size() + " deleted, " + r.unchanged().size() + " unchanged");
        print("+ ", r.created());
        print("~ ", r.updated());
        print("- ", r.deleted());
    }

    private void print(String mark, List<String> keys) {
        keys.forEach(k -> out().println(mark + k));
    }
}
