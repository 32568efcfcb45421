package dev.kubelb.examples.providerfrr;

import dev.kubelb.api.ConfigurationException;
import dev.kubelb.api.Problem;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where the host's FRR is: provider options ({@code KubeLb.builder().providerOption(key, value)}), read and checked
 * whole when the session opens. Without {@link #VTY_SOCKET} the session only plans (no speaker runs).
 *
 * @param vtySocket the folder holding bgpd's vty socket ({@code bgpd --vty_socket}); empty: no speaker
 * @param configFile where the rendered {@code frr.conf} is written (mode 0600: it holds passwords)
 * @param reloadScript FRR's {@code frr-reload.py} (Debian's {@code frr-pythontools})
 * @param logFile bgpd's {@code log file}, if any
 * @param debounce how long the speaker waits for more changes before it reloads
 * @param nodeName the Kubernetes node bgpd runs on, if it is one: an {@code externalTrafficPolicy: Local} Service
 *     is then announced only while one of its ready endpoints is on that node (as MetalLB's speakers do); without
 *     it every Service is announced
 */
record FrrOptions(Optional<Path> vtySocket, Path configFile, Path reloadScript, Optional<Path> logFile,
        Duration debounce, Optional<String> nodeName) {

    /** The folder of bgpd's vty socket; the speaker runs only when it is given. */
    static final String VTY_SOCKET = "frr.vtySocket";
    /** Where the rendered configuration goes; default {@code <vtySocket>/kubelb-frr.conf}. */
    static final String CONFIG_FILE = "frr.configFile";
    /** FRR's reload script; default {@code /usr/lib/frr/frr-reload.py}. */
    static final String RELOAD_SCRIPT = "frr.reloadScript";
    /** bgpd's log file, written into the configuration. */
    static final String LOG_FILE = "frr.logFile";
    /** Milliseconds to coalesce changes before a reload; default 20. */
    static final String DEBOUNCE_MS = "frr.debounceMillis";
    /** The node bgpd runs on (for {@code externalTrafficPolicy: Local}). */
    static final String NODE_NAME = "frr.nodeName";

    private static final Set<String> KEYS = Set.of(VTY_SOCKET, CONFIG_FILE, RELOAD_SCRIPT, LOG_FILE, DEBOUNCE_MS, NODE_NAME);
    private static final String OBJECT = "provider options";

    /**
     * @param options the provider options ({@code frr.*} keys are this provider's; others are ignored)
     * @return the options
     * @throws ConfigurationException naming every bad key
     */
    static FrrOptions of(Map<String, String> options) {
        List<Problem> problems = new ArrayList<>();
        options.keySet().stream().filter(k -> k.startsWith("frr.") && !KEYS.contains(k)).sorted()
                .forEach(k -> problems.add(Problem.of(OBJECT, k, "unknown option (known: " + KEYS.stream().sorted()
                        .toList() + ")")));
        Optional<Path> vty = path(options, VTY_SOCKET, problems);
        Path config = path(options, CONFIG_FILE, problems)
                .orElseGet(() -> vty.map(v -> v.resolve("kubelb-frr.conf")).orElse(Path.of("/etc/frr/kubelb-frr.conf")));
        Path script = path(options, RELOAD_SCRIPT, problems).orElse(Path.of("/usr/lib/frr/frr-reload.py"));
        Optional<Path> log = path(options, LOG_FILE, problems);
        long debounce = 20;
        String d = options.get(DEBOUNCE_MS);
        if (d != null) {
            try {
                debounce = Long.parseLong(d.strip());
                if (debounce < 0 || debounce > 60_000) {
                    problems.add(Problem.of(OBJECT, DEBOUNCE_MS, "must be between 0 and 60000, got " + d));
                }
            } catch (NumberFormatException e) {
                problems.add(Problem.of(OBJECT, DEBOUNCE_MS, "'" + d + "' is not a number of milliseconds"));
            }
        }
        Optional<String> node = Optional.ofNullable(options.get(NODE_NAME));
        if (node.isPresent() && !node.get().matches("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?")) {
            problems.add(Problem.of(OBJECT, NODE_NAME, "'" + node.get() + "' is not a node name (a DNS subdomain)"));
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
        return new FrrOptions(vty, config, script, log, Duration.ofMillis(debounce), node);
    }

    private static Optional<Path> path(Map<String, String> options, String key, List<Problem> problems) {
        String v = options.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (v.isBlank() || !v.startsWith("/") || v.contains("\n")) {
            problems.add(Problem.of(OBJECT, key, "must be an absolute path, got '" + v + "'"));
            return Optional.empty();
        }
        return Optional.of(Path.of(v));
    }
}
