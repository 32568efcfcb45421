package dev.kubelb.examples.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the shaded jar as users run it ({@code java -jar target/kubelb-cli.jar}), or shell lines with a {@code kubelb}
 * script on the PATH that does, in a working directory of the test's; {@code KUBECONFIG} is removed and
 * {@code KUBELB_HOME}/{@code HOME} point into the directory, so no developer state leaks in.
 */
final class Jar {
    static final Path JAR = Path.of("target", "kubelb-cli.jar").toAbsolutePath();

    /** What a process printed and returned. */
    record Proc(int exit, String out, String err, long millis) {
        Proc assertExit(int code) {
            if (exit != code) {
                throw new AssertionError("exit " + exit + ", expected " + code + "\nstdout:\n" + out + "\nstderr:\n" + err);
            }
            return this;
        }
    }

    final Path dir;
    final Map<String, String> env = new HashMap<>();

    Jar(Path dir) {
        this.dir = dir;
        env.put("KUBELB_HOME", dir.resolve("kubelb-home").toString());
        env.put("HOME", dir.resolve("home").toString());
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** @return {@code kubelb ARGS} through the jar */
    Proc run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(java(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar",
                JAR.toString()));
        cmd.addAll(List.of(args));
        return exec(cmd, null);
    }

    /** @return {@code kubelb ARGS} reading {@code stdin} */
    Proc runWithStdin(String stdin, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(java(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar",
                JAR.toString()));
        cmd.addAll(List.of(args));
        return exec(cmd, stdin);
    }

    /** @return a shell line run by {@code sh -c}, with {@code kubelb} (and kubectl, when given) on the PATH */
    Proc sh(String line) throws IOException, InterruptedException {
        return exec(List.of("sh", "-c", line), null);
    }

    /** @param extra a folder to put on the PATH too (e.g. kubectl's) */
    void path(Path extra) {
        env.put("PATH", extra + ":" + env.getOrDefault("PATH", System.getenv("PATH")));
    }

    Proc exec(List<String> cmd, String stdin) throws IOException, InterruptedException {
        Path bin = dir.resolve("bin");
        Path script = bin.resolve("kubelb");
        if (!Files.exists(script)) {
            Files.createDirectories(bin);
            Files.writeString(script, "#!/bin/sh\nexec " + java() + " ${KUBELB_JAVA_OPTS:--XX:TieredStopAtLevel=1 "
                    + "-XX:+UseSerialGC} -jar " + JAR + " \"$@\"\n");
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.createDirectories(dir.resolve("home"));
        }
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile());
        pb.environment().remove("KUBECONFIG");
        pb.environment().putAll(env);
        pb.environment().put("PATH", bin + ":" + env.getOrDefault("PATH", System.getenv("PATH")));
        if (stdin == null) {
            pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        }
        long start = System.nanoTime();
        Process p = pb.start();
        if (stdin != null) {
            try (var in = p.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + cmd);
        }
        return new Proc(p.exitValue(), Files.readString(out), Files.readString(err),
                (System.nanoTime() - start) / 1_000_000);
    }
}
