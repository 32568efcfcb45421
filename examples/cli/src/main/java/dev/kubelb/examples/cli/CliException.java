package dev.kubelb.examples.cli;

import java.util.List;

/**
 * A failure the CLI reports without a stack trace: an exit code and one line per problem.
 */
final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Exit code for invalid input. */
    static final int INVALID_INPUT = ExitCodes.INVALID_INPUT;

    private final int exitCode;
    private final transient List<String> lines;

    CliException(int exitCode, List<String> lines) {
        super(String.join("\n", lines));
        this.exitCode = exitCode;
        this.lines = List.copyOf(lines);
    }

    static CliException invalid(List<String> lines) {
        return new CliException(INVALID_INPUT, lines);
    }

    static CliException invalid(String line) {
        return new CliException(INVALID_INPUT, List.of(line));
    }

    /** @param line the problem @return a failure with exit code {@link ExitCodes#CLUSTER} */
    static CliException cluster(String line) {
        return new CliException(ExitCodes.CLUSTER, List.of(line));
    }

    /** @param code the exit code @return a failure that prints nothing more: the command already reported */
    static CliException exit(int code) {
        return new CliException(code, List.of());
    }

    int exitCode() {
        return exitCode;
    }

    List<String> lines() {
        return lines;
    }
}
