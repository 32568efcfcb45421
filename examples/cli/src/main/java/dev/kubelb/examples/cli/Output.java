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

/**
 * Renders results: a table for humans ({@code wide}: more columns), exactly one JSON / YAML document for machines,
 * {@code name} ({@code kind.group/name} per line, as {@code kubectl -o name}), or {@code manifests}: just the objects
 * as a multi-document YAML stream {@code kubectl apply -f -} takes. Every machine format is masked
 * ({@link Secrets#maskTree}); rows are in natural order.
 */
final class Output {
    /** The help text of {@code -o}. */
    static final String FORMATS = "table (default), wide (more columns), json, yaml (the whole result), name "
            + "(kind.group/name per line), manifests (just the objects, a multi-document YAML stream for "
            + "kubectl apply -f -; secrets masked).";

    /** The output formats of {@code -o}. */
    enum Format {
        /** Human tables (the default). */
        table,
        /** Human tables with more columns. */
        wide,
        /** One JSON object. */
        json,
        /** One YAML document. */
        yaml,
        /** One {@code kind.group/name} per line. */
        name,
        /** The objects only, as multi-document YAML. */
        manifests
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
        return NaturalOrder.sortBy(out, "namespace", "name");
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
        return NaturalOrder.sortBy(out, "namespace", "name");
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
            case json -> out.println(Documents.SERIALIZATION.asJson(masked(root)));
            case yaml -> out.print(Documents.SERIALIZATION.asYaml(masked(root)));
            case name -> names(root).forEach(out::println);
            case manifests -> out.print(manifests(objectsOf(root, "manifests")));
            default -> {
                return false;
            }
        }
        out.flush();
        return true;
    }

    /** @param o a result or object @return it as a map / list tree with every secret masked */
    static Object masked(Object o) {
        return Secrets.maskTree(Documents.SERIALIZATION.convertValue(o, Object.class));
    }

    /**
     * @param objects Kubernetes objects
     * @return them as a multi-document YAML stream (each document starts with {@code ---}), secrets masked
     */
    static String manifests(List<?> objects) {
        StringBuilder sb = new StringBuilder();
        for (Object o : objects) {
            String y = Documents.SERIALIZATION.asYaml(masked(o));
            sb.append(y.startsWith("---") ? "" : "---\n").append(y);
            if (!y.endsWith("\n")) {
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    @SuppressWarnings("unchecked")
    private static List<Object> objectsOf(Map<String, Object> root, String format) {
        Object objects = root.get("objects");
        if (!(objects instanceof List<?>)) {
            throw CliException.invalid("kubelb: -o " + format + ": this command prints no objects (plan and migrate "
                    + "do); use -o yaml or -o json");
        }
        return (List<Object>) objects;
    }

    /** @return {@code kind.group/name} per object, as {@code kubectl -o name}; load balancers, pools, providers */
    @SuppressWarnings("unchecked")
    static List<String> names(Map<String, Object> root) {
        List<String> out = new ArrayList<>();
        if (root.get("objects") instanceof List<?> objects) {
            for (Object o : objects) {
                if (o instanceof HasMetadata h) {
                    out.add(resourceName(h.getKind(), h.getApiVersion()) + "/" + h.getMetadata().getName());
                }
            }
            return out;
        }
        if (root.get("loadBalancers") instanceof List<?> lbs) {
            for (Map<String, Object> m : (List<Map<String, Object>>) lbs) {
                boolean svc = "Service".equals(m.get("source"));
                out.add((svc ? "service" : "loadbalancer.kubelb.k8c.io") + "/" + m.get("name"));
            }
            return out;
        }
        for (String key : List.of("pools", "providers")) {
            if (root.get(key) instanceof List<?> list) {
                for (Map<String, Object> m : (List<Map<String, Object>>) list) {
                    Object n = m.containsKey("pool") ? m.get("pool") : m.get("name");
                    String entry = key.substring(0, key.length() - 1) + "/" + n;
                    if (!out.contains(entry)) {
                        out.add(entry);
                    }
                }
                return out;
            }
        }
        if (root.get("routes") instanceof List<?> routes) {
            for (Map<String, Object> r : (List<Map<String, Object>>) routes) {
                out.add("route/" + r.get("peer") + "/" + r.get("prefix"));
            }
            return out;
        }
        throw CliException.invalid("kubelb: -o name: this command lists no named objects; use -o yaml or -o json");
    }

    /** @return {@code kind} for the core group, {@code kind.group} otherwise, lower case, as kubectl prints it */
    static String resourceName(String kind, String apiVersion) {
        String k = kind.toLowerCase(java.util.Locale.ROOT);
        int slash = apiVersion == null ? -1 : apiVersion.indexOf('/');
        return slash < 0 ? k : k + "." + apiVersion.substring(0, slash);
    }

    /**
     * Prints a plan for humans.
     *
     * @param out stdout
     * @param root the plan as from {@link #plan}
     * @param plan the plan
     */
    @SuppressWarnings("unchecked")
    static void planTable(PrintWriter out, Map<String, Object> root, Plan plan, boolean wide, boolean colour) {
        List<HasMetadata> objects = plan.objects();
        out.println("Provider: " + root.get("provider"));
        allocationTable(out, (List<Map<String, Object>>) root.get("allocations"));
        if (!plan.pending().isEmpty()) {
            out.println();
            out.println("PENDING (" + plan.pending().size() + "): the appliance allocates these itself");
            plan.pending().forEach(id -> out.println("  " + id));
        }
        failureTable(out, (List<Map<String, Object>>) root.get("failures"), colour);
        warningList(out, (List<String>) root.get("warnings"));
        out.println();
        out.println("OBJECTS (" + objects.size() + ")");
        if (wide) {
            Table t = new Table("APIVERSION", "KIND", "NAMESPACE", "NAME", "REQUEST");
            for (HasMetadata o : objects) {
                Map<String, String> l = o.getMetadata().getLabels() == null ? Map.of() : o.getMetadata().getLabels();
                String req = l.containsKey(dev.kubelb.core.KubeLbLabels.REQUEST)
                        ? l.get(dev.kubelb.core.KubeLbLabels.TENANT) + "/" + l.get(dev.kubelb.core.KubeLbLabels.REQUEST)
                        : "";
                t.row(o.getApiVersion(), o.getKind(), o.getMetadata().getNamespace(), o.getMetadata().getName(), req);
            }
            t.print(out);
        } else {
            for (HasMetadata o : objects) {
                out.println("  " + o.getApiVersion() + " " + Applier.key(o));
            }
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
        failureTable(out, failures, false);
    }

    static void failureTable(PrintWriter out, List<Map<String, Object>> failures, boolean colour) {
        out.println();
        out.println("FAILURES (" + failures.size() + ")");
        if (failures.isEmpty()) {
            return;
        }
        Table t = new Table("NAMESPACE", "NAME", "REASON", "MESSAGE");
        for (Map<String, Object> f : failures) {
            t.row(f.get("namespace"), f.get("name"), Terminal.red(colour, String.valueOf(f.get("reason"))),
                    f.get("message"));
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
