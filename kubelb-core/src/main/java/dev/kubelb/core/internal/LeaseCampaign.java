package dev.kubelb.core.internal;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaderElectionRecord;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.Lock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs for a {@code coordination.k8s.io} Lease for as long as it is open, campaigning again whenever an
 * election ends: fabric8's {@code LeaderElector} is single-use (its future completes once leadership is
 * lost), so a replica that lost the lease once would otherwise never lead again. A new campaign starts one
 * retry period later, so a failing one cannot spin. Closing releases the lease.
 *
 * <p>Two things fabric8's elector (8.0.0, {@code LeaderElector.renewWithTimeout}) does not do, done here:
 * <ul>
 *   <li><b>Leadership ends at the renew deadline, whatever the network does.</b> fabric8 checks the deadline
 *       only between renew attempts, and a renew (or the read before releasing) that hangs on an unreachable
 *       API server lasts the client's request timeout (10 s by default) — longer than the lease, so another
 *       replica could lead while this one still writes. A watchdog here stops leading once no renewal
 *       succeeded for the renew deadline (measured from when the successful renewal was attempted), as
 *       client-go's {@code leaderelection.go} bounds each renew by its deadline. A renewal that succeeds
 *       afterwards (optimistically locked: nobody took the lease in between) starts a new term.</li>
 *   <li><b>The lease keeps being renewed while a term starts.</b> fabric8 calls {@code onStartLeading} on the
 *       elector's own thread and renews only after it returns; a term that starts with a long rebuild would
 *       let the lease lapse. The start runs on a thread of its own here, as client-go runs
 *       {@code OnStartedLeading} in a goroutine.</li>
 * </ul>
 */
public final class LeaseCampaign implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LeaseCampaign.class);

    /** Lease name, namespace and holder identity, and the election's timings. */
    public record Lease(String namespace, String name, String identity, Duration duration, Duration renewDeadline,
            Duration retryPeriod) {
    }

    /**
     * A replica's identity when the host names none: the pod's name ({@code POD_NAME}, from the downward API)
     * or the host name, with a random suffix, so two replicas (or a restarted one whose old lease is still
     * held) never share one; a shared identity would let both believe they lead.
     *
     * @param given the identity the host gave, or null or blank
     * @return {@code given} when it names one, otherwise a new unique identity
     */
    public static String identityOrDefault(String given) {
        if (given != null && !given.isBlank()) {
            return given;
        }
        String base = System.getenv("POD_NAME");
        if (base == null || base.isBlank()) {
            try {
                base = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException | RuntimeException e) {
                base = "kubelb";
            }
        }
        return base + "-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    }

    private final KubernetesClient client;
    private final Lease lease;
    private final Runnable started;
    private final Runnable stopped;
    private final AtomicBoolean leading = new AtomicBoolean();
    /** When the last successful acquisition or renewal was attempted (nanoTime), or 0. */
    private final AtomicLong renewedAt = new AtomicLong();
    private final ExecutorService terms;
    private final ScheduledExecutorService watchdog;
    private CompletableFuture<?> election;
    private boolean closed;

    private LeaseCampaign(KubernetesClient client, Lease lease, Runnable started, Runnable stopped) {
        this.client = client;
        this.lease = lease;
        this.started = started;
        this.stopped = stopped;
        this.terms = Executors.newSingleThreadExecutor(daemon("kubelb-lease-term"));
        this.watchdog = Executors.newSingleThreadScheduledExecutor(daemon("kubelb-lease-watchdog"));
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * @param client the cluster holding the Lease
     * @param lease the Lease
     * @param started run when this replica starts leading (on a thread of its own: it may take long)
     * @param stopped run when it stops leading
     * @return the running campaign
     */
    public static LeaseCampaign start(KubernetesClient client, Lease lease, Runnable started, Runnable stopped) {
        LeaseCampaign c = new LeaseCampaign(client, lease, started, stopped);
        long period = Math.max(20, lease.retryPeriod().toMillis() / 5);
        c.watchdog.scheduleAtFixedRate(c::checkDeadline, period, period, TimeUnit.MILLISECONDS);
        c.run();
        return c;
    }

    private synchronized void run() {
        if (closed) {
            return;
        }
        CompletableFuture<?> f = client.leaderElector().withConfig(new LeaderElectionConfigBuilder()
                .withName(lease.name())
                .withLock(new TimedLock(new LeaseLock(lease.namespace(), lease.name(), lease.identity())))
                .withLeaseDuration(lease.duration()).withRenewDeadline(lease.renewDeadline())
                .withRetryPeriod(lease.retryPeriod()).withReleaseOnCancel(true)
                .withLeaderCallbacks(new LeaderCallbacks(this::lead, this::stop,
                        leader -> LOG.info("{} leader is now {}", lease.name(), leader)))
                .build()).build().start();
        election = f;
        f.whenComplete((v, e) -> {
            synchronized (this) {
                if (closed || f.isCancelled()) {
                    return;
                }
            }
            LOG.info("election for {} ended{}; campaigning again", lease.name(), e == null ? "" : " (" + e + ")");
            CompletableFuture.runAsync(this::run, CompletableFuture.delayedExecutor(lease.retryPeriod().toMillis(),
                    TimeUnit.MILLISECONDS));
        });
    }

    /** Starts a term, unless one runs, on the term thread; a stop that came meanwhile is honoured after it. */
    private void lead() {
        if (!withinDeadline() || !leading.compareAndSet(false, true)) {
            return;
        }
        terms.execute(() -> {
            if (!leading.get()) {
                return;
            }
            started.run();
            if (!leading.get()) {
                stopped.run(); // stopped while the term was starting: make sure it is stopped
            }
        });
    }

    private void stop() {
        if (leading.compareAndSet(true, false)) {
            stopped.run();
        }
    }

    private boolean withinDeadline() {
        long at = renewedAt.get();
        return at != 0 && System.nanoTime() - at < lease.renewDeadline().toNanos();
    }

    private void checkDeadline() {
        if (leading.get() && !withinDeadline()) {
            LOG.warn("{}: the lease was not renewed within the renew deadline ({} ms): stopping leading", lease.name(),
                    lease.renewDeadline().toMillis());
            stop();
        }
    }

    /** The Lease lock, timing each successful acquisition or renewal by this identity from its attempt. */
    private final class TimedLock implements Lock {
        private final Lock lock;
        private volatile long attempt;

        TimedLock(Lock lock) {
            this.lock = lock;
        }

        @Override
        public LeaderElectionRecord get(KubernetesClient c) {
            attempt = System.nanoTime(); // each acquisition or renewal reads the lease first
            return lock.get(c);
        }

        @Override
        public void create(KubernetesClient c, LeaderElectionRecord record) {
            lock.create(c, record);
            renewed(record);
        }

        @Override
        public void update(KubernetesClient c, LeaderElectionRecord record) {
            lock.update(c, record);
            renewed(record);
        }

        private void renewed(LeaderElectionRecord record) {
            if (lock.identity().equals(record.getHolderIdentity())) {
                renewedAt.set(attempt);
                if (!leading.get() && withinDeadline()) {
                    lead(); // renewed after the watchdog stopped the term: the lease was never lost, lead again
                }
            }
        }

        @Override
        public String identity() {
            return lock.identity();
        }

        @Override
        public String describe() {
            return lock.describe();
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (election != null) {
            election.cancel(true);
        }
        watchdog.shutdownNow();
        terms.shutdown();
    }
}
