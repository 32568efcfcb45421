package dev.kubelb.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17 item 2 for the CLI: a BGPPeer's password never leaves the process — plan tables (also wide), every
 * {@code -o} format, diff, apply, logs at every level (TRACE included, which dumps HTTP traffic), exceptions and
 * {@code --debug} stack traces. Both streams of the real process are captured (the shaded jar, as users run it).
 */
class SecretsJarIT {
    static final String PASSWORD = "S3cret-BGP-pw-42";

    @TempDir
    Path dir;

    private Jar withSecrets() throws Exception {
        Jar j = new Jar(dir);
        String seed = DemoCommand.manifests();
        assertThat(seed).contains("  peerAddress: 10.10.0.1\n");
        Files.writeString(dir.resolve("pw.yaml"), seed.replace("  peerAddress: 10.10.0.1\n",
                "  peerAddress: 10.10.0.1\n  password: \"" + PASSWORD + "\"\n"));
        // the same secret in an input the reader refuses: the error must not quote it
        Files.writeString(dir.resolve("broken.yaml"), seed.replace("  peerAddress: 10.10.0.1\n",
                "  peerAddress: 10.10.0.1\n  password: " + PASSWORD + ": {\n"));
        Files.writeString(dir.resolve("typed.yaml"), seed.replace("  peerAddress: 10.10.0.1\n",
                "  peerAddress: 10.10.0.1\n  password: {value: " + PASSWORD + "}\n"));
        return j;
    }

    private static void assertMasked(String channel, Jar.Proc p) {
        assertThat(p.out()).as(channel + " stdout").doesNotContain(PASSWORD);
        assertThat(p.err()).as(channel + " stderr").doesNotContain(PASSWORD);
    }

    @Test
    void thePasswordIsMaskedOnEveryChannel() throws Exception {
        Jar j = withSecrets();
        List<String> channels = new ArrayList<>();
        for (String o : List.of("table", "wide", "json", "yaml", "name", "manifests")) {
            Jar.Proc p = j.run("plan", "-f", "pw.yaml", "-o", o, "--verbose").assertExit(0);
            assertMasked("plan -o " + o, p);
            channels.add("plan -o " + o);
        }
        assertThat(j.run("plan", "-f", "pw.yaml", "-o", "manifests").out())
                .contains("  password: \"" + Secrets.MASK + "\"\n");
        assertThat(j.run("plan", "-f", "pw.yaml", "-o", "json").out()).contains("\"password\":\"" + Secrets.MASK + "\"");
        for (String o : List.of("table", "json", "yaml")) {
            Jar.Proc diff = j.run("diff", "-f", "pw.yaml", "-o", o, "--verbose");
            assertThat(diff.exit()).isEqualTo(ExitCodes.DIFFERENCES);
            assertMasked("diff -o " + o, diff);
        }
        assertThat(j.run("diff", "-f", "pw.yaml").out()).contains("+  password: \"" + Secrets.MASK + "\"\n");
        // logs at every level: TRACE dumps the HTTP requests carrying the object
        List<String> trace = new ArrayList<>(List.of(Jar.java(), "-Dorg.slf4j.simpleLogger.defaultLogLevel=trace",
                "-jar", Jar.JAR.toString(), "apply", "-f", "pw.yaml", "--debug"));
        Jar.Proc traced = j.exec(trace, null).assertExit(0);
        assertThat(traced.err()).contains("[TRACE]").contains("[DEBUG]");
        assertMasked("apply with TRACE logs", traced);
        assertMasked("apply --verbose", j.run("apply", "-f", "pw.yaml", "--verbose", "-o", "yaml").assertExit(0));
        // exceptions and --debug stack traces: a refused input, an unreachable cluster
        for (String bad : List.of("broken.yaml", "typed.yaml")) {
            Jar.Proc p = j.run("plan", "-f", bad, "--debug");
            assertThat(p.exit()).isEqualTo(ExitCodes.INVALID_INPUT);
            assertMasked("plan --debug of " + bad, p);
        }
        Path dead = dir.resolve("dead");
        Files.writeString(dead, "apiVersion: v1\nkind: Config\nclusters: [{name: d, cluster: {server: "
                + "\"https://127.0.0.1:1\"}}]\nusers: [{name: u, user: {token: t}}]\ncontexts: [{name: d, context: "
                + "{cluster: d, user: u}}]\ncurrent-context: d\n");
        Jar.Proc p = j.run("apply", "-f", "pw.yaml", "--debug", "--kubeconfig", dead.toString());
        assertThat(p.exit()).isEqualTo(ExitCodes.CLUSTER);
        assertMasked("apply --debug to a dead cluster", p);
    }
}
