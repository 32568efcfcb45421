package dev.kubelb.examples.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * What every command shares: {@code --debug}, {@code --verbose}, {@code -q}, {@code --color}, and stdout/stderr —
 * both masking secrets ({@link Secrets}).
 */
abstract class BaseCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    KubeLbCli root;

    @Option(names = "--debug", description = "Print stack traces of unexpected errors (secrets masked).")
    boolean debug;

    @Option(names = {"-v", "--verbose"}, description = "Log at INFO (to stderr) instead of WARN.")
    boolean verbose;

    @Option(names = {"-q", "--quiet"}, description = "Only the result and errors: no progress, no notes, no warnings "
            + "logged.")
    boolean quiet;

    @Option(names = "--color", paramLabel = "WHEN", description = "Colour the tables: auto (only on a terminal, "
            + "and not with NO_COLOR), always or never (default: ${DEFAULT-VALUE}).")
    Terminal.ColorMode color = Terminal.ColorMode.auto;

    private PrintWriter out;
    private PrintWriter err;

    PrintWriter out() {
        if (out == null) {
            out = MaskingWriter.wrap(spec.commandLine().getOut());
        }
        return out;
    }

    PrintWriter err() {
        if (err == null) {
            err = MaskingWriter.wrap(spec.commandLine().getErr());
        }
        return err;
    }

    /** @return whether tables are coloured */
    boolean colour() {
        return Terminal.colour(color, root().env);
    }

    /** @param message a note on what is happening, to stderr (not with {@code -q}) */
    void progress(String message) {
        if (!quiet) {
            err().println("# " + message);
            err().flush();
        }
    }

    /**
     * @param what what is counted, e.g. {@code applying objects}
     * @param total how many
     * @return a progress line, drawn only on a terminal and without {@code -q}
     */
    Progress progressLine(String what, long total) {
        return new Progress(err(), !quiet && Terminal.interactive() || "always".equals(root().env.get(
                "KUBELB_PROGRESS")) && !quiet, what, total);
    }

    KubeLbCli root() {
        return root == null ? new KubeLbCli() : root;
    }
}
