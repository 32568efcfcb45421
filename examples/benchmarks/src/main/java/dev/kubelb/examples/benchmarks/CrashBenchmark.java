package dev.kubelb.examples.benchmarks;

import dev.kubelb.core.testkit.EnvtestAssets;
import dev.kubelb.core.testkit.RealApiServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Crash at any point, many seeds ({@link CrashRun}): the host controller as a separate JVM, killed with
 * SIGKILL at seeded random moments during a batch of requests on a real kube-apiserver, restarted each time,
 * checked after every seed. A benchmark main, never run by {@code mvn verify} (a few seeds run there in
 * {@code HostControllerCrashRealApiIT}). From the repository root (so {@code ci/envtest/build.sh} is found):
 *
 * <pre>{@code
 * mvn -B -q -pl examples/benchmarks -am package -DskipTests
 * java -cp examples/benchmarks/target/benchmarks.jar dev.kubelb.examples.benchmarks.CrashBenchmark \
 *     [seeds=100] [requests=1000] [kills=3] [firstSeed=1] [windowSeconds=40] [workers=6]
 * }</pre>
 *
 * The host controller runs from the same class path ({@code benchmarks.jar} holds it). Exits non-zero when a
 * seed shows a violation.
 */
public final class CrashBenchmark {
    private static final Logger LOG = LoggerFactory.getLogger(CrashBenchmark.class);

    private CrashBenchmark() {
    }

    /**
     * @param args optional seeds, requests per seed, kills per seed, first seed, kill window in seconds, the host
     *     controller's workers
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        int seeds = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int requests = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int kills = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        long first = args.length > 3 ? Long.parseLong(args[3]) : 1;
        int window = args.length > 4 ? Integer.parseInt(args[4]) : 40;
        int workers = args.length > 5 ? Integer.parseInt(args[5]) : 6;
        long t0 = System.nanoTime();
        List<CrashRun.Result> results = new ArrayList<>();
        try (RealApiServer real = RealApiServer.start(EnvtestAssets.locate().orElseThrow(() ->
                new IllegalStateException("no real control plane: " + EnvtestAssets.whyUnavailable())), "CrashBenchmark");
                CrashRun run = new CrashRun(real, System.getProperty("java.class.path"),
                        Path.of("target", "crash").toAbsolutePath(), workers)) {
            for (long seed = first; seed < first + seeds; seed++) {
                CrashRun.Result r = run.run(seed, requests, kills, Duration.ofSeconds(window), Duration.ofMinutes(5));
                results.add(r);
                r.violations().forEach(v -> LOG.error("seed {}: {}", r.seed(), v));
                // a running total after each seed: a run stopped early still reports what it completed
                LOG.info("after {} seeds ({}–{}): {} SIGKILLs, {} violations, {} s", results.size(), first, seed,
                        results.stream().mapToInt(CrashRun.Result::kills).sum(),
                        results.stream().mapToLong(x -> x.violations().size()).sum(),
                        (System.nanoTime() - t0) / 1_000_000_000L);
            }
        }
        long violations = results.stream().mapToLong(r -> r.violations().size()).sum();
        long seedsBad = results.stream().filter(r -> !r.violations().isEmpty()).count();
        LOG.info("crash benchmark: {} seeds x {} requests ({} deleted in all), {} SIGKILLs, {} violations in {} seeds, "
                + "{} s in all, median seed {} s", results.size(), requests,
                results.stream().mapToInt(CrashRun.Result::deleted).sum(),
                results.stream().mapToInt(CrashRun.Result::kills).sum(), violations, seedsBad,
                (System.nanoTime() - t0) / 1_000_000_000L,
                results.stream().mapToLong(CrashRun.Result::millis).sorted().skip(results.size() / 2).findFirst()
                        .orElse(0) / 1000);
        if (violations > 0) {
            System.exit(1);
        }
    }
}
