package dev.kubelb.examples.cli;

import dev.kubelb.api.Allocation;
import dev.kubelb.api.AllocationFailure;
import dev.kubelb.api.IpAddress;
import dev.kubelb.api.Problem;
import dev.kubelb.core.Applier;
import dev.kubelb.core.Plan;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Renders results: a table for humans, or exactly one JSON / YAML document for machines. */
final class Output {
    /** The output formats of {@code -o}. */
    enum Format {
        /** Human tables (the default). */
        table,
        /** One JSON object. */
        json,
        /** One YAML document. */
        yaml
    }

    private Output() {
    }

    /**
     * @param scenario the input
     * @param plan the plan
     * @return the plan as issue 8's object: provider, allocations, failures, warnings, objects
     */
    static Map<String, Object> plan(Scenario scenario, Plan plan) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("provider", plan.provider());
        root.put("allocations", allocations(plan.allocations()));
        root.put("failures", failures(plan.failures()));
        root.put("warnings", warnings(scenario, plan.warnings()));
        root.put("objects", plan.objects());
        return root;
    }

    static List<Map<String, Object>> allocations(List<Allocation> allocations) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Allocation a : allocations) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("namespace", a.id().tenant());
            m.put("name", a.id().name());
            m.put("addresses", a.addresses().stream().map(IpAddress::toString).toList());
            m.put("pool", a.pool());
            out.add(m);
        }
        return out;
    }

    static List<Map<String, Object>> failures(List<AllocationFailure> failures) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (AllocationFailure f : failures) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("namespace", f.id().tenant());
            m.put("name", f.id().name());
            m.put("reason", f.reason().name());
            m.put("message", f.message());
            out.add(m);
        }
        return out;
    }

    static List<String> warnings(Scenario scenario, List<Problem> problems) {
        List<String> out = new ArrayList<>(scenario.warnings);
        problems.stream().map(Problem::toString).forEach(out::add);
        return out;
    }

    /**
     * Prints a machine-readable result, or returns false for the table format.
     *
     * @param out stdout
     * @param format the format
     * @param root the result
     * @return whether it was printed
     */
    static boolean machine(PrintWriter out, Format format, Map<String, Object> root) {
        switch (format) {
            case json -> out.println(Documents.SERIALIZATION.asJson(root));
            case yaml -> out.print(Documents.SERIALIZATION.asYaml(root));
            default -> {
                return false;
            }
        }
        out.flush();
        return true;
    }

    /**
     * Prints a plan for humans.
     *
     * @param out stdout
     * @param root the plan as from {@link #plan}
     * @param plan the plan
     */
    @SuppressWarnings("unchecked")
    static void planTable(PrintWriter out, Map<String, Object> root, Plan plan) {
        List<HasMetadata> objects = plan.objects();
        out.println("Provider: " + root.get("provider"));
        allocationTable(out, (List<Map<String, Object>>) root.get("allocations"));
        if (!plan.pending().isEmpty()) {
            out.println();
            out.println("PENDING (" + plan.pending().size() + "): the appliance allocates these itself");
            plan.pending().forEach(id -> out.println("  " + id));
        }
        failureTable(out, (List<Map<String, Object>>) root.get("failures"));
        warningList(out, (List<String>) root.get("warnings"));
        out.println();
        out.println("OBJECTS (" + objects.size() + ")");
        for (HasMetadata o : objects) {
            out.println("  " + o.getApiVersion() + " " + Applier.key(o));
        }
        out.flush();
    }

    static void allocationTable(PrintWriter out, List<Map<String, Object>> allocations) {
        out.println();
        out.println("ALLOCATIONS (" + allocations.size() + ")");
        if (allocations.isEmpty()) {
            return;
        }
        Table t = new Table("NAMESPACE", "NAME", "ADDRESSES", "POOL");
        for (Map<String, Object> a : allocations) {
            t.row(a.get("namespace"), a.get("name"), String.join(",", strings(a.get("addresses"))), a.get("pool"));
        }
        t.print(out);
    }

    static void failureTable(PrintWriter out, List<Map<String, Object>> failures) {
        out.println();
        out.println("FAILURES (" + failures.size() + ")");
        if (failures.isEmpty()) {
            return;
        }
        Table t = new Table("NAMESPACE", "NAME", "REASON", "MESSAGE");
        for (Map<String, Object> f : failures) {
            t.row(f.get("namespace"), f.get("name"), f.get("reason"), f.get("message"));
        }
        t.print(out);
    }

    static void warningList(PrintWriter out, List<String> warnings) {
        out.println();
        out.println("WARNINGS (" + warnings.size() + ")");
        warnings.forEach(w -> out.println("  " + w));
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object o) {
        return (List<String>) o;
    }
}
