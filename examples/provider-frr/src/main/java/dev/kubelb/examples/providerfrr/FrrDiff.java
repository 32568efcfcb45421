package dev.kubelb.examples.providerfrr;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The fast path of a reload: the commands that turn the configuration bgpd runs (the one this provider
 * rendered and applied last) into the next one, when only what Services change differs: prefix-list entries,
 * route-map entries and the lines of the {@code address-family} blocks ({@code network}, {@code aggregate-address},
 * a neighbor's {@code activate} and {@code route-map}). Anything else (a neighbor, a timer, a password, the AS, the
 * log file) is left to {@code frr-reload.py}. Removals go first (routes, then policies), additions after (policies,
 * then routes), so a new route is announced through a policy that already permits it.
 */
final class FrrDiff {
    private static final String TOP = "";

    private FrrDiff() {
    }

    /**
     * @param running the configuration bgpd runs (as this provider rendered it)
     * @param next the configuration wanted
     * @return the commands, each a path of context headers ending with the line; empty when the change is
     *     not one this path makes
     */
    static Optional<List<List<String>>> commands(String running, String next) {
        Map<List<String>, Set<String>> old = parse(running);
        Map<List<String>, Set<String>> now = parse(next);
        for (List<String> ctx : union(old.keySet(), now.keySet())) {
            boolean policy = ctx.size() == 1 && ctx.get(0).startsWith("route-map ");
            boolean family = ctx.size() == 2 && ctx.get(1).startsWith("address-family ");
            if (policy || family) {
                if (family && !(old.containsKey(ctx) && now.containsKey(ctx))) {
                    return Optional.empty(); // an address family appears or goes: a neighbor changed
                }
                continue;
            }
            Set<String> a = nonPolicy(old.getOrDefault(ctx, Set.of()));
            Set<String> b = nonPolicy(now.getOrDefault(ctx, Set.of()));
            if (!a.equals(b)) {
                return Optional.empty();
            }
        }
        List<List<String>> out = new ArrayList<>();
        // removals: routes first, then route-map entries and their lines, then prefix-list entries
        for (var e : old.entrySet()) {
            if (e.getKey().size() == 2) {
                removed(e.getValue(), now.get(e.getKey())).forEach(l -> out.add(path(e.getKey(), "no " + l)));
            }
        }
        for (var e : old.entrySet()) {
            if (e.getKey().size() == 1 && e.getKey().get(0).startsWith("route-map ")) {
                if (!now.containsKey(e.getKey())) {
                    out.add(List.of("no " + e.getKey().get(0)));
                } else {
                    removed(e.getValue(), now.get(e.getKey())).forEach(l -> out.add(path(e.getKey(), "no " + l)));
                }
            }
        }
        removed(old.get(List.of(TOP)), now.get(List.of(TOP))).forEach(l -> out.add(List.of("no " + l)));
        // additions: prefix-list entries, route-map entries, then routes
        removed(now.get(List.of(TOP)), old.get(List.of(TOP))).forEach(l -> out.add(List.of(l)));
        for (var e : now.entrySet()) {
            if (e.getKey().size() == 1 && e.getKey().get(0).startsWith("route-map ")) {
                if (!old.containsKey(e.getKey())) {
                    out.add(List.of(e.getKey().get(0)));
                }
                removed(e.getValue(), old.get(e.getKey())).forEach(l -> out.add(path(e.getKey(), l)));
            }
        }
        for (var e : now.entrySet()) {
            if (e.getKey().size() == 2) {
                removed(e.getValue(), old.get(e.getKey())).forEach(l -> out.add(path(e.getKey(), l)));
            }
        }
        return Optional.of(out);
    }

    /** The lines of {@code a} not in {@code b}, in order. */
    private static List<String> removed(Set<String> a, Set<String> b) {
        if (a == null) {
            return List.of();
        }
        return a.stream().filter(l -> b == null || !b.contains(l)).toList();
    }

    private static List<String> path(List<String> ctx, String line) {
        List<String> p = new ArrayList<>(ctx);
        p.add(line);
        return p;
    }

    private static Set<String> nonPolicy(Set<String> lines) {
        Set<String> out = new LinkedHashSet<>();
        lines.stream().filter(l -> !l.startsWith("ip prefix-list ") && !l.startsWith("ipv6 prefix-list "))
                .forEach(out::add);
        return out;
    }

    private static Set<List<String>> union(Set<List<String>> a, Set<List<String>> b) {
        Set<List<String>> u = new LinkedHashSet<>(a);
        u.addAll(b);
        return u;
    }

    /**
     * @param text a configuration as {@link FrrConf} renders it
     * @return its lines by context (the path of headers; {@code [""]} for the top level), in order
     */
    static Map<List<String>, Set<String>> parse(String text) {
        Map<List<String>, Set<String>> out = new LinkedHashMap<>();
        out.put(List.of(TOP), new LinkedHashSet<>());
        List<String> ctx = List.of(TOP);
        for (String raw : text.lines().toList()) {
            String line = raw.strip();
            if (line.isEmpty() || line.equals("!")) {
                continue;
            }
            boolean indented = raw.startsWith(" ");
            if (!indented && (line.startsWith("route-map ") || line.startsWith("router bgp "))) {
                ctx = List.of(line);
                out.computeIfAbsent(ctx, k -> new LinkedHashSet<>());
            } else if (indented && line.startsWith("address-family ")) {
                ctx = List.of(ctx.get(0), line);
                out.computeIfAbsent(ctx, k -> new LinkedHashSet<>());
            } else if (line.equals("exit-address-family")) {
                ctx = List.of(ctx.get(0));
            } else if (!indented && line.equals("exit")) {
                ctx = List.of(TOP);
            } else {
                out.get(ctx).add(line);
            }
        }
        return out;
    }
}
