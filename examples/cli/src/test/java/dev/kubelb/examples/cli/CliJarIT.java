package dev.kubelb.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The shaded executable jar, run as users run it: {@code java -jar examples/cli/target/kubelb-cli.jar}. */
class CliJarIT {
    private static final Path JAR = Path.of("target", "kubelb-cli.jar");

    @TempDir
    Path dir;

    record Proc(int exit, String out, String err, long millis) {
    }

    private Proc java(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        Path out = dir.resolve("out-" + System.nanoTime());
        Path err = dir.resolve("err-" + System.nanoTime());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().remove("KUBECONFIG"); // the embedded default
        long start = System.nanoTime();
        Process p = pb.start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + cmd);
        }
        return new Proc(p.exitValue(), Files.readString(out), Files.readString(err),
                (System.nanoTime() - start) / 1_000_000);
    }

    @Test
    void demoRunsFromTheJarWithLogsOnStderrOnly() throws Exception {
        Proc p = java("demo");
        System.out.println("demo wall time: " + p.millis() + " ms");
        assertThat(p.exit()).as(p.err()).isZero();
        assertThat(p.out()).contains("address 10.10.255.201 released").contains("the released address, reused")
                .doesNotContain("[WARN]").doesNotContain("[INFO]").doesNotContain("MockWebServer");
        assertThat(p.err()).contains("[WARN] SimulatedAppliance - Starting a SIMULATED appliance")
                .doesNotContain("Exception");
    }

    @Test
    void everyProviderRegistrationSurvivesShading() throws Exception {
        Proc p = java("providers", "-o", "json");
        assertThat(p.exit()).isZero();
        Set<String> names = new HashSet<>();
        Cli.JSON.readTree(p.out()).get("providers").forEach(n -> names.add(n.get("name").asString()));
        assertThat(names).containsExactlyInAnyOrder("metallb", "cilium", "ccm", "kube-vip");
    }

    @Test
    void invalidInputExitsTwoWithTheMessageAndNothingOnStdout() throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "apiVersion: metallb.io/v1beta1\nkind: IPAddressPool\nmetadata: {name: p, namespace: m}\n"
                + "spec: {addresses: [10.0.0.9-10.0.0.1]}\n");
        Proc p = java("plan", "-f", bad.toString());
        assertThat(p.exit()).isEqualTo(2);
        assertThat(p.out()).isEmpty();
        assertThat(p.err()).isEqualTo(bad + ": IPAddressPool/p: spec.addresses[0]: '10.0.0.9-10.0.0.1' is reversed: "
                + "10.0.0.9 is after 10.0.0.1\n");
    }

    @Test
    void planJsonFromTheJarEqualsTheInProcessOne() throws Exception {
        String seed = Cli.seed(dir);
        Proc p = java("plan", "-f", seed, "-o", "json");
        assertThat(p.exit()).isZero();
        assertThat(p.out()).isEqualTo(Cli.run("plan", "-f", seed, "-o", "json").out());
    }

    @Test
    void plansTenThousandServicesOnAnIpv6Slash64() throws Exception {
        Proc gen = java("gen", "--services", "10000", "--cidr", "fd00:10:0:1::/64");
        assertThat(gen.exit()).isZero();
        Path input = dir.resolve("10k.yaml");
        Files.writeString(input, gen.out(), StandardCharsets.UTF_8);
        Proc p = java("plan", "-f", input.toString(), "-o", "json");
        System.out.println("plan of 10,000 Services on a /64: " + p.millis() + " ms wall (" + p.err().strip() + ")");
        assertThat(p.exit()).as(p.err()).isZero();
        JsonNode root = Cli.JSON.readTree(p.out());
        assertThat(root.get("failures")).isEmpty();
        assertThat(root.get("allocations")).hasSize(10_000);
        Set<String> addresses = new HashSet<>();
        root.get("allocations").forEach(a -> addresses.add(a.get("addresses").get(0).asString()));
        assertThat(addresses).hasSize(10_000).contains("fd00:10:0:1::", "fd00:10:0:1::270f");
        // generous bound: the machine is shared; the figure measured on a quiet machine is in notes/cli.md
        assertThat(p.millis()).isLessThan(120_000);
    }

}
