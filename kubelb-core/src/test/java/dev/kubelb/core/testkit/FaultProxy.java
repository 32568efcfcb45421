package dev.kubelb.core.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fault-injecting HTTP proxy on loopback between a client and a {@link RealApiServer}: the client speaks
 * plain HTTP to the proxy, the proxy forwards over TLS to the API server, and for a seeded random share of
 * the requests it injects a {@link Fault} instead — delays, timeouts, connections closed before or after
 * the server acted, 429 with {@code Retry-After}, 500, 503, and on watches: the stream dropped midway, a
 * {@code 410 Gone} ERROR event in the stream (the server's way to say "relist"), or 410 as the HTTP status.
 * It does not upgrade to WebSocket (503), so fabric8 watches through it over streaming HTTP.
 */
public final class FaultProxy implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FaultProxy.class);
    private static final Set<String> HOP = Set.of("host", "connection", "content-length", "expect", "upgrade",
            "transfer-encoding", "keep-alive", "te", "http2-settings", "proxy-connection");

    /** A fault the proxy injects. */
    public enum Fault {
        /** Forwarded after 0.2–2 s. */
        DELAY,
        /** No answer until after the client's request timeout, then the connection closed. */
        TIMEOUT,
        /** The connection closed before the request reached the server. */
        RESET_BEFORE,
        /** Forwarded (the server acted), then the connection closed without the answer. */
        RESET_AFTER,
        /** 429 Too Many Requests with {@code Retry-After: 1}. */
        TOO_MANY_REQUESTS,
        /** 500 Internal Server Error. */
        INTERNAL_ERROR,
        /** 503 Service Unavailable. */
        UNAVAILABLE,
        /** A watch stream forwarded, then closed after 0.2–3 s. */
        WATCH_DROPPED,
        /** A watch answered with one ERROR event carrying a 410 Gone Status, then closed. */
        WATCH_GONE_EVENT,
        /** A watch answered with HTTP 410 Gone. */
        WATCH_GONE_STATUS;

        boolean watchOnly() {
            return this == WATCH_DROPPED || this == WATCH_GONE_EVENT || this == WATCH_GONE_STATUS;
        }
    }

    private final RealApiServer real;
    private final HttpServer server;
    private final ExecutorService executor;
    private final HttpClient backend;
    private final Random random;
    private final Map<Fault, AtomicLong> counts = new EnumMap<>(Fault.class);
    private final AtomicLong forwarded = new AtomicLong();
    private final Duration clientTimeout;
    private volatile double rate;
    private volatile double watchRate;
    private final Object partitionLock = new Object();
    private volatile boolean partitioned;
    private long watchTurn;

    private FaultProxy(RealApiServer real, long seed, Duration clientTimeout) throws IOException {
        this.real = real;
        this.random = new Random(seed);
        this.clientTimeout = clientTimeout;
        for (Fault f : Fault.values()) {
            counts.put(f, new AtomicLong());
        }
        this.backend = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(trusting(real))
                .connectTimeout(Duration.ofSeconds(5)).build();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fault-proxy");
            t.setDaemon(true);
            return t;
        });
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /**
     * @param real the API server to forward to
     * @param seed the seed of the fault choices
     * @param clientTimeout the request timeout of the clients made by {@link #client()} ({@link Fault#TIMEOUT}
     *     outlasts it)
     * @return a running proxy injecting nothing until {@link #inject} is called
     */
    public static FaultProxy start(RealApiServer real, long seed, Duration clientTimeout) {
        try {
            return new FaultProxy(real, seed, clientTimeout);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param requests the share of requests (0–1) that get a fault
     * @param watches the share of watch requests (0–1) that get a fault
     */
    public void inject(double requests, double watches) {
        this.rate = requests;
        this.watchRate = watches;
    }

    /**
     * Cuts the client off, as a network partition does: from now until {@link #heal()} no request reaches the
     * server and none is answered — each one hangs until the client gives up, and is then closed without an
     * answer; a request in flight loses its answer (the server may have acted); a watch stream already open
     * falls silent (what the server still sends is dropped). Nothing held back is forwarded later.
     */
    public void partition() {
        partitioned = true;
    }

    /** Injects nothing from now on, and ends a {@link #partition()}. */
    public void heal() {
        inject(0, 0);
        synchronized (partitionLock) {
            partitioned = false;
            partitionLock.notifyAll();
        }
    }

    /** Blocks the calling handler until the partition heals: the exchange is then closed unanswered. */
    private void holdWhilePartitioned() {
        synchronized (partitionLock) {
            while (partitioned) {
                try {
                    partitionLock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** @return how many times each fault was injected */
    public Map<Fault, Long> counts() {
        Map<Fault, Long> out = new EnumMap<>(Fault.class);
        counts.forEach((f, n) -> out.put(f, n.get()));
        return out;
    }

    /** @return how many requests were forwarded untouched (or only delayed) */
    public long forwarded() {
        return forwarded.get();
    }

    /**
     * @return a client with the admin identity that talks to the API server through this proxy, without
     *     retries of its own, watching over streaming HTTP (the proxy does not upgrade to WebSocket)
     */
    public KubernetesClient client() {
        return new KubernetesClientBuilder().withConfig(clientConfig()).build();
    }

    /**
     * @param sink where each request the client sends is added ({@code METHOD path[?query]}), before it
     *     leaves the client
     * @return a client like {@link #client()} that records its requests
     */
    public KubernetesClient recordingClient(java.util.Queue<String> sink) {
        return new KubernetesClientBuilder().withConfig(clientConfig())
                .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor("kubelb-test-recorder",
                        RecordingClients.recorder(sink)))
                .build();
    }

    private Config clientConfig() {
        Config admin = real.admin().getConfiguration();
        return new ConfigBuilder(admin).withMasterUrl("http://127.0.0.1:" + server.getAddress().getPort())
                .withRequestTimeout((int) clientTimeout.toMillis()).withRequestRetryBackoffLimit(0)
                .withOnlyHttpWatches(true).build();
    }

    private synchronized Fault choose(boolean watch) {
        double p = watch ? watchRate : rate;
        if (p <= 0 || random.nextDouble() >= p) {
            return null;
        }
        List<Fault> options = java.util.Arrays.stream(Fault.values()).filter(f -> watch || !f.watchOnly()).toList();
        // watches are few (a healthy one lasts minutes): their faults take turns, so each kind comes up
        return watch ? options.get((int) (watchTurn++ % options.size())) : options.get(random.nextInt(options.size()));
    }

    private synchronized long between(long lo, long hi) {
        return lo + (long) (random.nextDouble() * (hi - lo));
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body = ex.getRequestBody().readAllBytes();
            if (partitioned) {
                holdWhilePartitioned();
                return;
            }
            String query = ex.getRequestURI().getRawQuery();
            boolean watch = query != null && (query.contains("watch=true") || query.contains("watch=1"));
            if ("websocket".equalsIgnoreCase(ex.getRequestHeaders().getFirst("Upgrade"))) {
                // this proxy speaks plain HTTP/1.1, like many: refusing the upgrade makes fabric8 watch over
                // a streaming HTTP response instead (it falls back on 200 or 503), whose faults are injected
                status(ex, 503, "ServiceUnavailable", "this proxy does not upgrade to WebSocket");
                return;
            }
            Fault f = choose(watch);
            if (f != null) {
                counts.get(f).incrementAndGet();
                LOG.debug("injecting {} into {} {}", f, ex.getRequestMethod(), ex.getRequestURI());
            }
            if (f == null || f == Fault.DELAY || f == Fault.WATCH_DROPPED || f == Fault.RESET_AFTER) {
                if (f == Fault.DELAY) {
                    pause(between(200, 2000));
                }
                forward(ex, body, watch, f);
                return;
            }
            switch (f) {
                case TIMEOUT -> pause(clientTimeout.toMillis() + 1000);
                case TOO_MANY_REQUESTS -> {
                    ex.getResponseHeaders().add("Retry-After", "1");
                    status(ex, 429, "TooManyRequests", "injected: too many requests, retry after 1 s");
                }
                case INTERNAL_ERROR -> status(ex, 500, "InternalError", "injected: internal error");
                case UNAVAILABLE -> status(ex, 503, "ServiceUnavailable", "injected: service unavailable");
                case WATCH_GONE_STATUS -> status(ex, 410, "Expired", "injected: too old resource version");
                case WATCH_GONE_EVENT -> {
                    byte[] event = ("{\"type\":\"ERROR\",\"object\":" + statusJson(410, "Expired",
                            "injected: too old resource version") + "}\n").getBytes(StandardCharsets.UTF_8);
                    ex.getResponseHeaders().add("Content-Type", "application/json");
                    ex.sendResponseHeaders(200, 0);
                    ex.getResponseBody().write(event);
                    ex.getResponseBody().flush();
                }
                default -> {
                    // RESET_BEFORE: closing the exchange without an answer closes the connection
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("proxy: {} {}: {}", ex.getRequestMethod(), ex.getRequestURI(), e.toString());
        }
    }

    private void forward(HttpExchange ex, byte[] body, boolean watch, Fault fault) throws IOException {
        HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create(real.url() + ex.getRequestURI().toString()))
                .method(ex.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        ex.getRequestHeaders().forEach((k, vs) -> {
            if (!HOP.contains(k.toLowerCase(java.util.Locale.ROOT))) {
                vs.forEach(v -> rb.header(k, v));
            }
        });
        HttpResponse<InputStream> resp;
        try {
            resp = backend.send(rb.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        try (InputStream in = resp.body()) {
            if (fault == Fault.RESET_AFTER) {
                in.readAllBytes(); // the server acted; the answer is lost
                return;
            }
            forwarded.incrementAndGet();
            resp.headers().map().forEach((k, vs) -> {
                if (!HOP.contains(k.toLowerCase(java.util.Locale.ROOT)) && !k.startsWith(":")) {
                    vs.forEach(v -> ex.getResponseHeaders().add(k, v));
                }
            });
            if (!watch) {
                byte[] all = in.readAllBytes();
                if (partitioned) {
                    holdWhilePartitioned(); // cut off while the server acted: the answer is lost
                    return;
                }
                ex.sendResponseHeaders(resp.statusCode(), all.length == 0 ? -1 : all.length);
                ex.getResponseBody().write(all);
                return;
            }
            ex.sendResponseHeaders(resp.statusCode(), 0);
            ex.getResponseBody().flush(); // the headers now: a watch may stay silent until its first event
            if (fault == Fault.WATCH_DROPPED) {
                // the stream cut midway, whether or not an event is flowing: both ends closed at the deadline
                java.util.concurrent.CompletableFuture.delayedExecutor(between(200, 3000),
                        java.util.concurrent.TimeUnit.MILLISECONDS, executor).execute(() -> {
                            try {
                                in.close();
                            } catch (IOException e) {
                                LOG.debug("closing a dropped watch: {}", e.toString());
                            }
                            ex.close();
                        });
            }
            OutputStream out = ex.getResponseBody();
            byte[] buf = new byte[8192];
            for (int n; (n = in.read(buf)) >= 0; ) {
                if (partitioned) {
                    holdWhilePartitioned(); // the stream falls silent: what the server sent is dropped
                    return;
                }
                out.write(buf, 0, n);
                out.flush();
            }
        }
    }

    private static void status(HttpExchange ex, int code, String reason, String message) throws IOException {
        byte[] b = statusJson(code, reason, message).getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(code, b.length);
        ex.getResponseBody().write(b);
    }

    private static String statusJson(int code, String reason, String message) {
        return "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":\""
                + message + "\",\"reason\":\"" + reason + "\",\"code\":" + code + "}";
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms); // the injected delay itself
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static SSLContext trusting(RealApiServer real) {
        try {
            byte[] pem = Base64.getDecoder().decode(real.admin().getConfiguration().getCaCertData());
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            int i = 0;
            for (var cert : CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem))) {
                ks.setCertificateEntry("ca" + i++, cert);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot trust the API server's certificate", e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
