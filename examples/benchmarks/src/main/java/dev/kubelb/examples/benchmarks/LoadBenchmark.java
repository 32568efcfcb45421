package dev.kubelb.examples.benchmarks;

import dev.kubelb.core.testkit.EnvtestAssets;
import dev.kubelb.core.testkit.RealApiServer;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Load ({@link LoadRun}): requests created, updated and deleted in bursts by several threads on a real
 * kube-apiserver while two engine instances with leader election run, the leader closed midway. A benchmark
 * main, never run by {@code mvn verify} ({@code EngineLoadRealApiIT} runs a small version there). From the
 * repository root:
 *
 * <pre>{@code
 * mvn -B -q -pl examples/benchmarks -am package -DskipTests
 * java -Xmx1g -cp examples/benchmarks/target/benchmarks.jar dev.kubelb.examples.benchmarks.LoadBenchmark \
 *     [requests=10000] [threads=4] [burst=100] [seed=1]
 * }</pre>
 *
 * Exits non-zero when the end state is inconsistent.
 */
public final class LoadBenchmark {
    private static final Logger LOG = LoggerFactory.getLogger(LoadBenchmark.class);

    private LoadBenchmark() {
    }

    /**
     * @param args optional requests, threads, burst size, seed
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int burst = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        long seed = args.length > 3 ? Long.parseLong(args[3]) : 1;
        LoadRun.Result r;
        try (RealApiServer real = RealApiServer.start(EnvtestAssets.locate().orElseThrow(() ->
                new IllegalStateException("no real control plane: " + EnvtestAssets.whyUnavailable())), "LoadBenchmark")) {
            r = LoadRun.run(real, requests, threads, burst, seed, Duration.ofMinutes(20));
        }
        LOG.info("load: {} requests created, {} updates, {} deleted, {} live at the end, by {} threads in bursts of {}; "
                + "{} leader change(s); converged in {} s = {} requests/s ({} writes/s); peak heap {} MB; {} violations",
                r.created(), r.updated(), r.deleted(), r.live(), threads, burst, r.leaderChanges(),
                String.format("%.1f", r.seconds()), String.format("%.1f", r.requestsPerSecond()),
                String.format("%.1f", (r.created() + r.updated() + r.deleted()) / r.seconds()), r.peakHeapMb(),
                r.violations().size());
        r.violations().forEach(v -> LOG.error("violation: {}", v));
        if (!r.violations().isEmpty()) {
            System.exit(1);
        }
    }
}
