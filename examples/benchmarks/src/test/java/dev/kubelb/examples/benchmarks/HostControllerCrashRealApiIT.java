package dev.kubelb.examples.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelb.core.testkit.RealApi;
import dev.kubelb.core.testkit.RealApiServer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link CrashRun} for a few seeds in {@code mvn verify}: the host controller as a separate JVM (this test's
 * class path, which holds it), SIGKILLed three times at seeded random moments during a batch of 1,000
 * requests on a real kube-apiserver, restarted each time; afterwards each request holds exactly one address,
 * none is held twice, the released ones are free again. {@code CrashBenchmark} runs 100+ seeds.
 */
@RealApi
class HostControllerCrashRealApiIT {
    static RealApiServer real;

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {11, 12, 13})
    void killedAtRandomMomentsTheHostControllerConvergesWithEveryAddressHeldOnce(long seed) throws Exception {
        try (CrashRun run = new CrashRun(real, System.getProperty("java.class.path"),
                Path.of("target", "crash-it").toAbsolutePath(), 6)) {
            CrashRun.Result r = run.run(seed, 1000, 3, Duration.ofSeconds(40), Duration.ofMinutes(5));
            assertThat(r.kills()).isEqualTo(3);
            assertThat(r.violations()).as("seed %d", seed).isEmpty();
        }
    }
}
