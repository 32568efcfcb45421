package dev.kubelb.examples.providerfrr;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a whole {@code frr.conf} to the running bgpd without restarting it. The first time, and whenever more
 * than Service-driven lines change, the way MetalLB's reloader does ({@code frr-tools/reloader/frr-reloader.sh} in
 * metallb/metallb runs {@code frr-reload.py --reload}): FRR's script compares the file with bgpd's running
 * configuration and sends only the difference over the vty socket, so sessions whose lines did not change are not
 * reset. When only prefix-lists, route-map entries and address-family routes change (a Service allocated or
 * released), the difference from the configuration applied last ({@link FrrDiff}) goes straight to bgpd's vty
 * socket instead ({@link BgpdVty}, the protocol vtysh speaks): the same commands without the script's two
 * {@code show running-config} passes or any process started (well under a millisecond of bgpd's time instead of
 * 0.5 s idle, seconds on a loaded host). A refused command falls back to frr-reload.py. A configuration equal to the last one applied is
 * not sent at all. The file holds passwords: it is written with mode 0600, and whatever the script prints is logged only with
 * every password masked.
 */
final class FrrReloader {
    private static final Logger LOG = LoggerFactory.getLogger(FrrReloader.class);

    private final FrrOptions options;
    private final Path vtySocket;
    private String applied;

    FrrReloader(FrrOptions options) {
        this.options = options;
        this.vtySocket = options.vtySocket().orElseThrow(() -> new IllegalStateException("no vty socket"));
    }

    /**
     * @param config the whole configuration
     * @param secrets the passwords it holds (masked in anything logged)
     * @return whether bgpd was reloaded ({@code false}: it already runs this configuration)
     * @throws ReloadException when the script refuses or fails (bgpd keeps its previous configuration)
     */
    synchronized boolean apply(String config, Collection<String> secrets) {
        if (config.equals(applied)) {
            return false;
        }
        Path file = options.configFile();
        String previous = applied;
        applied = null; // until this apply succeeds, bgpd's state is unknown: the next one takes frr-reload.py
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = dir.resolve("." + file.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, config, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            long t0 = System.nanoTime();
            java.util.Optional<List<List<String>>> delta = previous == null ? java.util.Optional.empty()
                    : FrrDiff.commands(previous, config);
            if (delta.isPresent() && direct(delta.get(), secrets)) {
                LOG.info("bgpd changed by {} command(s) over its vty socket in {} ms", delta.get().size(),
                        (System.nanoTime() - t0) / 1_000_000);
            } else {
                reloadScript(file, dir, secrets);
                LOG.info("bgpd reloaded from {} by frr-reload.py in {} ms", file, (System.nanoTime() - t0) / 1_000_000);
            }
            applied = config;
            return true;
        } catch (IOException e) {
            throw new ReloadException("cannot write or apply " + file + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReloadException("interrupted while reloading bgpd");
        }
    }

    private void reloadScript(Path file, Path dir, Collection<String> secrets) throws IOException,
            InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("python3", options.reloadScript().toString(), "--reload",
                "--stdout", "--vty_socket", vtySocket.toString(), "--bindir", "/usr/bin", "--confdir",
                dir.toString(), "--rundir", dir.toString(), file.toString()));
        Result r = run(cmd, secrets);
        if (r.exit() != 0) {
            throw new ReloadException("frr-reload.py refused " + file + " (exit " + r.exit() + "): " + r.output());
        }
        LOG.debug("frr-reload.py: {}", r.output());
    }

    /**
     * Sends the commands to bgpd over its vty socket. A refused command is logged and reported as {@code false}: the
     * caller then applies the whole file with frr-reload.py.
     */
    private boolean direct(List<List<String>> commands, Collection<String> secrets) throws IOException {
        if (commands.isEmpty()) {
            return true;
        }
        BgpdVty.Refusal refused = BgpdVty.send(vtySocket, commands);
        if (refused == null && commands.stream().anyMatch(FrrReloader::withdraws)) {
            // bgpd (FRR 8.4, Debian) drops a removed network from its table but may keep it in the peers'
            // adj-RIB-out when the prefix-list and route-map entries that announced it go in the same batch:
            // the route stays at the routers ("PfxSnt 1", no prefix in the table; seen on an idle machine in
            // FrrRoutesIT). An outbound soft refresh makes bgpd compare again and send the withdrawal; no
            // session is reset.
            refused = BgpdVty.sendToBgpd(vtySocket, List.of(List.of("do clear bgp * soft out")));
        }
        if (refused != null) {
            LOG.warn("bgpd refused '{}' (status {}): {}; applying the whole file with frr-reload.py",
                    mask(refused.command(), secrets), refused.status(), mask(refused.output(), secrets));
            return false;
        }
        return true;
    }

    private static boolean withdraws(List<String> path) {
        String line = path.get(path.size() - 1);
        return line.startsWith("no network ") || line.startsWith("no aggregate-address ");
    }

    private record Result(int exit, String output) {
    }

    private static Result run(List<String> cmd, Collection<String> secrets) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new ReloadException(cmd.get(0) + " did not finish within 60 s");
        }
        return new Result(p.exitValue(), mask(out, secrets));
    }

    /** Forgets what was applied: the next {@link #apply} runs the script even for the same text. */
    synchronized void forget() {
        applied = null;
    }

    /**
     * @param text anything FRR printed
     * @param secrets the passwords that may appear in it
     * @return the text with every password, and whatever follows the word {@code password}, replaced by {@code ****}
     */
    static String mask(String text, Collection<String> secrets) {
        String out = text;
        for (String s : secrets) {
            if (!s.isEmpty()) {
                out = out.replace(s, "****");
            }
        }
        return out.replaceAll("(password\\s+)\\S+", "$1****");
    }

    /** bgpd could not be reloaded; it keeps its previous configuration. */
    static final class ReloadException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ReloadException(String message) {
            super(message);
        }
    }
}
