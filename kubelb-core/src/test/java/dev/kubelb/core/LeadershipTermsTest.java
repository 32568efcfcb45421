package dev.kubelb.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LeadershipTermsTest {
    private final AtomicBoolean leading = new AtomicBoolean();
    private final LeadershipTerms terms = new LeadershipTerms(leading);

    @Test
    void aTermWhoseRebuildSucceededLeadsUntilTheLeaseIsLost() {
        long term = terms.begin();
        assertThat(terms.rebuild(term, () -> { })).isTrue();
        assertThat(leading).isFalse(); // not before the rebuild's outcome is committed
        assertThat(terms.lead(term, () -> true)).isTrue();
        assertThat(leading).isTrue();

        assertThat(terms.end()).isTrue();
        assertThat(leading).isFalse();
        assertThat(terms.end()).as("was not leading any more").isFalse();
    }

    @Test
    void aRebuildThatOutlivedItsTermNeverMakesTheReplicaLead() throws Exception {
        CountDownLatch rebuilding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            long first = terms.begin();
            Future<Boolean> stale = pool.submit(() -> {
                terms.rebuild(first, () -> {
                    rebuilding.countDown();
                    await(release);
                });
                return terms.lead(first, () -> true);
            });
            assertThat(rebuilding.await(10, TimeUnit.SECONDS)).isTrue();
            // the lease is lost and won again while the first term's rebuild still reads the cluster
            terms.end();
            long second = terms.begin();
            release.countDown();

            assertThat(stale.get(10, TimeUnit.SECONDS)).as("the first term's late commit").isFalse();
            assertThat(leading).isFalse();
            assertThat(terms.isCurrent(first)).isFalse();
            assertThat(terms.rebuild(second, () -> { })).isTrue();
            assertThat(terms.lead(second, () -> true)).isTrue();
            assertThat(leading).isTrue();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void rebuildsNeverOverlapAndAnEndedTermDoesNotRebuild() throws Exception {
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        long term = terms.begin();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch go = new CountDownLatch(1);
            for (int i = 0; i < 4; i++) {
                pool.submit(() -> {
                    await(go);
                    for (int j = 0; j < 200; j++) {
                        terms.rebuild(term, () -> {
                            most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                            inside.decrementAndGet();
                        });
                    }
                });
            }
            go.countDown();
            pool.shutdown();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            pool.shutdownNow();
        }
        assertThat(most).hasValue(1);

        terms.end();
        AtomicBoolean ran = new AtomicBoolean();
        assertThat(terms.rebuild(term, () -> ran.set(true))).isFalse();
        assertThat(ran).isFalse();
        assertThat(terms.lead(term, () -> true)).isFalse();
    }

    @Test
    void aClosedEngineDoesNotLeadEvenInItsCurrentTerm() {
        long term = terms.begin();
        assertThat(terms.lead(term, () -> false)).isFalse();
        assertThat(leading).isFalse();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
