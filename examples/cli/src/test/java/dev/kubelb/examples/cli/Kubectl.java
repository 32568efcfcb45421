package dev.kubelb.examples.cli;

import dev.kubelb.core.testkit.EnvtestAssets;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/** The real kubectl built by ci/envtest/build.sh: skipped loudly where it cannot be had, a failure with CI=true. */
final class Kubectl {
    private Kubectl() {
    }

    /** @return the folder holding kubectl */
    static Path folder() {
        Optional<Path> k = EnvtestAssets.locate().flatMap(EnvtestAssets::kubectl);
        if (k.isEmpty()) {
            String why = "kubectl unavailable: " + EnvtestAssets.whyUnavailable();
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(why + " (CI=true: a skip would prove nothing)");
            }
            System.err.println("WARNING: SKIPPED: " + why);
            Assumptions.abort(why);
        }
        return k.get().getParent();
    }
}
