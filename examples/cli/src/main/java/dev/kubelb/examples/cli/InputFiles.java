package dev.kubelb.examples.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * What {@code -f} names, expanded as {@code kubectl} does (staging/src/k8s.io/cli-runtime/pkg/resource/visitor.go,
 * {@code ExpandPathsToFileVisitors}): a file; {@code -} for stdin; a comma-separated list; a directory, whose
 * {@code .yaml}, {@code .yml} and {@code .json} files are read in name order (its subdirectories too with
 * {@code -R}). A path that does not exist is left for the reader, which reports it with the other problems.
 */
final class InputFiles {
    private static final List<String> EXTENSIONS = List.of(".yaml", ".yml", ".json");

    private InputFiles() {
    }

    /**
     * @param specs the {@code -f} values, in order
     * @param recursive {@code -R}: descend into subdirectories
     * @return the files to read, in order ({@code -} at most once)
     * @throws CliException (exit 2) naming a directory without manifests or an unreadable one
     */
    static List<String> expand(List<String> specs, boolean recursive) {
        List<String> out = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (String spec : specs) {
            for (String part : spec.split(",")) {
                String name = part.strip();
                if (name.isEmpty()) {
                    problems.add("kubelb: -f '" + spec + "': empty file name in the list");
                    continue;
                }
                Path p = Path.of(name);
                if (!"-".equals(name) && Files.isDirectory(p)) {
                    List<String> found = directory(p, recursive, problems);
                    if (found.isEmpty()) {
                        problems.add(name + ": directory holds no .yaml, .yml or .json file"
                                + (recursive ? "" : " (-R reads its subdirectories too)"));
                    }
                    out.addAll(found);
                } else {
                    out.add(name);
                }
            }
        }
        if (out.stream().filter("-"::equals).count() > 1) {
            problems.add("kubelb: -f -: standard input can be read only once");
        }
        if (!problems.isEmpty()) {
            throw CliException.invalid(problems);
        }
        return out;
    }

    private static List<String> directory(Path dir, boolean recursive, List<String> problems) {
        try (Stream<Path> s = recursive ? Files.walk(dir) : Files.list(dir)) {
            return s.filter(Files::isRegularFile).filter(InputFiles::isManifest).map(Path::toString)
                    .sorted(NaturalOrder.INSTANCE).toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            problems.add(dir + ": cannot read the directory: " + e.getMessage());
            return List.of();
        }
    }

    private static boolean isManifest(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return EXTENSIONS.stream().anyMatch(n::endsWith);
    }

    /**
     * Reads stdin once and learns the secrets of every input before it is parsed (so that a parse error quoting a
     * password is masked too).
     *
     * @param files the expanded files
     * @param stdin standard input
     * @return a stream for {@code -} that replays what was read
     */
    static InputStream learnSecrets(List<String> files, InputStream stdin) {
        byte[] in = new byte[0];
        for (String f : files) {
            try {
                if ("-".equals(f)) {
                    in = stdin.readAllBytes();
                    Secrets.scan(new String(in, java.nio.charset.StandardCharsets.UTF_8));
                } else if (Files.isRegularFile(Path.of(f))) {
                    Secrets.scan(Files.readString(Path.of(f)));
                }
            } catch (IOException | java.io.UncheckedIOException e) {
                // the reader reports it
            }
        }
        return new java.io.ByteArrayInputStream(in);
    }
}
