package dev.kubelb.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelb.core.KubeLb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jdk.jshell.JShell;
import jdk.jshell.SnippetEvent;
import org.junit.jupiter.api.Test;

/**
 * The README's embedding snippet names this replica for leader election: the identity expression it passes is
 * taken from the README, evaluated by JShell, and given to the builder — with {@code POD_NAME} unset it must not
 * be null (it was {@code System.getenv("POD_NAME")}: a NullPointerException outside a pod).
 */
class ReadmeEmbeddingSnippetTest {
    @Test
    void leaderElectionIdentityIsNeverNull() throws Exception {
        String readme = Files.readString(Path.of("..", "..", "README.md"));
        int call = readme.indexOf(".leaderElection(\"kubelb-system\", \"kubelb\",");
        assertThat(call).as("the snippet's leaderElection call").isPositive();
        String args = arguments(readme, readme.indexOf('(', call));
        String identity = args.substring(args.indexOf("\"kubelb\",") + "\"kubelb\",".length())
                .replaceAll("//[^\n]*", "").strip();
        assertThat(identity).isNotEmpty();
        String value;
        try (JShell shell = JShell.builder().executionEngine("local").build()) {
            List<SnippetEvent> events = shell.eval(identity + ";");
            assertThat(events).hasSize(1);
            assertThat(events.get(0).exception()).isNull();
            value = events.get(0).value();
        }
        assertThat(value).isNotNull().isNotEqualTo("null");
        if (System.getenv("POD_NAME") == null) {
            assertThat(value).startsWith("\"kubelb-");
        }
        String unquoted = value.substring(1, value.length() - 1);
        assertThat(KubeLb.builder().leaderElection("kubelb-system", "kubelb", unquoted)).isNotNull();
    }

    /** @return the text between the parenthesis at {@code open} and its match */
    private static String arguments(String s, int open) {
        int depth = 0;
        for (int i = open; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return s.substring(open + 1, i);
            }
        }
        throw new AssertionError("unbalanced parentheses after " + open);
    }
}
