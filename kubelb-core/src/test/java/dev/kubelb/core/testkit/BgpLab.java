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
 * BIRD 2 receiving what a speaker in the root namespace announces, as {@code shared/BGP-LAB.md} describes.
 * Needs root, {@code ip} and {@code bird}; skips loudly without them, fails with {@code CI=true}.
 * Traffic stays on the veth pair the lab creates.
 */
public final class BgpLab implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BgpLab.class);
    private static final AtomicInteger NEXT = new AtomicInteger();

    private final String netns;
    private final String hostIf;
    private final Path dir;
    private final String hostAddress;
    private final String routerAddress;
    private Process bird;

    private BgpLab(int n, Path dir) {
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
        String missing = missing();
        if (missing != null) {
            String why = "no BGP lab: " + missing + " (root, iproute2 and Debian's bird2 are needed; .ci/run installs them)";
            if (RealApiExtension.inCi()) {
                throw new IllegalStateException("CI=true: a BGP test may not be skipped. " + why);
            }
            LOG.warn("!!! SKIPPED {}", why);
            throw new TestAbortedException(why);
        }
        BgpLab lab = new BgpLab(NEXT.incrementAndGet(), dir);
        try {
            lab.up(routerAs, speakerAs);
            return lab;
        } catch (RuntimeException | Error e) {
            lab.close();
            throw e;
        }
    }

    private static String missing() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return "not root";
        }
        for (String tool : List.of("/usr/sbin/ip", "/usr/sbin/bird", "/usr/sbin/birdc")) {
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
            Files.writeString(dir.resolve("bird.conf"), "router id " + routerAddress + ";\n"
                    + "protocol device { }\n"
                    + "protocol bgp speaker { local " + routerAddress + " as " + routerAs + "; neighbor " + hostAddress
                    + " as " + speakerAs + "; passive on;" + (routerAs == speakerAs ? " direct;" : "") + "\n"
                    + "  hold time 3; keepalive time 1; connect retry time 1; connect delay time 0;\n"
                    // iBGP: next hops resolved as directly connected, or BIRD marks the routes unreachable
                    + "  ipv4 { " + (routerAs == speakerAs ? "gateway direct; " : "") + "import all; export none; }; }\n");
            Files.deleteIfExists(dir.resolve("bird.ctl")); // a stale socket of an earlier run would pass for ready
            bird = new ProcessBuilder("ip", "netns", "exec", netns, "/usr/sbin/bird", "-f", "-c",
                    dir.resolve("bird.conf").toString(), "-s", dir.resolve("bird.ctl").toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("bird.log").toFile()).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!Files.exists(dir.resolve("bird.ctl"))) {
                if (!bird.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("BIRD did not start: " + Files.readString(dir.resolve("bird.log")));
                }
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting BIRD", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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

    /** @return what BIRD holds, {@code birdc show route all} */
    public String routes() {
        return run("ip", "netns", "exec", netns, "/usr/sbin/birdc", "-s", dir.resolve("bird.ctl").toString(),
                "show", "route", "all");
    }

    /** @return the prefixes BIRD holds (the first column of {@code show route all}), sorted */
    public List<String> prefixes() {
        return routes().lines().map(String::strip)
                .filter(l -> l.matches("^[0-9a-fA-F:.]+/[0-9]+\\s.*")).map(l -> l.split("\\s+")[0]).sorted().toList();
    }

    @Override
    public void close() {
        if (bird != null) {
            bird.destroy();
            try {
                bird.waitFor(10, TimeUnit.SECONDS);
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
