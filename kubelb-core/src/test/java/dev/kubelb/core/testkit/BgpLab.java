package dev.kubelb.core.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.opentest4j.TestAbortedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A router in a network namespace of its own, joined to the root namespace by a veth pair with two
 * addresses of TEST-NET-2 ({@code 198.51.100.4n+1/30} on the root side, {@code .4n+2} on the router's) and, with
 * {@link Builder#ipv6()}, two of the IPv6 documentation prefix ({@code 2001:db8:0:n::1/64} and {@code ::2}):
 * BIRD 2 or GoBGP receiving what a speaker in the root namespace announces, as {@code shared/BGP-LAB.md}
 * describes. Every session the router accepts (one per address family of the link, towards the root side's address
 * of that family) offers both IPv4 and IPv6 unicast, so the speaker alone decides which families a session carries.
 * The slot {@code n} is held by a file lock for the lab's lifetime, so labs of concurrent test JVMs on one machine
 * never share addresses or names. Needs root, {@code ip} and the daemon; skips loudly without them, fails with
 * {@code CI=true}. Traffic stays on the veth pair the lab creates.
 */
public final class BgpLab implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BgpLab.class);
    /** Slots 1..63 of 198.51.100.0/24 in /30s. */
    private static final int SLOTS = 63;
    private static final Path LOCKS = Path.of(System.getProperty("java.io.tmpdir"), "kubelb-bgplab");
    /**
     * The slots this JVM holds. Checked before a slot's file is opened: closing any channel of a file releases
     * every lock this process holds on it (POSIX record locks), so opening and closing a held slot's file to probe
     * it would hand the slot to another JVM while its lab runs.
     */
    private static final java.util.Set<Integer> HELD = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** The router daemon. */
    public enum Router {
        /** BIRD 2 ({@code birdc show route all}). */
        BIRD,
        /** GoBGP ({@code gobgp neighbor … adj-in -j}). */
        GOBGP
    }

    private final Router router;
    private final boolean ipv6;
    private final boolean internal;
    private final int slot;
    private final FileChannel lockFile;
    private final String netns;
    /** The namespace of the speaker's end: null for the root namespace. */
    private final String hostNetns;
    private final String hostIf;
    private final Path dir;
    private final String hostAddress;
    private final String routerAddress;
    private Process daemon;

    private BgpLab(Router router, int slot, FileChannel lockFile, Path dir, boolean ipv6, boolean internal,
            String hostNetns) {
        this.router = router;
        this.hostNetns = hostNetns;
        this.slot = slot;
        this.lockFile = lockFile;
        this.ipv6 = ipv6;
        this.internal = internal;
        this.netns = "klb-r" + slot;
        this.hostIf = "klb" + slot + "h";
        this.dir = dir;
        this.hostAddress = "198.51.100." + (4 * slot + 1);
        this.routerAddress = "198.51.100." + (4 * slot + 2);
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
        return builder(Router.BIRD, routerAs, speakerAs, dir).start();
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
        return builder(router, routerAs, speakerAs, dir).start();
    }

    /**
     * @param router BIRD or GoBGP
     * @param routerAs the router's AS
     * @param speakerAs the speaker's AS
     * @param dir where the daemon's files go
     * @return a builder for a lab with options
     */
    public static Builder builder(Router router, int routerAs, int speakerAs, Path dir) {
        return new Builder(router, routerAs, speakerAs, dir);
    }

    /** Options of a lab. */
    public static final class Builder {
        private final Router router;
        private final int routerAs;
        private final int speakerAs;
        private final Path dir;
        private boolean ipv6;
        private String hostNetns;

        private Builder(Router router, int routerAs, int speakerAs, Path dir) {
            this.router = router;
            this.routerAs = routerAs;
            this.speakerAs = speakerAs;
            this.dir = dir;
        }

        /**
         * Adds IPv6 addresses to the link and a second session between them.
         *
         * @return this
         */
        public Builder ipv6() {
            ipv6 = true;
            return this;
        }

        /**
         * Puts the speaker's end of the link into a network namespace standing for a node (an {@link FrrNode}'s)
         * instead of the root namespace.
         *
         * @param netns the namespace
         * @return this
         */
        public Builder hostNetns(String netns) {
            hostNetns = netns;
            return this;
        }

        /**
         * Creates the namespace and the link, and starts the router.
         *
         * @return the lab
         */
        public BgpLab start() {
            String missing = missing(router);
            if (missing != null) {
                String why = "no BGP lab: " + missing
                        + " (root, iproute2, Debian's bird2 and gobgpd are needed; .ci/run installs them)";
                if (RealApiExtension.inCi()) {
                    throw new IllegalStateException("CI=true: a BGP test may not be skipped. " + why);
                }
                LOG.warn("!!! SKIPPED {}", why);
                throw new TestAbortedException(why);
            }
            BgpLab lab = claim(router, dir, ipv6, routerAs == speakerAs, hostNetns);
            try {
                lab.up(routerAs, speakerAs);
                return lab;
            } catch (RuntimeException | Error e) {
                lab.close();
                throw e;
            }
        }
    }

    /** Takes the first slot no other lab on this machine holds (a file lock, released when its JVM ends). */
    private static BgpLab claim(Router router, Path dir, boolean ipv6, boolean internal, String hostNetns) {
        try {
            Files.createDirectories(LOCKS);
            for (int slot = 1; slot <= SLOTS; slot++) {
                if (!HELD.add(slot)) {
                    continue; // held by this JVM: never open its file again (see HELD)
                }
                FileChannel ch = FileChannel.open(LOCKS.resolve("slot-" + slot), StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE);
                FileLock lock;
                try {
                    lock = ch.tryLock();
                } catch (OverlappingFileLockException e) {
                    lock = null; // held by this JVM
                }
                if (lock == null) {
                    ch.close();
                    HELD.remove(slot);
                    continue;
                }
                BgpLab lab = new BgpLab(router, slot, ch, dir, ipv6, internal, hostNetns);
                // whatever a killed run left in this slot is stale: its lock is gone
                quietly("ip", "link", "del", lab.hostIf);
                quietly("ip", "netns", "del", lab.netns);
                return lab;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("all " + SLOTS + " BGP lab slots of 198.51.100.0/24 are in use on this machine");
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
        if (hostNetns != null) {
            run("ip", "link", "set", hostIf, "netns", hostNetns);
        }
        run(host("addr", "add", hostAddress + "/30", "dev", hostIf));
        run("ip", "-n", netns, "addr", "add", routerAddress + "/30", "dev", routerIf);
        if (ipv6) {
            run(host("-6", "addr", "add", hostAddress6() + "/64", "dev", hostIf, "nodad"));
            run("ip", "-n", netns, "-6", "addr", "add", routerAddress6() + "/64", "dev", routerIf, "nodad");
        }
        run(host("link", "set", hostIf, "up"));
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

    /** An {@code ip} command on the speaker's side of the link. */
    private String[] host(String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip"));
        if (hostNetns != null) {
            cmd.addAll(List.of("-n", hostNetns));
        }
        cmd.addAll(List.of(args));
        return cmd.toArray(String[]::new);
    }

    /** The sessions: name, the router's and the speaker's address. */
    private List<String[]> sessions() {
        List<String[]> out = new ArrayList<>();
        out.add(new String[] {"s4", routerAddress, hostAddress});
        if (ipv6) {
            out.add(new String[] {"s6", routerAddress6(), hostAddress6()});
        }
        return out;
    }

    private void startBird(int routerAs, int speakerAs) throws IOException, InterruptedException {
        StringBuilder conf = new StringBuilder("router id " + routerAddress + ";\nprotocol device { }\n");
        // iBGP: next hops resolved as directly connected, or BIRD marks the routes unreachable
        String gateway = internal ? "gateway direct; " : "";
        for (String[] s : sessions()) {
            conf.append("protocol bgp ").append(s[0]).append(" { local ").append(s[1]).append(" as ").append(routerAs)
                    .append("; neighbor ").append(s[2]).append(" as ").append(speakerAs).append("; passive on;")
                    .append(internal ? " direct;" : "").append("\n")
                    .append("  hold time 3; keepalive time 1; connect retry time 1; connect delay time 0;\n")
                    // after a session error BIRD refuses the peer for 60-300 s by default (error wait time): a
                    // speaker whose first OPEN lacked the family (configured a moment later) would stay shut out
                    .append("  error wait time 1, 3; error forget time 10;\n")
                    .append("  ipv4 { ").append(gateway).append("import all; export none; };\n")
                    .append("  ipv6 { ").append(gateway).append("import all; export none; }; }\n");
        }
        Files.writeString(dir.resolve("bird.conf"), conf);
        Files.deleteIfExists(dir.resolve("bird.ctl")); // a stale socket of an earlier run would pass for ready
        daemon = new ProcessBuilder("ip", "netns", "exec", netns, "/usr/sbin/bird", "-f", "-c",
                dir.resolve("bird.conf").toString(), "-s", dir.resolve("bird.ctl").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("bird.log").toFile()).start();
        awaitReady(() -> Files.exists(dir.resolve("bird.ctl")), "bird.log");
    }

    private void startGoBgp(int routerAs, int speakerAs) throws IOException, InterruptedException {
        StringBuilder conf = new StringBuilder("[global.config]\n  as = " + routerAs + "\n  router-id = \""
                + routerAddress + "\"\n  local-address-list = [\"" + routerAddress + "\""
                + (ipv6 ? ", \"" + routerAddress6() + "\"" : "") + "]\n");
        for (String[] s : sessions()) {
            conf.append("[[neighbors]]\n  [neighbors.config]\n    neighbor-address = \"").append(s[2]).append("\"\n")
                    .append("    peer-as = ").append(speakerAs).append("\n  [neighbors.transport.config]\n")
                    .append("    passive-mode = true\n    local-address = \"").append(s[1]).append("\"\n")
                    .append("  [neighbors.timers.config]\n    connect-retry = 1\n    hold-time = 3\n")
                    .append("    keepalive-interval = 1\n");
            for (String family : List.of("ipv4-unicast", "ipv6-unicast")) {
                conf.append("  [[neighbors.afi-safis]]\n    [neighbors.afi-safis.config]\n")
                        .append("      afi-safi-name = \"").append(family).append("\"\n");
            }
        }
        Files.writeString(dir.resolve("gobgpd.toml"), conf);
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

    /** @return the speaker's IPv6 address (root side of the veth pair), with {@link Builder#ipv6()} */
    public String hostAddress6() {
        return "2001:db8:0:" + Integer.toHexString(slot) + "::1";
    }

    /** @return the router's IPv6 address: the {@code peerAddress} of an IPv6 BGPPeer */
    public String routerAddress6() {
        return "2001:db8:0:" + Integer.toHexString(slot) + "::2";
    }

    /**
     * @return every route the router holds from the speaker, over every session and of both families, sorted by
     *         session then prefix
     */
    public List<ReceivedRoute> received() {
        List<ReceivedRoute> out = new ArrayList<>();
        if (router == Router.GOBGP) {
            for (String[] s : sessions()) {
                for (String family : List.of("ipv4", "ipv6")) {
                    String json;
                    try {
                        json = run("ip", "netns", "exec", netns, "/usr/bin/gobgp", "-u", "127.0.0.1", "-p", "50051",
                                "neighbor", s[2], "adj-in", "-a", family, "-j");
                    } catch (IllegalStateException e) {
                        if (e.getMessage().contains("is not established")) {
                            continue; // no session (yet): nothing received over it
                        }
                        throw e;
                    }
                    out.addAll(ReceivedRoute.fromGoBgp(json, s[0].equals("s4") ? "ipv4" : "ipv6"));
                }
            }
        } else {
            for (String table : List.of("master4", "master6")) {
                out.addAll(ReceivedRoute.fromBird(birdc("show", "route", "table", table, "all"),
                        name -> name.equals("s6") ? "ipv6" : "ipv4", internal));
            }
        }
        out.sort(java.util.Comparator.comparing(ReceivedRoute::session).thenComparing(ReceivedRoute::prefix));
        return out;
    }

    private String birdc(String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", netns, "/usr/sbin/birdc", "-s",
                dir.resolve("bird.ctl").toString()));
        cmd.addAll(List.of(args));
        return run(cmd.toArray(String[]::new));
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
        return birdc("show", "route", "all");
    }

    /** @return the prefixes the router holds from the speaker (both families, every session), sorted */
    public List<String> prefixes() {
        return received().stream().map(ReceivedRoute::prefix).distinct().sorted().toList();
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
        quietly(host("link", "del", hostIf));
        quietly("ip", "netns", "del", netns);
        try {
            lockFile.close(); // releases the slot
            HELD.remove(slot);
        } catch (IOException e) {
            LOG.debug("cleanup: {}", e.getMessage());
        }
    }

    /** Runs a command, logging (not throwing) a failure: for cleanup. */
    static void quietly(String... cmd) {
        try {
            run(cmd);
        } catch (RuntimeException e) {
            LOG.debug("cleanup: {}", e.getMessage());
        }
    }

    /** @return the output of a command that must succeed within 30 s */
    static String run(String... cmd) {
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
