package dev.kubelb.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The READMEs' CLI examples, run through the shaded jar in the order they appear, in one working directory per
 * README ({@code kubelb} and, where used, the real {@code kubectl} on the PATH). In a {@code console} block a
 * {@code $ } line is a command run by {@code sh -c}; the lines under it are its output — stdout then stderr —
 * compared line by line, where a line {@code ...} matches any number of lines and {@code ...} inside a line any
 * text; {@code # exit N} at the end of the command is its exit code (0 otherwise). {@code export}/{@code unset}
 * change the environment of the commands that follow. In an {@code sh} block every {@code kubelb}/{@code ./kubelb}
 * line is run and must exit 0 (a build line, {@code mvn …}, is not).
 */
class ReadmeExamplesIT {
    private static final Pattern EXIT = Pattern.compile("#\\s*exit (\\d+)\\b");

    @TempDir
    Path dir;

    private Jar j;

    /** One example: the command, its expected output (null: not checked) and exit code. */
    record Example(String file, int line, String command, List<String> expected, int exit) {
    }

    @AfterEach
    void down() throws Exception {
        if (j != null) {
            j.run("down", "-q");
        }
    }

    @Test
    void cliReadme() throws Exception {
        runAll(Path.of("README.md"));
    }

    @Test
    void rootReadme() throws Exception {
        runAll(Path.of("..", "..", "README.md"));
    }

    private void runAll(Path readme) throws Exception {
        List<Example> examples = parse(readme);
        assertThat(examples).as("examples in " + readme).hasSizeGreaterThan(3);
        j = new Jar(dir);
        if (examples.stream().anyMatch(e -> e.command().contains("kubectl "))) {
            j.path(Kubectl.folder());
        }
        for (Example e : examples) {
            String where = readme + ":" + e.line() + ": " + e.command();
            Matcher export = Pattern.compile("^export (\\w+)=(.*)$").matcher(e.command());
            if (export.matches()) {
                Jar.Proc v = j.sh("printf %s " + export.group(2)).assertExit(0);
                j.env.put(export.group(1), v.out());
                continue;
            }
            if (e.command().startsWith("unset ")) {
                j.env.remove(e.command().substring(6).strip());
                continue;
            }
            Jar.Proc p = j.sh(e.command());
            assertThat(p.exit()).as(where + "\nstdout:\n" + p.out() + "\nstderr:\n" + p.err()).isEqualTo(e.exit());
            if (e.expected() != null) {
                List<String> actual = (p.out() + p.err()).lines().toList();
                assertThat(matches(e.expected(), 0, actual, 0)).as(where + "\nexpected:\n" + String.join("\n",
                        e.expected()) + "\nactual:\n" + String.join("\n", actual)).isTrue();
            }
        }
    }

    /** @return whether the expected lines (with {@code ...}) match the actual ones from the given positions */
    static boolean matches(List<String> expected, int i, List<String> actual, int k) {
        if (i == expected.size()) {
            return k == actual.size();
        }
        String e = expected.get(i);
        if (e.equals("...")) {
            for (int skip = k; skip <= actual.size(); skip++) {
                if (matches(expected, i + 1, actual, skip)) {
                    return true;
                }
            }
            return false;
        }
        return k < actual.size() && line(e, actual.get(k)) && matches(expected, i + 1, actual, k + 1);
    }

    private static boolean line(String expected, String actual) {
        if (!expected.contains("...")) {
            return expected.equals(actual);
        }
        StringBuilder re = new StringBuilder();
        for (String part : expected.split("\\.\\.\\.", -1)) {
            re.append(re.length() == 0 ? "" : ".*").append(Pattern.quote(part));
        }
        return actual.matches(re.toString());
    }

    static List<Example> parse(Path readme) throws Exception {
        List<String> lines = Files.readAllLines(readme);
        List<Example> out = new ArrayList<>();
        String block = null;
        Example pending = null;
        List<String> expected = null;
        for (int n = 0; n < lines.size(); n++) {
            String l = lines.get(n);
            if (l.startsWith("```")) {
                if (block == null) {
                    block = l.substring(3).strip();
                } else {
                    if (pending != null) {
                        out.add(new Example(pending.file(), pending.line(), pending.command(), expected, pending.exit()));
                        pending = null;
                    }
                    block = null;
                }
                continue;
            }
            if ("console".equals(block)) {
                if (l.startsWith("$ ")) {
                    if (pending != null) {
                        out.add(new Example(pending.file(), pending.line(), pending.command(), expected, pending.exit()));
                    }
                    String cmd = l.substring(2).strip();
                    pending = new Example(readme.toString(), n + 1, cmd, null, exit(cmd));
                    expected = new ArrayList<>();
                } else if (pending != null) {
                    expected.add(l);
                }
            } else if ("sh".equals(block)) {
                String cmd = l.strip();
                if (cmd.startsWith("./kubelb ") || cmd.startsWith("kubelb ")) {
                    out.add(new Example(readme.toString(), n + 1, cmd.replaceFirst("^\\./kubelb", "kubelb"), null,
                            exit(cmd)));
                }
            }
        }
        return out;
    }

    private static int exit(String cmd) {
        Matcher m = EXIT.matcher(cmd);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    @Test
    void theMatcherItselfCanFail() {
        assertThat(matches(List.of("a", "...", "d"), 0, List.of("a", "b", "c", "d"), 0)).isTrue();
        assertThat(matches(List.of("a", "...", "d"), 0, List.of("a", "b", "c"), 0)).isFalse();
        assertThat(matches(List.of("pid ...)."), 0, List.of("pid 42)."), 0)).isTrue();
        assertThat(matches(List.of("a"), 0, List.of("a", "b"), 0)).isFalse();
        assertThat(Optional.of(exit("kubelb plan -f x   # exit 2"))).contains(2);
    }
}
