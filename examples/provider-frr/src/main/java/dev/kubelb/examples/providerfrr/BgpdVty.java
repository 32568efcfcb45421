package dev.kubelb.examples.providerfrr;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * bgpd's own vty socket ({@code bgpd.vty} in the {@code --vty_socket} folder), spoken the way vtysh speaks it: each
 * command sent NUL-terminated, each answer the command's output followed by three NUL bytes and the command's status
 * (0 for success). One connection per batch, no process started: a change costs well under a millisecond of bgpd's
 * time instead of a vtysh process (hundreds of milliseconds on a loaded host).
 */
final class BgpdVty {
    private BgpdVty() {
    }

    /** A command bgpd refused, with its status and what bgpd said. */
    record Refusal(String command, int status, String output) {
    }

    /**
     * Sends each path ({@code configure terminal}, the path's context lines, {@code end}) and stops at the first
     * command refused. A path under {@code router bgp}, or a route-map's BGP {@code set}, goes to bgpd; a prefix-list,
     * a route-map entry and its {@code match} go to zebra too when zebra runs (its {@code zebra.vty} is there), as vtysh sends it to every daemon holding route-maps: the
     * daemons' copies must stay equal, or the running configuration vtysh shows (and frr-reload.py diffs against)
     * holds an entry bgpd no longer has.
     *
     * @param vtySocket the folder holding {@code bgpd.vty}
     * @param paths the commands, each a path of context headers ending with the line
     * @return the refusal, or null when every command succeeded
     * @throws IOException when bgpd cannot be reached
     */
    static Refusal send(Path vtySocket, List<List<String>> paths) throws IOException {
        Path zebra = vtySocket.resolve("zebra.vty");
        if (java.nio.file.Files.exists(zebra)) {
            Refusal r = sendTo(zebra, paths.stream().filter(BgpdVty::zebraHolds).toList());
            if (r != null) {
                return r;
            }
        }
        return sendTo(vtySocket.resolve("bgpd.vty"), paths);
    }

    /**
     * Sends commands to bgpd alone (e.g. an exec command such as {@code clear}, which zebra does not know).
     *
     * @return the refusal, or null
     * @throws IOException when bgpd cannot be reached
     */
    static Refusal sendToBgpd(Path vtySocket, List<List<String>> paths) throws IOException {
        return sendTo(vtySocket.resolve("bgpd.vty"), paths);
    }

    /** Whether zebra holds the line too: prefix-lists and route-map entries with their matches, not BGP's sets. */
    private static boolean zebraHolds(List<String> path) {
        String line = path.get(path.size() - 1);
        line = line.startsWith("no ") ? line.substring(3) : line;
        return !path.get(0).startsWith("router bgp") && !line.startsWith("set ");
    }

    private static Refusal sendTo(Path socket, List<List<String>> paths) throws IOException {
        if (paths.isEmpty()) {
            return null;
        }
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            Refusal r = command(ch, "enable");
            for (List<String> path : paths) {
                if (r != null) {
                    return r;
                }
                r = command(ch, "configure terminal");
                for (int i = 0; i < path.size() && r == null; i++) {
                    r = command(ch, path.get(i));
                }
                Refusal end = command(ch, "end");
                r = r != null ? r : end;
            }
            return r;
        }
    }

    private static Refusal command(SocketChannel ch, String command) throws IOException {
        byte[] bytes = command.getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(bytes.length + 1).put(bytes).put((byte) 0).flip();
        while (out.hasRemaining()) {
            ch.write(out);
        }
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        ByteBuffer in = ByteBuffer.allocate(8192);
        while (true) {
            in.clear();
            if (ch.read(in) < 0) {
                throw new IOException("bgpd closed its vty socket after '" + command + "'");
            }
            answer.write(in.array(), 0, in.position());
            byte[] a = answer.toByteArray();
            int n = a.length;
            if (n >= 4 && a[n - 4] == 0 && a[n - 3] == 0 && a[n - 2] == 0) {
                int status = a[n - 1] & 0xff;
                return status == 0 ? null : new Refusal(command, status,
                        new String(a, 0, n - 4, StandardCharsets.UTF_8).strip());
            }
        }
    }
}
