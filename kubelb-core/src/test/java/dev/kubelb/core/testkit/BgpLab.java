package dev.kubelb.core.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
 * A router in a network namespace of its own, joined to the root namespace by a veth pair with two
 * addresses of TEST-NET-2 ({@code 198.51.100.4n+1/30} on the root side, {@code .4n+2} on the router's):
 * BIRD 2 or GoBGP receiving what a speaker in the root namespace announces, as {@code shared/BGP-LAB.md}
 * describes. Needs root, {@code ip} and the daemon; skips loudly without them, fails with {@code CI=true}.
 * Traffic stays on the veth pair the lab creates.
 */
public final class BgpLab implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BgpLab.class);
    private static final AtomicInteger NEXT = new AtomicInteger();

    /** The router daemon. */
    public enum Router {
        /** BIRD 2 ({@code birdc show route all}). */
        BIRD,
        /** GoBGP ({@code gobgp neighbor … adj-in -j}). */
        GOBGP
    }

    private final Router router;
    private final String netns;
    private final String hostIf;
    private final Path dir;
    private final String hostAddress;
    private final String routerAddress;
    private Process daemon;

    private BgpLab(Router router, int n, Path dir) {
        this.router = router;
        int id = (int) (ProcessHandle.current().pid() % 1000) * 16 + n;
        this.netns = "klb-r" + id;
        this.hostIf = "klb" + id + "h";
        this.dir = dir;
        int base = 4 * ((id % 60) + 1);
        this.hostAddress = "198.51.100." + (base + 1);
        this.routerAddress = "198.51.100." + (base + 2);
    }

    /**
     * Creates the namespace and the veth pair, and starts BIRD there with one BGP session towards the root
     * side's address.
     *
     * @param routerAs the router's AS
     * @param speakerAs the speaker's AS
     * @param dir where BIRD's files go
     * @return the lab
     */
    public static BgpLab start(int routerAs, int speakerAs, Path dir) {
        return start(Router.BIRD, routerAs, speakerAs, dir);
    }

    /**
     * Like {@link #start(int, int, Path)} with the router daemon of choice.
     *
     * @param router BIRD or GoBGP
     * @param routerAs the router's AS
     * @param speakerAs the speaker's AS
     * @param dir where the daemon's files go
     * @return the lab
     */
    public static BgpLab start(Router router, int routerAs, int speakerAs, Path dir) {
        String missing = missing(router);
        if (missing != null) {
            String why = "no BGP lab: " + missing + " (root, iproute2 and Debian's bird2 are needed; .ci/run installs them)";
            if (RealApiExtension.inCi()) {
                throw new IllegalStateException("CI=true: a BGP test may not be skipped. " + why);
            }
            LOG.warn("!!! SKIPPED {}", why);
            throw new TestAbortedException(why);
        }
        BgpLab lab = new BgpLab(router, NEXT.incrementAndGet(), dir);
        try {
            lab.up(routerAs, speakerAs);
            return lab;
        } catch (RuntimeException | Error e) {
            lab.close();
            throw e;
        }
    }

    private static String missing(Router router) {
        if (!"root".equals(System.getProperty("user.name"))) {
            return "not root";
        }
        List<String> tools = router == Router.BIRD ? List.of("/usr/sbin/ip", "/usr/sbin/bird", "/usr/sbin/birdc")
                : List.of("/usr/sbin/ip", "/usr/bin/gobgpd", "/usr/bin/gobgp");
        for (String tool : tools) {
            if (!Files.isExecutable(Path.of(tool))) {
                return tool + " missing";
            }
        }
        return null;
    }

    private void up(int routerAs, int speakerAs) {
        String routerIf = hostIf.substring(0, hostIf.length() - 1) + "r";
        run("ip", "netns", "add", netns);
        run("ip", "link", "add", hostIf, "type", "veth", "peer", "name", routerIf);
        run("ip", "link", "set", routerIf, "netns", netns);
        run("ip", "addr", "add", hostAddress + "/30", "dev", hostIf);
        run("ip", "-n", netns, "addr", "add", routerAddress + "/30", "dev", routerIf);
        run("ip", "link", "set", hostIf, "up");
        run("ip", "-n", netns, "link", "set", "lo", "up");
        run("ip", "-n", netns, "link", "set", routerIf, "up");
        try {
            Files.createDirectories(dir);
            if (router == Router.BIRD) {
                startBird(routerAs, speakerAs);
            } else {
                startGoBgp(routerAs, speakerAs);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the router", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void startBird(int routerAs, int speakerAs) throws IOException, InterruptedException {
        Files.writeString(dir.resolve("bird.conf"), "router id " + routerAddress + ";\n"
                + "protocol device { }\n"
                + "protocol bgp speaker { local " + routerAddress + " as " + routerAs + "; neighbor " + hostAddress
                + " as " + speakerAs + "; passive on;" + (routerAs == speakerAs ? " direct;" : "") + "\n"
                + "  hold time 3; keepalive time 1; connect retry time 1; connect delay time 0;\n"
                // iBGP: next hops resolved as directly connected, or BIRD marks the routes unreachable
                + "  ipv4 { " + (routerAs == speakerAs ? "gateway direct; " : "") + "import all; export none; }; }\n");
        Files.deleteIfExists(dir.resolve("bird.ctl")); // a stale socket of an earlier run would pass for ready
        daemon = new ProcessBuilder("ip", "netns", "exec", netns, "/usr/sbin/bird", "-f", "-c",
                dir.resolve("bird.conf").toString(), "-s", dir.resolve("bird.ctl").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("bird.log").toFile()).start();
        awaitReady(() -> Files.exists(dir.resolve("bird.ctl")), "bird.log");
    }

    private void startGoBgp(int routerAs, int speakerAs) throws IOException, InterruptedException {
        Files.writeString(dir.resolve("gobgpd.toml"), "[global.config]\n  as = " + routerAs + "\n  router-id = \""
                + routerAddress + "\"\n  local-address-list = [\"" + routerAddress + "\"]\n"
                + "[[neighbors]]\n  [neighbors.config]\n    neighbor-address = \"" + hostAddress + "\"\n"
                + "    peer-as = " + speakerAs + "\n  [neighbors.transport.config]\n    passive-mode = true\n"
                + "  [neighbors.timers.config]\n    connect-retry = 1\n    hold-time = 3\n    keepalive-interval = 1\n");
        daemon = new ProcessBuilder("ip", "netns", "exec", netns, "/usr/bin/gobgpd", "-f",
                dir.resolve("gobgpd.toml").toString(), "--api-hosts", "127.0.0.1:50051")
                .redirectErrorStream(true).redirectOutput(dir.resolve("gobgpd.log").toFile()).start();
        awaitReady(() -> {
            try {
                run("ip", "netns", "exec", netns, "/usr/bin/gobgp", "-u", "127.0.0.1", "-p", "50051", "global");
                return true;
            } catch (IllegalStateException e) {
                return false;
            }
        }, "gobgpd.log");
    }

    private void awaitReady(java.util.function.BooleanSupplier ready, String log)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!ready.getAsBoolean()) {
            if (!daemon.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException(router + " did not start: " + Files.readString(dir.resolve(log)));
            }
            Thread.sleep(20);
        }
    }

    /** @return the speaker's address (root side of the veth pair): the Node's address and next hop */
    public String hostAddress() {
        return hostAddress;
    }

    /** @return the router's address: the BGPPeer's {@code peerAddress} */
    public String routerAddress() {
        return routerAddress;
    }

    /** @return what the router holds: {@code birdc show route all}, or GoBGP's adj-in as JSON */
    public String routes() {
        if (router == Router.GOBGP) {
            return run("ip", "netns", "exec", netns, "/usr/bin/gobgp", "-u", "127.0.0.1", "-p", "50051", "neighbor",
                    hostAddress, "adj-in", "-a", "ipv4", "-j");
        }
        return run("ip", "netns", "exec", netns, "/usr/sbin/birdc", "-s", dir.resolve("bird.ctl").toString(),
                "show", "route", "all");
    }

    /** @return the prefixes BIRD holds (the first column of {@code show route all}), sorted */
    public List<String> prefixes() {
        if (router == Router.GOBGP) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"prefix\":\"([^\"]+)\"").matcher(routes());
            java.util.TreeSet<String> out = new java.util.TreeSet<>();
            while (m.find()) {
                out.add(m.group(1));
            }
            return List.copyOf(out);
        }
        return routes().lines().map(String::strip)
                .filter(l -> l.matches("^[0-9a-fA-F:.]+/[0-9]+\\s.*")).map(l -> l.split("\\s+")[0]).sorted().toList();
    }

    @Override
    public void close() {
        if (daemon != null) {
            daemon.destroy();
            try {
                daemon.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        quietly("ip", "link", "del", hostIf);
        quietly("ip", "netns", "del", netns);
    }

    private static void quietly(String... cmd) {
        try {
            run(cmd);
        } catch (RuntimeException e) {
            LOG.debug("cleanup: {}", e.getMessage());
        }
    }

    private static String run(String... cmd) {
        try {
            Process p = new ProcessBuilder(new ArrayList<>(List.of(cmd))).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out.strip());
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
