package dev.kubelb.examples.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Runs the CLI in-process through picocli, capturing stdout and stderr. */
final class Cli {
    static final JsonMapper JSON = JsonMapper.builder().build();

    /** What a run printed and returned. */
    record Run(int exit, String out, String err) {
        JsonNode json() {
            return JSON.readTree(out);
        }
    }

    private Cli() {
    }

    /** Writes an input file into a test's folder. @return its path */
    static String write(java.nio.file.Path dir, String name, String text) throws java.io.IOException {
        java.nio.file.Path p = dir.resolve(name);
        java.nio.file.Files.writeString(p, text);
        return p.toString();
    }

    static Run run(String... args) {
        return runWith("", Map.of(), args);
    }

    static Run runWith(String stdin, Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Map<String, String> e = new java.util.HashMap<>(env);
        // never a developer's own kubelb up: the embedded default's state is looked for where none is
        e.putIfAbsent("KUBELB_HOME", Path.of(System.getProperty("java.io.tmpdir"), "kubelb-test-no-home").toString());
        KubeLbCli cli = new KubeLbCli(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), e);
        int code = KubeLbCli.commandLine(cli).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /** @return the path of a test input under src/test/resources/inputs */
    static String input(String name) {
        try {
            return Path.of(Cli.class.getResource("/inputs/" + name).toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return the demo's seed manifests, written to a temporary file */
    static String seed(Path dir) throws java.io.IOException {
        Path p = dir.resolve("seed.yaml");
        java.nio.file.Files.writeString(p, DemoCommand.manifests());
        return p.toString();
    }
}
