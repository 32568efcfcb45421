package dev.kubelb.examples.benchmarks;

import dev.kubelb.api.AddressPool;
import dev.kubelb.api.ApplianceConfig;
import dev.kubelb.api.BgpAdvertisement;
import dev.kubelb.core.ApplyStrategy;
import dev.kubelb.core.KubeLb;
import dev.kubelb.core.KubeLbLabels;
import dev.kubelb.core.SimulatedAppliance;
import dev.kubelb.core.testkit.AllocationAudit;
import dev.kubelb.core.testkit.RealApiServer;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Load: several threads create, update and delete requests (tenant Services) in bursts on a real
 * kube-apiserver while two engine instances with leader election run; midway the leader is closed and the
 * other takes over. Afterwards: every live request holds exactly one address of its own, nothing is held for a
 * request that is gone, and the leader's allocator holds exactly the live requests. Reports throughput and
 * the peak heap of this JVM (both engines, the driver and the simulated appliance).
 *
 * <p>Used by {@code LoadBenchmark} (10,000 requests) and {@code EngineLoadRealApiIT} (a few hundred).
 */
final class LoadRun {
    private static final Logger LOG = LoggerFactory.getLogger(LoadRun.class);
    private static final String LEASE_NAMESPACE = "kubelb-system";
    /** Reconcile workers per engine: a reconcile waits on API round trips far more than it computes. */
    static final int WORKERS = 8;

    /**
     * What a run measured.
     *
     * @param created requests created
     * @param updated updates sent
     * @param deleted requests deleted
     * @param live requests live at the end
     * @param seconds from the first write until converged
     * @param peakHeapMb the highest heap use sampled
     * @param leaderChanges how many times leadership moved
     * @param violations what was wrong at the end; empty when consistent
     */
    record Result(int created, long updated, long deleted, int live, double seconds, long peakHeapMb,
            int leaderChanges, List<String> violations) {
        double requestsPerSecond() {
            return created / seconds;
        }
    }

    private LoadRun() {
    }

