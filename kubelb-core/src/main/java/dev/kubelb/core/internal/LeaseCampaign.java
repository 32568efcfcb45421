package dev.kubelb.core.internal;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs for a {@code coordination.k8s.io} Lease for as long as it is open, campaigning again whenever an
 * election ends: fabric8's {@code LeaderElector} is single-use (its future completes once leadership is
 * lost), so a replica that lost the lease once would otherwise never lead again. A new campaign starts one
 * retry period later, so a failing one cannot spin. Closing releases the lease.
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
    private CompletableFuture<?> election;
    private boolean closed;

    private LeaseCampaign(KubernetesClient client, Lease lease, Runnable started, Runnable stopped) {
        this.client = client;
        this.lease = lease;
        this.started = started;
        this.stopped = stopped;
    }

    /**
     * @param client the cluster holding the Lease
     * @param lease the Lease
     * @param started run when this replica starts leading
     * @param stopped run when it stops leading
     * @return the running campaign
     */
    public static LeaseCampaign start(KubernetesClient client, Lease lease, Runnable started, Runnable stopped) {
        LeaseCampaign c = new LeaseCampaign(client, lease, started, stopped);
        c.run();
        return c;
    }

    private synchronized void run() {
        if (closed) {
            return;
        }
        CompletableFuture<?> f = client.leaderElector().withConfig(new LeaderElectionConfigBuilder()
                .withName(lease.name())
                .withLock(new LeaseLock(lease.namespace(), lease.name(), lease.identity()))
                .withLeaseDuration(lease.duration()).withRenewDeadline(lease.renewDeadline())
                .withRetryPeriod(lease.retryPeriod()).withReleaseOnCancel(true)
                .withLeaderCallbacks(new LeaderCallbacks(started::run, stopped::run,
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

    @Override
    public synchronized void close() {
        closed = true;
        if (election != null) {
            election.cancel(true);
        }
    }
}
