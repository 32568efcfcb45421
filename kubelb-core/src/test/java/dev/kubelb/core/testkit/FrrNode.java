package dev.kubelb.core.testkit;

import static dev.kubelb.core.testkit.BgpLab.quietly;
import static dev.kubelb.core.testkit.BgpLab.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.opentest4j.TestAbortedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's routing stack as MetalLB's FRR mode deploys it beside its speaker, in a network namespace of its own:
 * Debian's FRR {@code zebra} and {@code bgpd} (kernel routes never installed, {@code bgpd -n}) and a reloader that,
 * on SIGHUP, applies {@link #configFile()} with {@code frr-reload.py --test} then {@code --reload --overwrite}, as
 * MetalLB's {@code frr-tools/reloader/frr-reloader.sh} does (our own script, same steps, private socket paths).
 * The speaker writes the file ({@code FRR_CONFIG_FILE}) and signals the pid in {@link #reloaderPidFile()}
 * ({@code FRR_RELOADER_PID_FILE}); {@link BgpLab.Builder#hostNetns(String)} puts routers' links into the namespace.
 * Needs root and Debian's {@code frr} (+ {@code frr-pythontools}); skips loudly without, fails with {@code CI=true}.
 */
public final class FrrNode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FrrNode.class);
    private static final AtomicInteger NEXT = new AtomicInteger();
    private static final String FRR = "/usr/lib/frr/";

    private final String netns;
    private final Path dir;
    private Process reloader;

    private FrrNode(String netns, Path dir) {
        this.netns = netns;
        this.dir = dir;
    }

    /**
     * Creates the namespace and starts zebra, bgpd and the reloader.
     *
     * @param dir where FRR's files, sockets and logs go (made writable to FRR's {@code frr} user)
     * @return the node
     */
    public static FrrNode start(Path dir) {
        String missing = missing();
        if (missing != null) {
            String why = "no FRR node: " + missing + " (root and Debian's frr are needed; .ci/run installs them)";
            if (RealApiExtension.inCi()) {
                throw new IllegalStateException("CI=true: an FRR test may not be skipped. " + why);
            }
            LOG.warn("!!! SKIPPED {}", why);
            throw new TestAbortedException(why);
        }
        FrrNode node = new FrrNode("klb-n" + ProcessHandle.current().pid() + "-" + NEXT.incrementAndGet(), dir);
        try {
            node.up();
            return node;
        } catch (RuntimeException | Error e) {
            node.close();
            throw e;
        }
    }

    private static String missing() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return "not root";
        }
        for (String tool : List.of(FRR + "zebra", FRR + "bgpd", FRR + "frr-reload.py", "/usr/bin/vtysh",
                "/usr/bin/python3", "/usr/sbin/ip")) {
            if (!Files.isExecutable(Path.of(tool))) {
                return tool + " missing";
            }
        }
        return null;
    }

    private void up() {
        try {
            Files.createDirectories(dir);
            for (String f : List.of("zebra.pid", "bgpd.pid", "zserv.api", "zebra.vty", "bgpd.vty", "reloader.pid")) {
                Files.deleteIfExists(dir.resolve(f));
            }
            // FRR's daemons run as user frr (root is not in group frrvty): the folder must be theirs
            run("chown", "frr:frr", dir.toString());
            Files.writeString(dir.resolve("zebra.conf"), "hostname node\n");
            Files.writeString(dir.resolve("bgpd.conf"), "frr defaults traditional\nhostname node\n");
            Files.writeString(dir.resolve("frr.conf"), "");
            Files.createDirectories(dir.resolve("etc")); // --overwrite writes the running configuration there
            run("ip", "netns", "add", netns);
            run("ip", "-n", netns, "link", "set", "lo", "up");
            run("ip", "netns", "exec", netns, FRR + "zebra", "-d", "-f", dir.resolve("zebra.conf").toString(), "-i",
                    dir.resolve("zebra.pid").toString(), "-z", dir.resolve("zserv.api").toString(), "--vty_socket",
                    dir.toString(), "--log", "file:" + dir.resolve("zebra.log"));
            await(() -> Files.exists(dir.resolve("zserv.api")), "zebra's socket");
            run("ip", "netns", "exec", netns, FRR + "bgpd", "-d", "-n", "-f", dir.resolve("bgpd.conf").toString(),
                    "-i", dir.resolve("bgpd.pid").toString(), "-z", dir.resolve("zserv.api").toString(),
                    "--vty_socket", dir.toString(), "--log", "file:" + dir.resolve("bgpd.log"));
            await(() -> Files.exists(dir.resolve("bgpd.vty")), "bgpd's vty socket");
            Path applied = dir.resolve("frr.applied.conf");
            String reload = "python3 " + FRR + "frr-reload.py --stdout --vty_socket " + dir + " --bindir /usr/bin"
                    + " --confdir " + dir.resolve("etc") + " --rundir " + dir;
            Files.writeString(dir.resolve("reloader.sh"), String.join("\n",
                    "#!/bin/bash",
                    "# on SIGHUP: check, then apply " + dir.resolve("frr.conf") + " (MetalLB's reloader's steps)",
                    "reload() {",
                    "  flock 200",
                    "  echo \"reload $(date +%s.%N)\"",
                    // the one change to the speaker's file: FRR logs here, not into the machine's /etc/frr
                    "  sed 's#^log file /etc/frr/frr.log#log file " + dir.resolve("frr.log") + "#' "
                            + dir.resolve("frr.conf") + " > " + applied,
                    "  if ! " + reload + " --test " + applied + "; then echo failure; return; fi",
                    "  if ! " + reload + " --reload --overwrite " + applied + "; then echo failure; return; fi",
                    "  echo \"reloaded $(date +%s.%N)\"",
                    "} 200<" + dir.resolve("reloader.lock"),
                    "touch " + dir.resolve("reloader.lock"),
                    "trap 'kill $sleeper 2>/dev/null; exit 0' TERM",
                    "trap 'reload &' HUP",
                    "printf $$ > " + dir.resolve("reloader.pid"),
                    "while true; do sleep infinity & sleeper=$!; wait $sleeper; done",
                    ""));
            // SIGHUP back to its default first: a shell cannot trap a signal ignored when it starts, and a build
            // run under nohup (or any parent ignoring SIGHUP) would leave the reloader deaf to the speaker
            reloader = new ProcessBuilder("/usr/bin/env", "--default-signal=HUP", "bash", dir.resolve("reloader.sh")
                    .toString()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("reloader.log").toFile()).start();
            await(() -> Files.exists(dir.resolve("reloader.pid")), "the reloader's pid file");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void await(java.util.function.BooleanSupplier ready, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!ready.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("FRR node: no " + what + " within 10 s (logs in " + dir + ")");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    /** @return the network namespace standing for the node */
    public String netns() {
        return netns;
    }

    /** @return the file the speaker writes ({@code FRR_CONFIG_FILE}) */
    public Path configFile() {
        return dir.resolve("frr.conf");
    }

    /** @return the reloader's pid file ({@code FRR_RELOADER_PID_FILE}) */
    public Path reloaderPidFile() {
        return dir.resolve("reloader.pid");
    }

    /**
     * @param commands vtysh commands ({@code -c} each)
     * @return vtysh's output
     */
    public String vtysh(String... commands) {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/vtysh", "--vty_socket", dir.toString()));
        for (String c : commands) {
            cmd.add("-c");
            cmd.add(c);
        }
        return run(cmd.toArray(String[]::new));
    }

    /**
     * @return the folder holding the daemons' vty sockets ({@code --vty_socket}): what a speaker that applies its
     *     configuration itself ({@code frr-reload.py --vty_socket}) is given
     */
    public Path vtySocketDir() {
        return dir;
    }

    /** @return bgpd's process id, read from its pid file: unchanged by a reload, new after a restart */
    public long bgpdPid() {
        try {
            return Long.parseLong(Files.readString(dir.resolve("bgpd.pid")).strip());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @return each BGP neighbor's address and how many times its session has been established
     *     ({@code show bgp neighbors json}, {@code connectionsEstablished}): a reset session counts up
     */
    public java.util.Map<String, Long> establishedCounts() {
        java.util.Map<String, Long> out = new java.util.TreeMap<>();
        tools.jackson.databind.JsonNode all = new tools.jackson.databind.ObjectMapper().readTree(
                vtysh("show bgp neighbors json"));
        for (var e : all.properties()) {
            out.put(e.getKey(), e.getValue().path("connectionsEstablished").asLong(0));
        }
        return out;
    }

    @Override
    public void close() {
        if (reloader != null) {
            reloader.destroy();
        }
        for (String pid : List.of("bgpd.pid", "zebra.pid")) {
            try {
                Path f = dir.resolve(pid);
                if (Files.exists(f)) {
                    ProcessHandle.of(Long.parseLong(Files.readString(f).strip())).ifPresent(ProcessHandle::destroy);
                }
            } catch (IOException | NumberFormatException e) {
                LOG.debug("cleanup: {}", e.getMessage());
            }
        }
        quietly("ip", "netns", "del", netns);
    }
}
