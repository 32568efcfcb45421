package dev.kubelb.core.testkit;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kubernetes control plane for tests: {@code etcd} and {@code kube-apiserver} (built from their Go
 * modules by {@code ci/envtest/build.sh}) on loopback, with a self-signed serving certificate the server
 * generates, a static admin token ({@code system:masters}), a service-account signing key we generate (so
 * {@link #clientAs} can mint tokens through the TokenRequest API), RBAC authorization, and the appliances'
 * real CRDs installed. No controller-manager runs: nothing deletes namespaces, collects garbage or
 * writes EndpointSlices for selector-less Services, so tests use a fresh namespace each
 * ({@link #newNamespace}).
 *
 * <p>Logs go to {@code target/real-api/<name>/}. Use it through {@link RealApi} (one server per class).
 */
public final class RealApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RealApiServer.class);
    private static final AtomicInteger NAMESPACES = new AtomicInteger();

    private final EnvtestAssets assets;
    private final Path dir;
    private final Path logs;
    private final String adminToken = UUID.randomUUID().toString();
    private final List<Process> processes = new ArrayList<>();
    private String url;
    private String caPem;
    private List<String> apiServerCommand;
    private int apiServerIndex;
    private KubernetesClient admin;
    private boolean closed;

    private RealApiServer(EnvtestAssets assets, Path dir, Path logs) {
        this.assets = assets;
        this.dir = dir;
        this.logs = logs;
    }

    /**
     * Starts etcd and kube-apiserver and installs the CRDs; blocks until {@code /readyz} answers ok.
     *
     * @param assets the binaries and CRDs
     * @param name a name for the log folder (the test class)
     * @return the running server
     */
    public static RealApiServer start(EnvtestAssets assets, String name) {
        try {
            Path logs = Path.of("target", "real-api", name).toAbsolutePath();
            Files.createDirectories(logs);
            for (int attempt = 1; ; attempt++) {
                RealApiServer s = new RealApiServer(assets, Files.createTempDirectory("kubelb-real-api"), logs);
                // a JVM ended without afterAll (killed test run, timeout) must not leave etcd and the API server behind
                Runtime.getRuntime().addShutdownHook(new Thread(s::close, "real-api-server-stop"));
                try {
                    s.boot();
                    return s;
                } catch (RuntimeException | Error e) {
                    s.close();
                    // a port found free was taken before etcd or the API server bound it (another process's
                    // connection got it as its ephemeral port): new ports, a new start
                    if (attempt < 3 && portTaken(logs)) {
                        LOG.warn("a control-plane port was taken meanwhile; starting again with other ports");
                        continue;
                    }
                    throw e;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void boot() throws IOException {
        long t0 = System.nanoTime();
        int etcdPort = freePort();
        int peerPort = freePort();
        int apiPort = freePort();
        String etcdUrl = "http://127.0.0.1:" + etcdPort;
        processes.add(launch("etcd", List.of(assets.etcd().toString(), "--data-dir", dir.resolve("etcd").toString(),
                "--listen-client-urls", etcdUrl, "--advertise-client-urls", etcdUrl,
                "--listen-peer-urls", "http://127.0.0.1:" + peerPort,
                "--initial-advertise-peer-urls", "http://127.0.0.1:" + peerPort,
                "--initial-cluster", "default=http://127.0.0.1:" + peerPort,
                "--unsafe-no-fsync", "--log-level", "warn")));
        Path tokens = dir.resolve("tokens.csv");
        Files.writeString(tokens, adminToken + ",kubelb-test-admin,kubelb-test-admin,\"system:masters\"\n");
        Path saKey = dir.resolve("sa.key");
        writeSigningKey(saKey, dir.resolve("sa.pub"));
        Path certs = dir.resolve("certs");
        Files.createDirectories(certs);
        apiServerCommand = List.of(assets.apiServer().toString(),
                "--etcd-servers=" + etcdUrl,
                "--bind-address=127.0.0.1", "--advertise-address=127.0.0.1",
                "--secure-port=" + apiPort, "--cert-dir=" + certs,
                "--token-auth-file=" + tokens,
                "--authorization-mode=RBAC",
                "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
                "--service-account-key-file=" + dir.resolve("sa.pub"),
                "--service-account-signing-key-file=" + saKey,
                "--service-cluster-ip-range=10.96.0.0/16,fd00:10:96::/112", // dual-stack, IPv4 first
                "--disable-admission-plugins=ServiceAccount",
                "--allow-privileged=true", "--v=1");
        apiServerIndex = processes.size();
        processes.add(launch("kube-apiserver", apiServerCommand));
        url = "https://127.0.0.1:" + apiPort;
        Path crt = certs.resolve("apiserver.crt");
        awaitFile(crt, Duration.ofSeconds(60));
        caPem = Files.readString(crt);
        admin = new KubernetesClientBuilder().withConfig(config(adminToken)).build();
        awaitReady(Duration.ofSeconds(90));
        LOG.info("real kube-apiserver ready at {} in {} ms", url, (System.nanoTime() - t0) / 1_000_000);
        CrdInstaller.install(admin, assets.crdFolders());
    }

    /**
     * Stops kube-apiserver (SIGTERM, then SIGKILL after 15 s) and starts it again with the same flags, port,
     * serving certificate and etcd, as a control-plane upgrade or crash does; blocks until {@code /readyz}
     * answers ok again. Clients keep working against the same URL once it is back.
     *
     * @param down how long the server stays down before it is started again
     * @throws InterruptedException when interrupted
     */
    public synchronized void restartApiServer(Duration down) throws InterruptedException {
        Process old = processes.get(apiServerIndex);
        old.destroy();
        if (!old.waitFor(15, TimeUnit.SECONDS)) {
            old.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        Thread.sleep(down.toMillis()); // the outage itself, not a synchronisation
        long t0 = System.nanoTime();
        try {
            processes.set(apiServerIndex, launch("kube-apiserver-restarted", apiServerCommand));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        awaitReady(Duration.ofSeconds(90));
        LOG.info("real kube-apiserver restarted at {} in {} ms", url, (System.nanoTime() - t0) / 1_000_000);
    }

    /** @return a client with the admin identity ({@code system:masters}) */
    public KubernetesClient admin() {
        return admin;
    }

    /** @return the server's URL */
    public String url() {
        return url;
    }

    /** @return the assets this server runs from */
    public EnvtestAssets assets() {
        return assets;
    }

    /**
     * @param token a bearer token
     * @return a client configuration for this server with that token
     */
    public Config config(String token) {
        return new ConfigBuilder(Config.empty()).withMasterUrl(url).withCaCertData(
                Base64.getEncoder().encodeToString(caPem.getBytes(StandardCharsets.UTF_8)))
                .withOauthToken(token).withNamespace("default").withRequestTimeout(30_000)
                .withConnectionTimeout(10_000).build();
    }

    /**
     * An admin client that records every request it sends ({@code METHOD path[?query]}), so a test can
     * count what the code under test asks of a real server, as the mock server's request log does.
     *
     * @param sink where each request is added, in order
     * @return the client
     */
    public KubernetesClient adminRecording(java.util.Queue<String> sink) {
        return new KubernetesClientBuilder().withConfig(config(adminToken))
                .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor("kubelb-test-recorder",
                        RecordingClients.recorder(sink)))
                .build();
    }

    /**
     * A client authenticated as a ServiceAccount, with a token minted through the TokenRequest API. The
     * ServiceAccount is created when missing; what it may do is only what RBAC grants it.
     *
     * @param namespace the ServiceAccount's namespace (created when missing)
     * @param name the ServiceAccount's name
     * @return the client
     */
    public KubernetesClient clientAs(String namespace, String name) {
        ensureNamespace(namespace);
        admin.serviceAccounts().inNamespace(namespace).resource(new ServiceAccountBuilder().withNewMetadata()
                .withName(name).withNamespace(namespace).endMetadata().build()).createOr(x -> x.update());
        TokenRequest req = new TokenRequestBuilder().withNewSpec().withExpirationSeconds(3600L).endSpec().build();
        TokenRequest got = admin.serviceAccounts().inNamespace(namespace).withName(name).tokenRequest(req);
        return new KubernetesClientBuilder().withConfig(config(got.getStatus().getToken())).build();
    }

    /**
     * Creates a namespace whose name starts with the prefix and is unique on this server.
     *
     * @param prefix the prefix
     * @return the namespace's name
     */
    public String newNamespace(String prefix) {
        String ns = prefix + "-" + NAMESPACES.incrementAndGet();
        ensureNamespace(ns);
        return ns;
    }

    /** @param ns a namespace to create when missing */
    public void ensureNamespace(String ns) {
        admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
                .createOr(x -> x.update());
    }

    /**
     * Creates the objects with the admin identity (server-side apply, field manager {@code kubelb-test}).
     *
     * @param objects the objects
     */
    public void applyAsAdmin(List<HasMetadata> objects) {
        for (HasMetadata o : objects) {
            admin.resource(o).forceConflicts().fieldManager("kubelb-test").serverSideApply();
        }
    }

    /**
     * Writes a kubeconfig for this server with the admin identity.
     *
     * @param file where
     * @return the file
     */
    public Path writeKubeconfig(Path file) {
        String kc = "apiVersion: v1\nkind: Config\nclusters:\n- name: real\n  cluster:\n    server: " + url
                + "\n    certificate-authority-data: "
                + Base64.getEncoder().encodeToString(caPem.getBytes(StandardCharsets.UTF_8))
                + "\nusers:\n- name: admin\n  user:\n    token: " + adminToken
                + "\ncontexts:\n- name: real\n  context:\n    cluster: real\n    user: admin\n    namespace: default"
                + "\ncurrent-context: real\n";
        try {
            Files.writeString(file, kc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (admin != null) {
            admin.close();
        }
        for (int i = processes.size() - 1; i >= 0; i--) {
            Process p = processes.get(i);
            p.destroy();
            try {
                if (!p.waitFor(15, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
        }
        deleteTree(dir);
    }

    /**
     * Starts a process beside the control plane (an appliance's controller, say), its output in this
     * server's log folder; it is stopped with the server.
     *
     * @param name a name for its log file
     * @param command the command
     * @return the process
     */
    public Process startBeside(String name, List<String> command) {
        try {
            Process p = launch(name, command);
            processes.add(p);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the folder of this server's logs */
    public Path logs() {
        return logs;
    }

    private Process launch(String name, List<String> command) throws IOException {
        Path log = logs.resolve(name + ".log");
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    }

    private void awaitFile(Path f, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!Files.isRegularFile(f) || sizeOf(f) == 0) {
            checkAlive();
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("kube-apiserver wrote no serving certificate within " + timeout
                        + "; see " + logs);
            }
            pause();
        }
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            checkAlive();
            try {
                last = admin.raw("/readyz");
                if ("ok".equals(last == null ? null : last.strip())) {
                    return;
                }
            } catch (RuntimeException e) {
                last = e.getMessage();
            }
            pause();
        }
        throw new IllegalStateException("kube-apiserver not ready within " + timeout + " (" + last + "); see " + logs);
    }

    private void checkAlive() {
        for (Process p : processes) {
            if (!p.isAlive()) {
                throw new IllegalStateException("a control-plane process exited with " + p.exitValue()
                        + "; see " + logs);
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the control plane", e);
        }
    }

    private static long sizeOf(Path f) {
        try {
            return Files.size(f);
        } catch (IOException e) {
            return 0;
        }
    }

    private static boolean portTaken(Path logs) {
        for (String log : List.of("etcd.log", "kube-apiserver.log")) {
            try {
                Path p = logs.resolve(log);
                if (Files.exists(p) && Files.readString(p).contains("address already in use")) {
                    return true;
                }
            } catch (IOException e) {
                return false;
            }
        }
        return false;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void writeSigningKey(Path privateKey, Path publicKey) throws IOException {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            KeyPair kp = g.generateKeyPair();
            Files.writeString(privateKey, pem("PRIVATE KEY", kp.getPrivate().getEncoded()));
            Files.writeString(publicKey, pem("PUBLIC KEY", kp.getPublic().getEncoded()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static void deleteTree(Path root) {
        try (var walk = Files.walk(root)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.debug("could not delete {}: {}", root, e.toString());
        }
    }
}
