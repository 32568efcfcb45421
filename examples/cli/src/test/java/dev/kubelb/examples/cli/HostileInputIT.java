package dev.kubelb.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubelb.core.ApplyStrategy;
import dev.kubelb.core.KubeLb;
import dev.kubelb.core.KubeLbLabels;
import dev.kubelb.core.Plan;
import dev.kubelb.core.Requests;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hostile-input corpus ({@code kubelb-core/src/test/resources/hostile/NNN-name.yaml}, each with its expected
 * error lines in {@code NNN-name.expected}) through the CLI's own path: {@code plan -f} and {@code apply -f} against
 * a cluster (fabric8's CRUD mock server, through a kubeconfig) that already holds the seed's load balancers. Every
 * file must exit 2 with exactly the expected lines on stderr (file, document, object and field), nothing on stdout,
 * no stack trace, not one request to the cluster, and the allocations recorded in the cluster unchanged.
 *
 * <p>In an {@code .expected} file, {@code FILE} stands for the file's path and {@code *} for any text; each line is a
 * prefix of its stderr line. A first line {@code # after the reader} marks inputs the reader accepts and a later
 * stage (provider inference, the provider's import, the request model) refuses; every other file is refused by the
 * reader itself.
 */
class HostileInputIT {
    static final Path CORPUS = Path.of(System.getProperty("basedir", "."))
            .resolve("../../kubelb-core/src/test/resources/hostile").normalize();
    private static final String AFTER_THE_READER = "# after the reader";

    static KubernetesMockServer server;
    static KubernetesClient client;
    static Path kubeconfig;
    static Map<String, String> before;
    static int requestsBefore;

    @TempDir
    static Path dir;

    @BeforeAll
    static void clusterHoldingTheSeed() throws IOException {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(List.of()), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        client = server.createClient();
        List<Documents.Doc> docs = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Documents.parse("seed.yaml", DemoCommand.manifests(), docs, problems);
        assertThat(problems).isEmpty();
        try (Scenario s = Scenario.of(docs, Optional.empty());
                KubeLb lb = KubeLb.builder().client(client).provider(s.provider.name()).clusterInfo(s.cluster)
                        .configurationObjects(s.applianceObjects).applyStrategy(ApplyStrategy.createOrUpdate())
                        .build()) {
            Plan plan = lb.plan(s.requests, s.existing);
            lb.apply(plan);
        }
        before = state();
        assertThat(before).as("the seed's allocations are recorded in the cluster").hasSize(4);
        kubeconfig = dir.resolve("kubeconfig");
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters: [{name: mock, cluster: {server: "%s"}}]
                users: [{name: u, user: {token: t}}]
                contexts: [{name: mock, context: {cluster: mock, user: u}}]
                current-context: mock
                """.formatted(server.url("/")));
        requestsBefore = server.getRequestCount();
    }

    /** @return each owned Service's recorded allocation and resource version: the allocator's persistent state */
    static Map<String, String> state() {
        Map<String, String> m = new TreeMap<>();
        for (Service s : client.services().inAnyNamespace().withLabel(KubeLbLabels.MANAGED_BY, KubeLbLabels.MANAGER)
                .list().getItems()) {
            m.put(s.getMetadata().getNamespace() + "/" + s.getMetadata().getName(),
                    Requests.recordedAllocation(s).map(Object::toString).orElse("none") + " @"
                            + s.getMetadata().getResourceVersion());
        }
        return m;
    }

    @AfterAll
    static void nothingChanged() {
        try {
            assertThat(server.getRequestCount()).as("requests the cluster received from hostile input")
                    .isEqualTo(requestsBefore);
            assertThat(state()).as("the allocations recorded in the cluster").isEqualTo(before);
        } finally {
            client.close();
            server.destroy();
        }
    }

    static Stream<String> corpus() throws IOException {
        try (Stream<Path> files = Files.list(CORPUS)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")).sorted().toList()
                    .stream();
        }
    }

    @Test
    void theCorpusHoldsAtLeast150HostileInputsEachWithItsExpectedError() throws IOException {
        List<String> names = corpus().toList();
        assertThat(names).hasSizeGreaterThanOrEqualTo(150);
        for (String n : names) {
            assertThat(CORPUS.resolve(n.replace(".yaml", ".expected"))).as(n).exists();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void refusedBeforeAnythingIsPlannedOrWritten(String name) throws IOException {
        Path file = CORPUS.resolve(name);
        List<String> expected = new ArrayList<>(Files.readAllLines(CORPUS.resolve(name.replace(".yaml", ".expected")),
                StandardCharsets.UTF_8));
        boolean afterTheReader = !expected.isEmpty() && expected.get(0).equals(AFTER_THE_READER);
        if (afterTheReader) {
            expected.remove(0);
            assertThat(Documents.read(List.of(file.toString()), System.in)).as("the reader accepts " + name)
                    .isNotEmpty();
        } else {
            assertThatThrownBy(() -> Documents.read(List.of(file.toString()), System.in))
                    .as("the reader refuses " + name).isInstanceOf(CliException.class);
        }
        int requests = server.getRequestCount();
        for (String[] args : List.of(new String[] {"plan", "-f", file.toString()},
                new String[] {"apply", "-f", file.toString()})) {
            Cli.Run r = Cli.runWith("", Map.of("KUBECONFIG", kubeconfig.toString()), args);
            assertThat(r.exit()).as(args[0] + " " + name + " exit; stderr:\n" + r.err()).isEqualTo(2);
            assertThat(r.out()).as(args[0] + " stdout").isEmpty();
            assertThat(r.err()).as(args[0] + " stderr").doesNotContain("\tat ").doesNotContain("Exception");
            assertLines(r.err(), expected, file.toString(), args[0] + " " + name);
        }
        assertThat(server.getRequestCount()).as("requests sent to the cluster for " + name).isEqualTo(requests);
    }

    static void assertLines(String stderr, List<String> expected, String file, String what) {
        List<String> lines = stderr.lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines).as(what + ": stderr lines").hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            String[] parts = expected.get(i).replace("FILE", "\u0000").split("\\*", -1);
            StringBuilder regex = new StringBuilder();
            for (int j = 0; j < parts.length; j++) {
                regex.append(j == 0 ? "" : ".*").append(Pattern.quote(parts[j]).replace("\u0000",
                        "\\E" + Pattern.quote(file) + "\\Q"));
            }
            assertThat(lines.get(i)).as(what + ": line " + (i + 1)).matches(Pattern.compile(regex + ".*",
                    Pattern.DOTALL));
        }
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
