package dev.kubelb.examples.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** What every command shares: {@code --debug}, {@code --verbose}, stdout/stderr. */
abstract class BaseCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    KubeLbCli root;

    @Option(names = "--debug", description = "Print stack traces of unexpected errors.")
    boolean debug;

    @Option(names = {"-v", "--verbose"}, description = "Log at INFO (to stderr) instead of WARN.")
    boolean verbose;

    @Option(names = {"-q", "--quiet"}, description = "No progress messages on stderr.")
    boolean quiet;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** @param message a progress message, to stderr */
    void progress(String message) {
        if (!quiet) {
            err().println("# " + message);
            err().flush();
        }
    }

    KubeLbCli root() {
        return root == null ? new KubeLbCli() : root;
    }
}
