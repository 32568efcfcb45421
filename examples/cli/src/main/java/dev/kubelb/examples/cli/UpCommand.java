package dev.kubelb.examples.cli;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code kubelb up}: starts the embedded default in the background (a JVM of its own running
 * {@link EmbeddedServer}), waits until it answers, and prints how to use it. Commands without {@code --kubeconfig}
 * or {@code KUBECONFIG} then use it, and {@code kubectl} works against its kubeconfig. Idempotent: when it is
 * already up, says so.
 */
@Command(name = "up", description = "Start the embedded default in the background (mock API server + SIMULATED "
        + "appliance on loopback): it keeps what apply writes until kubelb down. Prints its kubeconfig.")
final class UpCommand extends BaseCommand {
    @Option(names = "--print-kubeconfig", description = "Print only the kubeconfig's path (for "
            + "export KUBECONFIG=$(kubelb up --print-kubeconfig)).")
    boolean printKubeconfig;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "How long to wait for it to answer "
            + "(default: ${DEFAULT-VALUE}).")
    int timeoutSeconds = 60;

    @Override
    public Integer call() throws Exception {
        EmbeddedState state = EmbeddedState.of(root().env);
        Optional<EmbeddedState.Server> running = state.running();
        boolean started = running.isEmpty();
        if (started) {
            running = Optional.of(start(state));
        }
        EmbeddedState.Server s = running.get();
        if (printKubeconfig) {
            out().println(state.kubeconfig());
        } else {
            out().println((started ? "Started" : "Already up:") + " the EMBEDDED DEFAULT at " + s.url() + " (pid "
                    + s.pid() + "): a mock API server + a SIMULATED appliance (writes Service status, announces "
                    + "nothing).");
            out().println("kubelb apply, diff, status, pools and advertisements use it when no --kubeconfig or "
                    + "KUBECONFIG is given. For kubectl:");
            out().println("  export KUBECONFIG=" + state.kubeconfig());
            out().println("  kubectl get services -A");
            out().println("Logs: " + state.log() + "    Stop it: kubelb down");
        }
        out().flush();
        return ExitCodes.OK;
    }

    private EmbeddedState.Server start(EmbeddedState state) throws Exception {
        Files.createDirectories(state.dir);
        List<String> cmd = new ArrayList<>();
        Path setsid = Path.of("/usr/bin/setsid");
        if (Files.isExecutable(setsid)) {
            cmd.add(setsid.toString()); // its own session: a Ctrl-C in the shell does not reach it
        }
        cmd.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin",
                "java").toString()));
        cmd.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m", "-cp",
                System.getProperty("java.class.path"), EmbeddedServer.class.getName(), state.dir.toString()));
        Process p = new ProcessBuilder(cmd).redirectInput(new File("/dev/null"))
                .redirectOutput(state.log().toFile()).redirectErrorStream(true).start();
        long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            Optional<EmbeddedState.Server> s = state.running();
            if (s.isPresent()) {
                return s.get();
            }
            if (!p.isAlive() && p.exitValue() != 0) {
                break;
            }
            Thread.sleep(100);
        }
        p.destroy();
        String log = Files.isRegularFile(state.log()) ? Files.readString(state.log()).strip() : "";
        throw new CliException(ExitCodes.UNEXPECTED, List.of("kubelb: up: the embedded default did not start within "
                + timeoutSeconds + " s" + (log.isEmpty() ? "" : ": " + Documents.firstLine(log)) + " (see "
                + state.log() + ")"));
    }
}
