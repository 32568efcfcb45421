package dev.kubelb.examples.cli;

import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kubelb down}: stops the embedded default {@code kubelb up} started; what it held is gone. */
@Command(name = "down", description = "Stop the embedded default kubelb up started (what it held is gone).")
final class DownCommand extends BaseCommand {
    @Option(names = "--timeout", paramLabel = "SECONDS", description = "How long to wait for it to stop "
            + "(default: ${DEFAULT-VALUE}).")
    int timeoutSeconds = 20;

    @Override
    public Integer call() throws Exception {
        EmbeddedState state = EmbeddedState.of(root().env);
        Optional<EmbeddedState.Server> running = state.running();
        if (running.isEmpty()) {
            out().println("The embedded default is not running.");
            out().flush();
            return ExitCodes.OK;
        }
        long pid = running.get().pid();
        ProcessHandle p = ProcessHandle.of(pid).orElseThrow();
        p.destroy(); // SIGTERM: it removes its state as it stops
        long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
        while (p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        if (p.isAlive()) {
            p.destroyForcibly();
        }
        state.clear(pid);
        out().println("Stopped the embedded default (pid " + pid + ").");
        out().flush();
        return ExitCodes.OK;
    }
}
