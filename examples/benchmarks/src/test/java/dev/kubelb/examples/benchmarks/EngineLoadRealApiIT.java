package dev.kubelb.examples.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelb.core.testkit.RealApi;
import dev.kubelb.core.testkit.RealApiServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@link LoadRun} at a size for {@code mvn verify}: 600 requests created, updated and deleted in bursts by
 * three threads on a real kube-apiserver while two engines with leader election run, the leader closed
 * midway; the end state consistent. {@code LoadBenchmark} runs 10,000.
 */
@RealApi
class EngineLoadRealApiIT {
    static RealApiServer real;

    @Test
    void burstsOfCreatesUpdatesAndDeletesAcrossALeaderChangeEndConsistent() throws Exception {
        LoadRun.Result r = LoadRun.run(real, 600, 3, 50, 7, Duration.ofMinutes(5));
        assertThat(r.created()).isEqualTo(600);
        assertThat(r.deleted()).isPositive();
        assertThat(r.updated()).isPositive();
        assertThat(r.leaderChanges()).isEqualTo(1);
        assertThat(r.violations()).isEmpty();
    }
}
