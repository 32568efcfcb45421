package dev.kubelb.examples.cli;

import dev.kubelb.api.AdvertisementPreview;
import dev.kubelb.api.Community;
import dev.kubelb.api.IpAddress;
import dev.kubelb.api.L2Announcement;
import dev.kubelb.api.LabelSelector;
import dev.kubelb.api.LoadBalancerId;
import dev.kubelb.api.Problem;
import dev.kubelb.api.RouteAnnouncement;
import dev.kubelb.spi.ApplianceStatus;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Machine and human renderings of status, pool usage and the advertisement preview. */
final class Views {
    private Views() {
    }

    static List<Map<String, Object>> loadBalancers(ClusterView view) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (ClusterView.Entry e : view.entries) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("namespace", e.id().tenant());
            m.put("name", e.id().name());
            m.put("source", e.source());
            m.put("service", e.managed());
            m.put("addresses", e.allocation().map(a -> a.addresses().stream().map(IpAddress::toString).toList())
                    .orElse(List.of()));
            m.put("pool", e.allocation().map(a -> a.pool()).orElse(""));
            m.put("state", e.status().state().name());
            m.put("ingress", ingress(e.status()));
            m.put("ready", e.ready());
            m.put("message", e.status().message());
            out.add(m);
        }
        return NaturalOrder.sortBy(out, "namespace", "name");
    }

    static List<String> ingress(ApplianceStatus s) {
        return s.ingress().stream().map(i -> i.ip().or(i::hostname).orElse("")).toList();
    }

    @SuppressWarnings("unchecked")
    static void loadBalancerTable(PrintWriter out, List<Map<String, Object>> lbs, boolean wide, boolean colour) {
        out.println();
        out.println("LOAD BALANCERS (" + lbs.size() + ")");
        if (lbs.isEmpty()) {
            return;
        }
        Table t = wide ? new Table("NAMESPACE", "NAME", "SOURCE", "ADDRESSES", "POOL", "STATE", "INGRESS", "READY",
                "MESSAGE") : new Table("NAMESPACE", "NAME", "ADDRESSES", "POOL", "STATE", "READY");
        for (Map<String, Object> m : lbs) {
            String state = String.valueOf(m.get("state"));
            String shown = "READY".equals(state) ? Terminal.green(colour, state) : Terminal.yellow(colour, state);
            String addresses = String.join(",", (List<String>) m.get("addresses"));
            if (wide) {
                t.row(m.get("namespace"), m.get("name"), m.get("source"), addresses, m.get("pool"), shown,
                        String.join(",", (List<String>) m.get("ingress")), m.get("ready"), m.get("message"));
            } else {
                t.row(m.get("namespace"), m.get("name"), addresses, m.get("pool"), shown, m.get("ready"));
            }
        }
        t.print(out);
    }

    /**
     * @param out stdout
     * @param byFamily {@link ClusterView#usageByFamily}: one row per pool and address family, never summed
     */
    @SuppressWarnings("unchecked")
    static void poolTable(PrintWriter out, List<Map<String, Object>> byFamily) {
        out.println();
        out.println("POOLS (" + byFamily.stream().map(p -> p.get("pool")).distinct().count() + ")");
        if (byFamily.isEmpty()) {
            return;
        }
        Table t = new Table("POOL", "FAMILY", "TOTAL", "USED", "FREE", "USED BY TENANT");
        for (Map<String, Object> p : byFamily) {
            Map<String, Object> byTenant = (Map<String, Object>) p.get("usedByTenant");
            t.row(p.get("pool"), p.get("family"), p.get("total"), p.get("used"), p.get("free"), byTenant.entrySet()
                    .stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(",")));
        }
        t.print(out);
    }

    static Map<String, Object> preview(AdvertisementPreview preview) {
        List<Map<String, Object>> routes = new ArrayList<>();
        for (RouteAnnouncement r : preview.routes()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("peer", r.peer());
            m.put("prefix", r.prefix().toString());
            m.put("communities", r.communities().stream().map(Community::text).toList());
            m.put("localPref", r.localPref().orElse(null));
            m.put("nodeSelectors", r.nodeSelectors().stream().map(Views::selector).toList());
            m.put("advertisements", r.advertisements());
            m.put("services", r.services().stream().map(LoadBalancerId::toString).toList());
            m.put("speakerNodes", r.nodes());
            routes.add(m);
        }
        List<Map<String, Object>> l2 = new ArrayList<>();
        for (L2Announcement a : preview.l2()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("address", a.address().toString());
            m.put("service", a.service().toString());
            m.put("advertisement", a.advertisement());
            m.put("interfaces", a.interfaces());
            m.put("nodeSelectors", a.nodeSelectors().stream().map(Views::selector).toList());
            l2.add(m);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("routes", routes);
        root.put("l2", l2);
        root.put("warnings", preview.warnings().stream().map(Problem::toString).toList());
        root.put("withheld", preview.withheld().stream().map(w -> w.service() + " " + w.address() + " on "
                + w.node() + ": " + w.reason()).toList());
        return root;
    }

    static void previewTable(PrintWriter out, Map<String, Object> preview) {
        previewTable(out, preview, false);
    }

    /**
     * @param out stdout
     * @param preview {@link #preview}
     * @param wide whether to add the node selectors behind each route ({@code -o wide})
     */
    @SuppressWarnings("unchecked")
    static void previewTable(PrintWriter out, Map<String, Object> preview, boolean wide) {
        List<Map<String, Object>> routes = (List<Map<String, Object>>) preview.get("routes");
        out.println();
        out.println("BGP ROUTES (" + routes.size() + ")");
        if (!routes.isEmpty()) {
            List<String> head = new ArrayList<>(List.of("PEER", "PREFIX", "COMMUNITIES", "LOCAL-PREF", "NODES",
                    "ADVERTISEMENTS", "SERVICES"));
            if (wide) {
                head.add("NODE-SELECTORS");
            }
            Table t = new Table(head.toArray(String[]::new));
            for (Map<String, Object> r : routes) {
                Object lp = r.get("localPref");
                String selectors = ((List<String>) r.get("nodeSelectors")).isEmpty() ? "all"
                        : join(r.get("nodeSelectors"));
                // the nodes announcing it when the speakers' nodes are known, else the selectors that choose them
                List<String> speakers = (List<String>) r.get("speakerNodes");
                List<Object> row = new ArrayList<>(List.of(r.get("peer"), r.get("prefix"), join(r.get("communities")),
                        lp == null ? "-" : lp, speakers.isEmpty() ? selectors : join(speakers),
                        join(r.get("advertisements")), join(r.get("services"))));
                if (wide) {
                    row.add(selectors);
                }
                t.row(row.toArray());
            }
            t.print(out);
        }
        List<Map<String, Object>> l2 = (List<Map<String, Object>>) preview.get("l2");
        if (!l2.isEmpty()) {
            out.println();
            out.println("L2 ANNOUNCEMENTS (" + l2.size() + ")");
            Table t = new Table("ADDRESS", "SERVICE", "ADVERTISEMENT", "INTERFACES", "NODES");
            for (Map<String, Object> a : l2) {
                t.row(a.get("address"), a.get("service"), a.get("advertisement"),
                        ((List<String>) a.get("interfaces")).isEmpty() ? "all" : join(a.get("interfaces")),
                        ((List<String>) a.get("nodeSelectors")).isEmpty() ? "all" : join(a.get("nodeSelectors")));
            }
            t.print(out);
        }
        List<String> withheld = (List<String>) preview.get("withheld");
        if (!withheld.isEmpty()) {
            out.println();
            out.println("WITHHELD (" + withheld.size() + ")");
            withheld.forEach(w -> out.println("  " + w));
        }
        List<String> warnings = (List<String>) preview.get("warnings");
        if (!warnings.isEmpty()) {
            Output.warningList(out, warnings);
        }
    }

    @SuppressWarnings("unchecked")
    private static String join(Object list) {
        return String.join(",", (List<String>) list);
    }

    static String selector(LabelSelector s) {
        List<String> parts = new ArrayList<>();
        s.matchLabels().forEach((k, v) -> parts.add(k + "=" + v));
        for (LabelSelector.Requirement r : s.matchExpressions()) {
            parts.add(r.key() + " " + r.operator() + (r.values().isEmpty() ? "" : " (" + String.join(",", r.values()) + ")"));
        }
        return parts.isEmpty() ? "all" : String.join(",", parts);
    }
}