    /**
     * @param real the control plane
     * @param requests how many requests to create in all
     * @param threads how many threads write
     * @param burst requests created per burst (each burst is followed by some updates and deletes)
     * @param seed the seed
     * @param converge how long the engines may take to converge after the last write
     * @return what was measured
     * @throws Exception on failure
     */
    static Result run(RealApiServer real, int requests, int threads, int burst, long seed, Duration converge)
            throws Exception {
        KubernetesClient admin = real.admin();
        real.ensureNamespace(LEASE_NAMESPACE);
        real.ensureNamespace("metallb-system");
        List<String> namespaces = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            namespaces.add(real.newNamespace("load-" + t));
        }
        ApplianceConfig config = ApplianceConfig.builder()
                .pool(AddressPool.builder("load").addresses("10.50.0.0/18").build())
                .advertisement(BgpAdvertisement.builder("load").pools("load").build()).build();
        HeapSampler heap = new HeapSampler();
        heap.start();
        List<KubeLb> engines = new ArrayList<>();
        try (SimulatedAppliance appliance = SimulatedAppliance.start(admin)) {
            for (int i = 1; i <= 2; i++) {
                engines.add(KubeLb.builder().client(admin).provider("metallb").configuration(config)
                        .applyStrategy(ApplyStrategy.serverSideApply()).workers(WORKERS)
                        // the library's (and client-go's) default Lease timings, 15 s / 10 s / 2 s: shorter ones
                        // lose the lease whenever the loaded machine stalls a renewal, and each loss is a rebuild
                        .leaderElection(LEASE_NAMESPACE, "kubelb-load-" + seed, "engine-" + i)
                        .build().start());
            }
            awaitLeader(engines, Duration.ofSeconds(60));
            AtomicInteger created = new AtomicInteger();
            AtomicLong updated = new AtomicLong();
            AtomicLong deleted = new AtomicLong();
            List<List<String>> liveByThread = new ArrayList<>();
            int leaderChanges = 0;
            long t0 = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    List<String> live = new ArrayList<>();
                    liveByThread.add(live);
                    String ns = namespaces.get(t);
                    Random random = new Random(seed * 31 + t);
                    int share = requests / threads + (t < requests % threads ? 1 : 0);
                    done.add(pool.submit(() -> {
                        writer(admin, ns, share, burst, random, live, created, updated, deleted);
                        return null;
                    }));
                }
                // leader change midway: the leader closed (its Lease released), the other instance takes over
                Progress progress = new Progress(engines, created, updated, deleted);
                while (created.get() < requests / 2 && done.stream().anyMatch(f -> !f.isDone())) {
                    Thread.sleep(50); // polling the workload's progress
                    progress.maybeLog();
                }
                KubeLb leader = engines.stream().filter(KubeLb::isLeader).findFirst().orElseThrow();
                LOG.info("load: leader change at {} requests created: closing {}", created.get(),
                        engines.indexOf(leader) + 1);
                leader.close();
                engines.remove(leader);
                awaitLeader(engines, Duration.ofMinutes(5));
                leaderChanges++;
                while (done.stream().anyMatch(f -> !f.isDone())) {
                    Thread.sleep(50); // polling the workload's progress
                    progress.maybeLog();
                }
                for (Future<?> f : done) {
                    f.get(1, TimeUnit.MINUTES);
                }
                LOG.info("load: all {} requests written after {} s", created.get(), (System.nanoTime() - t0) / 1_000_000_000L);
            } finally {
                pool.shutdownNow();
            }
            Set<String> live = new TreeSet<>();
            liveByThread.forEach(l -> l.forEach(x -> live.add(x)));
            List<String> violations = awaitConverged(admin, new TreeSet<>(namespaces), live, converge);
            double seconds = (System.nanoTime() - t0) / 1e9;
            KubeLb leader = engines.get(0);
            long held = leader.allocator().orElseThrow().allocations().stream()
                    .filter(a -> namespaces.contains(a.id().tenant())).count();
            if (held != live.size()) {
                violations = new ArrayList<>(violations);
                violations.add("the leader's allocator holds " + held + " allocations for " + live.size() + " live requests");
            }
            return new Result(created.get(), updated.get(), deleted.get(), live.size(), seconds, heap.finish(),
                    leaderChanges, violations);
        } finally {
            for (KubeLb e : engines) {
                e.close();
            }
            heap.finish();
        }
    }

    private static void writer(KubernetesClient admin, String ns, int share, int burst, Random random,
            List<String> live, AtomicInteger created, AtomicLong updated, AtomicLong deleted) {
        int made = 0;
        while (made < share) {
            int n = Math.min(burst, share - made);
            for (int i = 0; i < n; i++) {
                String name = "r" + made++;
                Service svc = service(ns, name, 80);
                retryTransient(() -> {
                    try {
                        admin.services().resource(svc).create();
                    } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
                        if (e.getCode() != 409) {
                            throw e;
                        }
                        // a create retried after a timeout: the first attempt had reached the server
                    }
                });
                live.add(ns + "/" + name);
                created.incrementAndGet();
            }
            // updates: another port on half as many live requests as the burst created (a share of the burst,
            // not of everything live: that would grow the updates with the square of the run's size)
            for (int i = 0; i < Math.max(1, n / 2); i++) {
                String[] p = live.get(random.nextInt(live.size())).split("/");
                int port = 1000 + random.nextInt(20000);
                retryTransient(() -> updateRetryingConflicts(admin, p[0], p[1], port));
                updated.incrementAndGet();
            }
            // deletes: a third of the burst
            for (int i = 0; i < n / 3 && !live.isEmpty(); i++) {
                String[] p = live.remove(random.nextInt(live.size())).split("/");
                retryTransient(() -> admin.services().inNamespace(p[0]).withName(p[1]).delete());
                deleted.incrementAndGet();
            }
        }
    }

    /**
     * Runs a write again when the server did not answer in time or answered 429/5xx, as a client would: the
     * loaded machine's API server sometimes stalls beyond the client's 30 s request timeout.
     */
    private static void retryTransient(Runnable write) {
        for (int attempt = 1; ; attempt++) {
            try {
                write.run();
                return;
            } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
                int code = e.getCode();
                if (!(code == 0 || code == 429 || code >= 500) || attempt >= 10) {
                    throw e;
                }
                LOG.warn("load: a write failed ({}), sending it again: {}", code, e.getMessage());
            }
        }
    }

    /** An edit races the engine's own writes (finalizer, status): on 409 it is read again and retried, as a client does. */
    private static void updateRetryingConflicts(KubernetesClient admin, String ns, String name, int port) {
        for (int attempt = 1; ; attempt++) {
            try {
                admin.services().inNamespace(ns).withName(name).edit(s -> new ServiceBuilder(s).editSpec()
                        .editFirstPort().withPort(port).endPort().endSpec().build());
                return;
            } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
                if (e.getCode() != 409 || attempt >= 20) {
                    throw e;
                }
            }
        }
    }

    private static Service service(String ns, String name, int port) {
        // no NodePorts: the server's default range (2,768) could not hold thousands of live requests
        return new ServiceBuilder().withNewMetadata().withName(name).withNamespace(ns).endMetadata()
                .withNewSpec().withType("LoadBalancer").withLoadBalancerClass(KubeLb.DEFAULT_CLASS).withAllocateLoadBalancerNodePorts(false)
                .addNewPort()
                .withName("http").withProtocol("TCP").withPort(port).endPort().endSpec().build();
    }

    private static void awaitLeader(List<KubeLb> engines, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (engines.stream().noneMatch(KubeLb::isLeader)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no leader within " + timeout);
            }
            Thread.sleep(50);
        }
    }

    private static List<String> awaitConverged(KubernetesClient admin, Set<String> namespaces, Set<String> live,
            Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> last;
        while (true) {
            AllocationAudit audit = AllocationAudit.of(admin, namespaces);
            last = new ArrayList<>(audit.violations());
            if (!audit.live().equals(live)) {
                last.add("live requests differ: " + audit.live().size() + " in the cluster, " + live.size() + " expected");
            }
            if (last.isEmpty() || System.nanoTime() > deadline) {
                break;
            }
            // each audit lists and parses every Service of the run (thousands): more often would take the
            // CPU from the engines being measured
            LOG.info("load: not converged yet: {}", last.get(0));
            Thread.sleep(2000);
        }
        long owned = admin.services().inAnyNamespace().withLabel(KubeLbLabels.MANAGED_BY, KubeLbLabels.MANAGER).list()
                .getItems().stream().filter(s -> namespaces.contains(s.getMetadata().getNamespace())).count();
        if (last.isEmpty() && owned != live.size()) {
            last.add(owned + " owned Services for " + live.size() + " live requests");
        }
        return last.subList(0, Math.min(last.size(), 30));
    }

    /** Logs the workload's and the leader's progress every 15 s. */
    private static final class Progress {
        private final List<KubeLb> engines;
        private final AtomicInteger created;
        private final AtomicLong updated;
        private final AtomicLong deleted;
        private final long t0 = System.nanoTime();
        private long next = System.nanoTime();

        Progress(List<KubeLb> engines, AtomicInteger created, AtomicLong updated, AtomicLong deleted) {
            this.engines = engines;
            this.created = created;
            this.updated = updated;
            this.deleted = deleted;
        }

        void maybeLog() {
            if (System.nanoTime() < next) {
                return;
            }
            next = System.nanoTime() + 15_000_000_000L;
            String held = engines.stream().filter(KubeLb::isLeader).findFirst()
                    .flatMap(KubeLb::allocator).map(a -> String.valueOf(a.allocations().size())).orElse("no leader");
            LOG.info("load: {} s: {} created, {} updated, {} deleted; the leader holds {} allocations",
                    (System.nanoTime() - t0) / 1_000_000_000L, created.get(), updated.get(), deleted.get(), held);
        }
    }

    /** Samples this JVM's heap use every 100 ms and keeps the highest. */
    private static final class HeapSampler extends Thread {
        private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        private volatile boolean running = true;
        private volatile long peak;

        HeapSampler() {
            super("heap-sampler");
            setDaemon(true);
        }

        @Override
        public void run() {
            while (running) {
                peak = Math.max(peak, memory.getHeapMemoryUsage().getUsed());
                try {
                    Thread.sleep(100); // the sampling period
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        long finish() {
            running = false;
            return peak / (1024 * 1024);
        }
    }
}
