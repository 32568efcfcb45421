package dev.kubelb.core;

import dev.kubelb.api.ProviderException;
import dev.kubelb.core.internal.WorkQueue;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control loop: a de-duplicating work queue with per-key backoff, a bounded pool of workers that take
 * from it, and the leader gate (keys taken while not leading are dropped: the next term enqueues all).
 */
final class ControlLoop {
    private static final Logger LOG = LoggerFactory.getLogger(ControlLoop.class);

    private final EngineState state;
    private final int workers;
    private final ScheduledExecutorService timer;
    private final ExecutorService pool;
    private final WorkQueue<RequestKey> queue;
    private final AtomicInteger busy = new AtomicInteger();
    private final AtomicLong lastActivity = new AtomicLong(System.nanoTime());

    ControlLoop(EngineState state, int workers, Duration retryBase, Duration retryMax) {
        this.state = state;
        this.workers = workers;
        this.timer = Executors.newSingleThreadScheduledExecutor(daemon("kubelb-timer"));
        this.pool = Executors.newFixedThreadPool(workers, daemon("kubelb-worker"));
        this.queue = new WorkQueue<>(timer, retryBase, retryMax);
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    void add(RequestKey key) {
        queue.add(key);
    }

    void addAfter(RequestKey key, Duration delay) {
        queue.addAfter(key, delay);
    }

    /** The single timer thread the engine's parts schedule their delayed work on. */
    ScheduledExecutorService timer() {
        return timer;
    }

    /** Starts the workers, each reconciling one key at a time with {@code reconcile}. */
    void start(Function<RequestKey, Outcome> reconcile) {
        for (int i = 0; i < workers; i++) {
            pool.execute(() -> work(reconcile));
        }
    }

    private void work(Function<RequestKey, Outcome> reconcile) {
        while (!state.closed.get()) {
            Optional<RequestKey> next;
            try {
                next = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (next.isEmpty()) {
                return;
            }
            RequestKey key = next.get();
            busy.incrementAndGet();
            long t0 = System.nanoTime();
            try {
                if (state.leading.get()) {
                    Outcome outcome = reconcile.apply(key);
                    queue.forget(key);
                    state.listener.reconciled(key.id(), outcome.label(), System.nanoTime() - t0);
                }
            } catch (NotLeadingException e) {
                // leadership lost mid-reconcile: the next leader reconciles everything when its term starts
                LOG.debug("Reconciling {} stopped: {}", key, e.getMessage());
                state.listener.reconciled(key.id(), Outcome.DEFERRED.label(), System.nanoTime() - t0);
            } catch (RuntimeException e) {
                Duration d = queue.addRateLimited(key);
                if (e instanceof ProviderException p && p.httpCode().orElse(0) == 409) {
                    // a write based on a copy the cluster has moved past: ordinary for a controller, retried
                    LOG.debug("Reconciling {} met a conflict, retrying in {} ms: {}", key, d.toMillis(), e.getMessage());
                } else {
                    LOG.warn("Reconciling {} failed, retrying in {} ms: {}", key, d.toMillis(), e.toString());
                }
                state.listener.reconciled(key.id(), Outcome.ERROR.label(), System.nanoTime() - t0);
            } finally {
                queue.done(key);
                busy.decrementAndGet();
                lastActivity.set(System.nanoTime());
            }
        }
    }

    /** @return whether the queue emptied and stayed quiet for 200 ms within {@code timeout} */
    boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (queue.size() == 0 && busy.get() == 0
                    && System.nanoTime() - lastActivity.get() > Duration.ofMillis(200).toNanos()) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    /** Stops taking work and lets reconciles in flight finish their writes (bounded by {@code drain}). */
    void drain(Duration drain) {
        queue.shutdown();
        pool.shutdown();
        try {
            if (!pool.awaitTermination(drain.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("Reconciles still running {} ms after close: interrupting them", drain.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void shutdownNow() {
        pool.shutdownNow();
        timer.shutdownNow();
    }
}
