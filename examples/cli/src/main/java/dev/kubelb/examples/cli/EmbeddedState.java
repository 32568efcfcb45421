package dev.kubelb.examples.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where {@code kubelb up}'s embedded default keeps its state: {@code $KUBELB_HOME} (default {@code ~/.kubelb}) holds
 * {@code kubeconfig} (context and cluster {@value Cluster#EMBEDDED_NAME}), {@code server} (pid and URL, written once
 * the server answers), {@code server.log}, and {@code provider} (the provider the last {@code apply} used, so that
 * {@code status}, {@code pools} and {@code advertisements} need no {@code --provider}).
 */
final class EmbeddedState {
    final Path dir;

    EmbeddedState(Path dir) {
        this.dir = dir;
    }

    /** @param env the environment @return the state of {@code $KUBELB_HOME}, else {@code $HOME/.kubelb} */
    static EmbeddedState of(Map<String, String> env) {
        String home = env.get("KUBELB_HOME");
        if (home != null && !home.isBlank()) {
            return new EmbeddedState(Path.of(home));
        }
        String user = env.getOrDefault("HOME", System.getProperty("user.home"));
        return new EmbeddedState(Path.of(user, ".kubelb"));
    }

    Path kubeconfig() {
        return dir.resolve("kubeconfig");
    }

    Path log() {
        return dir.resolve("server.log");
    }

    private Path serverFile() {
        return dir.resolve("server");
    }

    /** A running server. */
    record Server(long pid, String url) {
    }

    /** @return the server, when its file names a live process of ours */
    Optional<Server> running() {
        try {
            List<String> lines = Files.readAllLines(serverFile());
            long pid = Long.parseLong(lines.get(0).strip());
            Optional<ProcessHandle> p = ProcessHandle.of(pid);
            if (p.isPresent() && p.get().isAlive() && p.get().info().commandLine()
                    .map(c -> c.contains(EmbeddedServer.class.getName())).orElse(false)) {
                return Optional.of(new Server(pid, lines.get(1).strip()));
            }
        } catch (IOException | RuntimeException e) {
            // no (valid) state: not running
        }
        return Optional.empty();
    }

    /** @return the kubeconfig of the running server */
    Optional<Path> runningKubeconfig() {
        return running().map(s -> kubeconfig()).filter(Files::isRegularFile);
    }

    /** Writes the kubeconfig, then the server file (what {@link #running} reads), each atomically. */
    void write(long pid, String url) {
        String kc = "apiVersion: v1\nkind: Config\nclusters:\n- name: " + Cluster.EMBEDDED_NAME + "\n  cluster:\n"
                + "    server: " + url + "\nusers:\n- name: " + Cluster.EMBEDDED_NAME + "\n  user:\n    token: embedded\n"
                + "contexts:\n- name: " + Cluster.EMBEDDED_NAME + "\n  context:\n    cluster: " + Cluster.EMBEDDED_NAME
                + "\n    user: " + Cluster.EMBEDDED_NAME + "\n    namespace: default\ncurrent-context: "
                + Cluster.EMBEDDED_NAME + "\n";
        atomically(kubeconfig(), kc);
        atomically(serverFile(), pid + "\n" + url + "\n");
    }

    /** @param provider the provider the last apply used */
    void provider(String provider) {
        atomically(dir.resolve("provider"), provider + "\n");
    }

    /** @return the provider the last apply used */
    Optional<String> provider() {
        try {
            return Optional.of(Files.readString(dir.resolve("provider")).strip()).filter(s -> !s.isEmpty());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Removes the state of the server {@code pid} (a newer server's state is left alone). */
    void clear(long pid) {
        try {
            List<String> lines = Files.readAllLines(serverFile());
            if (!lines.isEmpty() && lines.get(0).strip().equals(String.valueOf(pid))) {
                Files.deleteIfExists(serverFile());
                Files.deleteIfExists(kubeconfig());
                Files.deleteIfExists(dir.resolve("provider"));
            }
        } catch (IOException e) {
            // nothing to clear
        }
    }

    private void atomically(Path file, String text) {
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            Files.writeString(tmp, text);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
