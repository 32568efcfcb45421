package dev.kubelb.examples.hostcontroller;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.kubelb.core.Health;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Serves the engine's {@link Health} for the kubelet's probes: {@code /healthz} (liveness: started, no
 * watch stopped) and {@code /readyz} (readiness: every kind the engine needs synced), 200 or 503, with the
 * state of each watch in the body.
 */
public final class HealthEndpoint implements AutoCloseable {
    private final HttpServer server;

    private HealthEndpoint(HttpServer server) {
        this.server = server;
    }

    /**
     * @param address where to listen (port 0: any free port)
     * @param health the engine's health, read on each probe
     * @return the running endpoint
     * @throws IOException when the address cannot be bound
     */
    public static HealthEndpoint start(InetSocketAddress address, Supplier<Health> health) throws IOException {
        HttpServer server = HttpServer.create(address, 0);
        server.createContext("/healthz", ex -> answer(ex, health.get(), Health::live));
        server.createContext("/readyz", ex -> answer(ex, health.get(), Health::ready));
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "kubelb-health");
            t.setDaemon(true);
            return t;
        }));
        server.start();
        return new HealthEndpoint(server);
    }

    /** @return the port it listens on */
    public int port() {
        return server.getAddress().getPort();
    }

    private static void answer(HttpExchange ex, Health h, Predicate<Health> check) throws IOException {
        boolean ok = check.test(h);
        StringBuilder body = new StringBuilder(ok ? "ok\n" : "unhealthy\n");
        body.append("leader: ").append(h.leader()).append('\n');
        h.watches().forEach((k, v) -> body.append("watch ").append(k).append(": ").append(v).append('\n'));
        h.configurationError().ifPresent(e -> body.append("configuration refused: ").append(e.lines().findFirst()
                .orElse("")).append('\n'));
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        ex.sendResponseHeaders(ok ? 200 : 503, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
