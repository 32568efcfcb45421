package dev.kubelb.examples.cli;

import dev.kubelb.core.Plan;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code kubelb plan}: offline, pure: what every request gets and the exact objects that would exist. */
@Command(name = "plan", description = "Plan offline: allocations, failures, warnings and the objects to apply. "
        + "Needs no cluster.")
final class PlanCommand extends InputCommand {
    @Override
    public Integer call() {
        try (Scenario s = scenario()) {
            long start = System.nanoTime();
            Plan plan = plan(s);
            if (s.requests.size() >= 1000) {
                progress("planned " + s.requests.size() + " requests in " + (System.nanoTime() - start) / 1_000_000
                        + " ms");
            }
            long rendered = System.nanoTime();
            Map<String, Object> root = Output.plan(s, plan);
            if (!Output.machine(out(), format, root)) {
                Output.planTable(out(), root, plan, format == Output.Format.wide, colour());
            }
            if (s.requests.size() >= 1000) {
                progress("printed the result in " + (System.nanoTime() - rendered) / 1_000_000 + " ms");
            }
            return 0;
        }
    }
}
