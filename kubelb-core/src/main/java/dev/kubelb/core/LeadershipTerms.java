package dev.kubelb.core;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * Numbers the terms of leadership so that the rebuild of a term that has already ended can never make this
 * replica lead. A term begins when the lease is won and ends when it is lost; its rebuild runs in between,
 * outside any lock (it lists from the API server), and only then is leading switched on — if, and only if,
 * the same term is still current. Without the number, a lease lost and won again during a rebuild would let
 * the first (stale) rebuild switch leading on for the second term, with allocations read before another
 * replica's writes; two rebuilds could also run at once over the same state.
 *
 * <p>Thread-safe: {@link #begin()}, {@link #end()} and {@link #lead} may be called from any thread; rebuilds
 * are run one at a time through {@link #rebuild}.
 */
final class LeadershipTerms {
    private final AtomicBoolean leading;
    private final Object rebuilds = new Object();
    private long current;
    private boolean elected;

    /** @param leading the flag the engine's writes are gated on (set only here and by {@link #end()}) */
    LeadershipTerms(AtomicBoolean leading) {
        this.leading = leading;
    }

    /** @return the number of the term that begins now (the lease was won) */
    synchronized long begin() {
        elected = true;
        return ++current;
    }

    /**
     * The lease was lost: the current term ends and writes stop at once.
     *
     * @return whether this replica was leading until now
     */
    synchronized boolean end() {
        elected = false;
        current++;
        return leading.getAndSet(false);
    }

    /**
     * @param term a term's number
     * @return whether that term is the current one and the lease is held
     */
    synchronized boolean isCurrent(long term) {
        return elected && current == term;
    }

    /**
     * Runs a term's rebuild, never two at once; skipped when the term is no longer current.
     *
     * @param term the term's number
     * @param work the rebuild
     * @return whether it ran
     */
    boolean rebuild(long term, Runnable work) {
        synchronized (rebuilds) {
            if (!isCurrent(term)) {
                return false;
            }
            work.run();
            return true;
        }
    }

    /**
     * Switches leading on for a term whose rebuild succeeded, atomically with the check that it is still
     * current (an {@link #end()} either comes before, and the term is refused, or after, and switches it off).
     *
     * @param term the term's number
     * @param ready checked under the same lock, e.g. that the engine is not closed
     * @return whether this replica now leads
     */
    synchronized boolean lead(long term, BooleanSupplier ready) {
        if (!isCurrent(term) || !ready.getAsBoolean()) {
            return false;
        }
        leading.set(true);
        return true;
    }
}
