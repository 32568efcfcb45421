package dev.kubelb.examples.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The CLI's exit codes, one meaning each, the same for every command; printed by every command's help.
 */
final class ExitCodes {
    /** Done: the input was valid and the command did what it was asked (failed requests are listed, not fatal). */
    static final int OK = 0;
    /** Something unexpected: a bug, or an error the CLI cannot explain better ({@code --debug} shows the trace). */
    static final int UNEXPECTED = 1;
    /** Invalid input or usage: one line per problem on stderr naming file, object and field; nothing on stdout. */
    static final int INVALID_INPUT = 2;
    /**
     * Differences found: {@code diff} would change something; {@code migrate}: the target refuses or changes
     * something ({@code MigrateCommand.LOSSY_EXIT}).
     */
    static final int DIFFERENCES = 3;
    /** The cluster could not be used: unreachable, TLS, 401, 403 (with the verb and resource refused). */
    static final int CLUSTER = 4;

    private ExitCodes() {
    }

    /** @return the codes with their meaning, in the form picocli's help prints */
    static Map<String, String> help() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("0", "Done (requests the pools cannot serve are listed, not fatal).");
        m.put("1", "Unexpected error (--debug prints the stack trace).");
        m.put("2", "Invalid input or usage: one line per problem on stderr, nothing on stdout.");
        m.put("3", "Differences: diff found changes; migrate: the target refuses or changes something.");
        m.put("4", "Cluster unreachable or refused the request (connection, TLS, 401, 403).");
        return m;
    }
}
