package dev.kubelb.examples.benchmarks;

import dev.kubelb.core.SimulatedAppliance;
import dev.kubelb.core.testkit.AllocationAudit;
import dev.kubelb.core.testkit.RealApiServer;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Crash at any point: the host controller ({@code dev.kubelb.examples.hostcontroller.HostController}) runs as
 * a separate JVM against a real control plane and is killed with SIGKILL at seeded random moments while a
 * batch of requests (tenant Services of its class) is created and some of them deleted; it is started again
 * after every kill with the same identity (so it takes its Lease back at once). After the batch it must
 * converge to: each live request holds exactly one address, recorded on its owned Service and shown in its
 * status; no address held twice; nothing held for a request that is gone; and the addresses released are
 * free again — the next requests get exactly the lowest free addresses of the pool (the engine hands out
 * the lowest free one), which an address leaked in the engine's memory would not be.
 *
 * <p>Used by {@code CrashBenchmark} (100+ seeds) and {@code HostControllerCrashRealApiIT} (a few seeds).
 */
final class CrashRun implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CrashRun.class);
    /** The pool: 2,048 addresses, enough for a batch of 1,000 and the probes. */
    static final String POOL_CIDR = "10.30.0.0/21";
    private static final String CLASS = "kubelb.dev/l4";

    private final RealApiServer real;
    private final KubernetesClient admin;
    private final String classpath;
    private final Path kubeconfig;
    private final Path logs;
    private final SimulatedAppliance appliance;
    private final int workers;
    private Process host;

    /** One seed's outcome. */
    record Result(long seed, int requests, int deleted, int kills, List<String> violations, long millis) {
    }

    /**
     * @param real the control plane
     * @param classpath the class path the host controller's JVM runs with
     * @param logs where the host controller's output goes
     * @param workers the host controller's {@code KUBELB_WORKERS}
     */
    CrashRun(RealApiServer real, String classpath, Path logs, int workers) {
        this.real = real;
        this.workers = workers;
        this.admin = real.admin();
        this.classpath = classpath;
        this.logs = logs;
        try {
            Files.createDirectories(logs);
            this.kubeconfig = real.writeKubeconfig(logs.resolve("kubeconfig.yaml"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        real.ensureNamespace("metallb-system");
        real.ensureNamespace("kubelb-system");
        admin.resource(metallb("IPAddressPool", "crash", Map.of("addresses", List.of(POOL_CIDR), "autoAssign", true)))
                .createOr(x -> x.update());
        admin.resource(metallb("BGPAdvertisement", "crash", Map.of("ipAddressPools", List.of("crash"))))
                .createOr(x -> x.update());
        this.appliance = SimulatedAppliance.start(admin);
    }

    /**
     * Runs one seed: a batch of {@code requests} creates (a quarter of them followed by a delete of a random
     * live request), {@code kills} SIGKILLs at seeded moments within {@code window}, then convergence and the
     * checks.
     *
     * @param seed the seed
     * @param requests how many requests to create
     * @param kills how many times to kill the host controller
     * @param window the span within which the kills fall
     * @param converge how long the engine may take to converge after the batch
     * @return what happened
     * @throws InterruptedException when interrupted
     */
    Result run(long seed, int requests, int kills, Duration window, Duration converge) throws InterruptedException {
        long t0 = System.nanoTime();
        Random random = new Random(seed);
        String nsA = real.newNamespace("crash-" + seed + "-a");
        String nsB = real.newNamespace("crash-" + seed + "-b");
        Set<String> namespaces = Set.of(nsA, nsB);
        long[] killAt = new long[kills];
        for (int i = 0; i < kills; i++) {
            killAt[i] = 200 + (long) (random.nextDouble() * (window.toMillis() - 200));
        }
        java.util.Arrays.sort(killAt);
        long[] restartDelay = new long[kills];
        for (int i = 0; i < kills; i++) {
            restartDelay[i] = random.nextInt(1000);
        }
        Path log = logs.resolve("host-" + seed + ".log");
        startHost(log);
        Thread killer = new Thread(() -> {
            try {
                for (int i = 0; i < kills; i++) {
                    long wait = killAt[i] - (System.nanoTime() - t0) / 1_000_000;
                    if (wait > 0) {
                        Thread.sleep(wait); // a scheduled moment, not a synchronisation
                    }
                    killHost();
                    Thread.sleep(restartDelay[i]); // requests keep arriving while it is down
                    startHost(log);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "crash-killer");
        killer.start();
        Random work = new Random(seed ^ 0x5DEECE66DL);
        List<String> live = new ArrayList<>();
        int deleted = 0;
        for (int i = 0; i < requests; i++) {
            String ns = work.nextBoolean() ? nsA : nsB;
            admin.services().resource(service(ns, "r" + i)).create();
            live.add(ns + "/r" + i);
            if (work.nextInt(4) == 0) {
                String victim = live.remove(work.nextInt(live.size()));
                String[] p = victim.split("/");
                admin.services().inNamespace(p[0]).withName(p[1]).delete();
                deleted++;
            }
        }
        long batch = (System.nanoTime() - t0) / 1_000_000;
        killer.join();
        List<String> violations = awaitConverged(namespaces, converge);
        long converged = (System.nanoTime() - t0) / 1_000_000;
        if (violations.isEmpty()) {
            violations = probeReleasedAreFree(nsA, namespaces, converge);
        }
        long probed = (System.nanoTime() - t0) / 1_000_000;
        stopHost();
        cleanUp(namespaces);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        LOG.info("seed {}: {} requests, {} deleted, {} kills at {} ms, {} violations, {} ms (batch written {} ms, "
                + "converged {} ms, probed {} ms, cleaned up {} ms)", seed, requests, deleted, kills,
                java.util.Arrays.toString(killAt), violations.size(), ms, batch, converged, probed, ms);
        return new Result(seed, requests, deleted, kills, violations, ms);
    }

    private List<String> awaitConverged(Set<String> namespaces, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> last;
        do {
            last = AllocationAudit.of(admin, namespaces).violations();
            if (last.isEmpty()) {
                return last;
            }
            // each audit lists and parses every Service of the seed (about 1,750): more often would take the
            // 2-core machine's CPU from the engine being measured
            Thread.sleep(1000);
        } while (System.nanoTime() < deadline && hostAlive());
        List<String> out = new ArrayList<>();
        out.add("not converged within " + timeout.toSeconds() + " s" + (hostAlive() ? "" : " (host controller exited)"));
        out.addAll(last.subList(0, Math.min(20, last.size())));
        return out;
    }

    /**
     * Creates as many requests as there are free addresses below the highest one held, plus one, all at once:
     * they must get exactly the lowest free addresses of the pool.
     */
    private List<String> probeReleasedAreFree(String ns, Set<String> namespaces, Duration timeout)
            throws InterruptedException {
        Set<Long> held = new TreeSet<>();
        AllocationAudit.of(admin, namespaces).addresses().forEach(a -> held.add(toLong(a)));
        long base = toLong(POOL_CIDR.substring(0, POOL_CIDR.indexOf('/')));
        long max = held.stream().mapToLong(Long::longValue).max().orElse(base - 1);
        List<String> expected = new ArrayList<>();
        for (long a = base; a <= max + 1 && expected.size() < 40; a++) {
            if (!held.contains(a)) {
                expected.add(toAddress(a));
            }
        }
        for (int i = 0; i < expected.size(); i++) {
            admin.services().resource(service(ns, "probe" + i)).create();
        }
        List<String> violations = awaitConverged(namespaces, timeout);
        if (!violations.isEmpty()) {
            return violations;
        }
        AllocationAudit after = AllocationAudit.of(admin, namespaces);
        Set<String> got = new TreeSet<>();
        for (int i = 0; i < expected.size(); i++) {
            got.addAll(after.held().getOrDefault(ns + "/probe" + i, List.of()));
        }
        return got.equals(new TreeSet<>(expected)) ? List.of()
                : List.of("released addresses not free again: probes got " + got + ", the lowest free are " + expected);
    }

    private void startHost(Path log) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx384m", "-XX:+UseSerialGC", "-cp", classpath,
                "dev.kubelb.examples.hostcontroller.HostController", kubeconfig.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().put("KUBELB_PROVIDER", "metallb");
        pb.environment().put("KUBELB_CLASS", CLASS);
        pb.environment().put("POD_NAME", "crash-host"); // the same identity: a restarted replica takes its Lease back
        pb.environment().put("KUBELB_LEASE_NAMESPACE", "kubelb-system");
        pb.environment().put("KUBELB_WORKERS", Integer.toString(workers));
        pb.environment().remove("KUBECONFIG");
        try {
            synchronized (this) {
                host = pb.start();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGKILL: no shutdown hook runs, the Lease is not released, nothing is flushed. */
    private synchronized void killHost() throws InterruptedException {
        if (host != null) {
            host.destroyForcibly();
            host.waitFor(30, TimeUnit.SECONDS);
            host = null;
        }
    }

    private synchronized boolean hostAlive() {
        return host != null && host.isAlive();
    }

    private synchronized void stopHost() throws InterruptedException {
        if (host != null) {
            host.destroy();
            if (!host.waitFor(30, TimeUnit.SECONDS)) {
                host.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            host = null;
        }
    }

    /**
     * Removes what the seed left (the host controller is stopped: the finalizers are removed here, by merge
     * patches sent from a few threads, one request each, instead of a read and a write per Service in turn).
     */
    private void cleanUp(Set<String> namespaces) throws InterruptedException {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            for (String ns : namespaces) {
                for (Service s : admin.services().inNamespace(ns).list().getItems()) {
                    if (s.getMetadata().getFinalizers() != null && !s.getMetadata().getFinalizers().isEmpty()) {
                        String name = s.getMetadata().getName();
                        done.add(pool.submit(() -> admin.services().inNamespace(ns).withName(name).patch(
                                io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                                        io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
                                "{\"metadata\":{\"finalizers\":null}}")));
                    }
                }
            }
            for (java.util.concurrent.Future<?> f : done) {
                f.get(2, TimeUnit.MINUTES);
            }
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cleaning up after the seed failed", e);
        } finally {
            pool.shutdownNow();
        }
        for (String ns : namespaces) {
            admin.services().inNamespace(ns).delete();
            admin.discovery().v1().endpointSlices().inNamespace(ns).delete();
        }
    }

    private static Service service(String ns, String name) {
        return new ServiceBuilder().withNewMetadata().withName(name).withNamespace(ns).endMetadata()
                .withNewSpec().withType("LoadBalancer").withLoadBalancerClass(CLASS).addNewPort().withName("http")
                .withProtocol("TCP").withPort(80).endPort().endSpec().build();
    }

    private static GenericKubernetesResource metallb(String kind, String name, Map<String, Object> spec) {
        return new GenericKubernetesResourceBuilder().withApiVersion("metallb.io/v1beta1").withKind(kind)
                .withNewMetadata().withName(name).withNamespace("metallb-system").endMetadata()
                .withAdditionalProperties(Map.of("spec", spec)).build();
    }

    static long toLong(String ipv4) {
        try {
            byte[] b = InetAddress.getByName(ipv4).getAddress();
            return ((b[0] & 0xffL) << 24) | ((b[1] & 0xffL) << 16) | ((b[2] & 0xffL) << 8) | (b[3] & 0xffL);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(ipv4, e);
        }
    }

    static String toAddress(long v) {
        return ((v >> 24) & 0xff) + "." + ((v >> 16) & 0xff) + "." + ((v >> 8) & 0xff) + "." + (v & 0xff);
    }

    @Override
    public void close() throws InterruptedException {
        stopHost();
        appliance.close();
    }
}
