package dev.kubelb.core.internal;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A de-duplicating work queue with client-go semantics: a key is processed by one worker at a time; a
 * key added while it is being processed is processed again afterwards; failures are retried with
 * per-key exponential backoff. Never busy-loops: workers block while the queue is empty.
 *
 * @param <K> the key type
 */
public final class WorkQueue<K> {
    private final Set<K> queue = new LinkedHashSet<>();
    private final Set<K> processing = new HashSet<>();
    private final Set<K> dirty = new HashSet<>();
    private final Map<K, Integer> failures = new HashMap<>();
    private final ScheduledExecutorService timer;
    private final Duration base;
    private final Duration max;
    private boolean shutdown;

    /**
     * @param timer scheduler for delayed adds
     * @param base first retry delay
     * @param max longest retry delay
     */
    public WorkQueue(ScheduledExecutorService timer, Duration base, Duration max) {
        this.timer = timer;
        this.base = base;
        this.max = max;
    }

    /** @param key a key to process */
    public synchronized void add(K key) {
        if (shutdown) {
            return;
        }
        if (processing.contains(key)) {
            dirty.add(key);
            return;
        }
        if (queue.add(key)) {
            notifyAll();
        }
    }

    /**
     * Adds the key after its backoff delay (doubling per consecutive failure).
     *
     * @param key the key that failed
     * @return the delay chosen
     */
    public Duration addRateLimited(K key) {
        int n;
        synchronized (this) {
            n = failures.merge(key, 1, Integer::sum);
        }
        long ms = Math.min(max.toMillis(), base.toMillis() * (1L << Math.min(n - 1, 30)));
        Duration d = Duration.ofMillis(ms);
        addAfter(key, d);
        return d;
    }

    /** @param key a key @param delay when to add it */
    public void addAfter(K key, Duration delay) {
        if (!timer.isShutdown()) {
            timer.schedule(() -> add(key), delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** @param key a key that succeeded: its backoff is reset */
    public synchronized void forget(K key) {
        failures.remove(key);
    }

    /**
     * @return the next key, blocking while none is ready; empty once shut down
     * @throws InterruptedException when interrupted
     */
    public synchronized Optional<K> take() throws InterruptedException {
        while (queue.isEmpty() && !shutdown) {
            wait();
        }
        if (shutdown) {
            return Optional.empty();
        }
        K key = queue.iterator().next();
        queue.remove(key);
        processing.add(key);
        return Optional.of(key);
    }

    /** @param key a key whose processing finished */
    public synchronized void done(K key) {
        processing.remove(key);
        if (dirty.remove(key) && !shutdown) {
            queue.add(key);
            notifyAll();
        }
    }

    /** @return keys waiting or being processed */
    public synchronized int size() {
        return queue.size() + processing.size();
    }

    /** Wakes every worker and refuses further keys. */
    public synchronized void shutdown() {
        shutdown = true;
        notifyAll();
    }
}
