package dev.kubelb.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Issue 18 through the shaded jar: help, completion and exit codes (1); kubectl habits (2); progress (4);
 * failures naming server and cause (5); natural order, pools per family, {@code -q}. The real API server's part
 * (diff's dry-run apply, 401/403) is in {@link CliRealApiIT}; {@code kubelb up} in {@link EmbeddedUpJarIT}.
 */
class CliHabitsJarIT {
    @TempDir
    Path dir;

    private Jar jar() {
        return new Jar(dir);
    }

    @Test
    void everyCommandHasHelpWithExamplesAndExitCodes() throws Exception {
        List<String> commands = new ArrayList<>(KubeLbCli.commandLine(new KubeLbCli()).getSubcommands().keySet());
        assertThat(commands).contains("plan", "apply", "diff", "status", "pools", "advertisements", "migrate",
                "providers", "demo", "up", "down", "completion", "gen");
        commands.remove("help");
        Jar j = jar();
        for (String c : commands) {
            for (String flag : List.of("--help", "-h")) {
                Jar.Proc p = j.run(c, flag).assertExit(0);
                assertThat(p.out()).as(c + " " + flag).startsWith("Usage: kubelb " + c)
                        .contains("Exit codes:\n  0   Done").contains("  3   Differences").contains("  4   Cluster unreachable");
                assertThat(p.out().substring(p.out().indexOf("\nExamples:\n  "))).as(c + " examples")
                        .contains("kubelb " + c);
                assertThat(p.err()).isEmpty();
            }
        }
        Jar.Proc root = j.run("--help").assertExit(0);
        assertThat(root.out()).contains("  gen ").contains("  up ").contains("  down ").contains("  completion ");
        // a mistake is a usage error: exit 2, the message and the usage on stderr, nothing on stdout
        Jar.Proc bad = j.run("plan", "--nope").assertExit(2);
        assertThat(bad.out()).isEmpty();
        assertThat(bad.err()).startsWith("Unknown option: '--nope'").contains("Possible solutions: --node-address");
    }

    @Test
    void completionIsGeneratedFromTheCommandModelAndCompletesInBash() throws Exception {
        Jar j = jar();
        Files.writeString(dir.resolve("kubelb.bash"), j.run("completion").assertExit(0).out());
        Jar.Proc p = j.exec(List.of("bash", "-c", ". ./kubelb.bash 2>/dev/null; "
                + "COMP_WORDS=(kubelb pl); COMP_CWORD=1; _complete_kubelb 2>/dev/null; echo \"1:${COMPREPLY[*]}\"; "
                + "COMP_WORDS=(kubelb status -o ''); COMP_CWORD=3; _complete_kubelb 2>/dev/null; echo \"2:${COMPREPLY[*]}\"; "
                + "COMP_WORDS=(kubelb diff --kube); COMP_CWORD=2; _complete_kubelb 2>/dev/null; echo \"3:${COMPREPLY[*]}\"; "
                + "COMP_WORDS=(kubelb d); COMP_CWORD=1; _complete_kubelb 2>/dev/null; echo \"4:${COMPREPLY[*]}\""), null);
        assertThat(p.out()).contains("1:plan\n").contains("2:table wide json yaml name manifests\n")
                .contains("3:--kubeconfig\n").contains("4:diff demo down\n");
    }

    @Test
    void exitCodesAreOneMeaningEach() throws Exception {
        Jar j = jar();
        Files.writeString(dir.resolve("seed.yaml"), DemoCommand.manifests());
        j.run("plan", "-f", "seed.yaml", "-q").assertExit(ExitCodes.OK);
        j.run("plan", "-f", "missing.yaml").assertExit(ExitCodes.INVALID_INPUT);
        j.run("status", "-q", "--kubeconfig", deadKubeconfig()).assertExit(ExitCodes.CLUSTER);
        j.run("diff", "-f", "seed.yaml", "-q").assertExit(ExitCodes.DIFFERENCES);
    }

    @Test
    void fileArgumentsLikeKubectl() throws Exception {
        Jar j = jar();
        Path m = Files.createDirectories(dir.resolve("manifests/tenants"));
        String seed = DemoCommand.manifests();
        int firstService = seed.lastIndexOf("\n---\n", seed.indexOf("\nkind: Service\n"));
        assertThat(firstService).isPositive();
        assertThat(seed.substring(0, firstService)).doesNotContain("kind: Service");
        Files.writeString(dir.resolve("manifests/appliance.yaml"), seed.substring(0, firstService + 1));
        Files.writeString(m.resolve("services.yml"), seed.substring(firstService + 1));
        Files.writeString(m.resolve("notes.txt"), "not a manifest");
        Files.writeString(dir.resolve("seed.yaml"), seed);
        String expected = j.run("plan", "-f", "seed.yaml", "-o", "json").assertExit(0).out();

        assertThat(j.run("plan", "-f", "manifests", "-R", "-o", "json").assertExit(0).out()).isEqualTo(expected);
        assertThat(j.run("plan", "-f", "manifests/appliance.yaml,manifests/tenants/services.yml", "-o", "json")
                .assertExit(0).out()).isEqualTo(expected);
        assertThat(j.runWithStdin(seed, "plan", "-f", "-", "-o", "json").assertExit(0).out()).isEqualTo(expected);
        // without -R the subdirectory is not read: the pool alone, no requests
        assertThat(Cli.JSON.readTree(j.run("plan", "-f", "manifests", "-o", "json").assertExit(0).out())
                .get("allocations")).isEmpty();
        Jar.Proc empty = j.run("plan", "-f", "manifests/tenants/..", "-f", "home");
        assertThat(empty.exit()).isEqualTo(2);
        assertThat(empty.err()).contains("home: directory holds no .yaml, .yml or .json file (-R reads its "
                + "subdirectories too)");
    }

    @Test
    void outputFormatsIncludingAStreamKubectlApplyTakes() throws Exception {
        Jar j = jar();
        Files.writeString(dir.resolve("seed.yaml"), DemoCommand.manifests());
        assertThat(j.run("plan", "-f", "seed.yaml", "-o", "name").assertExit(0).out()).isEqualTo("""
                ipaddresspool.metallb.io/extern
                bgppeer.metallb.io/router-a
                bgpadvertisement.metallb.io/extern
                service/kubelb-web
                service/kubelb-api
                service/kubelb-dns-tcp
                service/kubelb-dns-udp
                """);
        String manifests = j.run("plan", "-f", "seed.yaml", "-o", "manifests").assertExit(0).out();
        assertThat(manifests).startsWith("---\napiVersion: \"metallb.io/v1beta1\"\nkind: \"IPAddressPool\"\n")
                .doesNotContain("allocations:").doesNotContain("provider:");
        // the stream is read back as exactly the plan's objects (the real kubectl takes it in CliRealApiIT)
        Files.writeString(dir.resolve("objects.yaml"), manifests);
        JsonNode plan = Cli.JSON.readTree(j.run("plan", "-f", "seed.yaml", "-o", "json").out());
        assertThat(manifests.split("\n---\n")).hasSize(plan.get("objects").size());
        assertThat(j.run("plan", "-f", "seed.yaml", "-o", "wide").assertExit(0).out())
                .contains("APIVERSION          KIND              NAMESPACE       NAME            REQUEST")
                .contains("v1                  Service           tenant-a        kubelb-web      tenant-a/web");
        Jar.Proc noObjects = j.run("pools", "-f", "seed.yaml", "-o", "manifests", "-q");
        assertThat(noObjects.exit()).isEqualTo(2);
        assertThat(noObjects.err()).isEqualTo("kubelb: -o manifests: this command prints no objects (plan and migrate "
                + "do); use -o yaml or -o json\n");
    }

    @Test
    void namespaceLikeKubectl() throws Exception {
        Jar j = jar();
        Files.writeString(dir.resolve("svc.yaml"), """
                apiVersion: metallb.io/v1beta1
                kind: IPAddressPool
                metadata: {name: p, namespace: metallb-system}
                spec: {addresses: [10.0.0.0/30]}
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: web}
                spec: {type: LoadBalancer, ports: [{port: 80, protocol: TCP}]}
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: api, namespace: other}
                spec: {type: LoadBalancer, ports: [{port: 80, protocol: TCP}]}
                """);
        Jar.Proc p = j.run("plan", "-f", "svc.yaml", "-n", "team-a");
        assertThat(p.exit()).isEqualTo(2);
        assertThat(p.err()).isEqualTo("svc.yaml: document 3 (v1/Service other/api): metadata.namespace: 'other' does "
                + "not match --namespace 'team-a'\n");
        Files.writeString(dir.resolve("svc.yaml"), Files.readString(dir.resolve("svc.yaml")).replace(
                "namespace: other", "namespace: team-a"));
        JsonNode ok = Cli.JSON.readTree(j.run("plan", "-f", "svc.yaml", "-n", "team-a", "-o", "json").assertExit(0).out());
        assertThat(ok.get("allocations").get(0).get("namespace").asString()).isEqualTo("team-a");
        assertThat(ok.get("allocations").get(1).get("namespace").asString()).isEqualTo("team-a");
        // the read commands show one namespace
        Files.writeString(dir.resolve("seed.yaml"), DemoCommand.manifests());
        JsonNode status = Cli.JSON.readTree(j.run("status", "-f", "seed.yaml", "-n", "tenant-c", "-o", "json", "-q")
                .assertExit(0).out());
        assertThat(status.get("loadBalancers")).hasSize(2);
        assertThat(status.get("loadBalancers").get(0).get("namespace").asString()).isEqualTo("tenant-c");
    }

    @Test
    void colourOnlyWhenAskedOrOnATerminal() throws Exception {
        Jar j = jar();
        Files.writeString(dir.resolve("seed.yaml"), DemoCommand.manifests());
        assertThat(j.run("status", "-f", "seed.yaml", "-q").assertExit(0).out()).doesNotContain("\u001b[");
        assertThat(j.run("status", "-f", "seed.yaml", "-q", "--color=always").assertExit(0).out())
                .contains("\u001b[32mREADY\u001b[0m");
        Jar.Proc tty = Terminals.inPty(j, "status -f seed.yaml -q");
        assertThat(tty.out()).contains("\u001b[32mREADY\u001b[0m");
        j.env.put("NO_COLOR", "1");
        assertThat(Terminals.inPty(j, "status -f seed.yaml -q").out()).doesNotContain("\u001b[32m");
    }

    @Test
    void progressLineOnATerminalOnlyAndNotWithQuiet() throws Exception {
        Jar j = jar();
        Files.writeString(dir.resolve("many.yaml"), j.run("gen", "--services", "400", "--cidr", "10.1.0.0/16")
                .assertExit(0).out());
        Jar.Proc tty = Terminals.inPty(j, "apply -f many.yaml -o name");
        assertThat(tty.exit()).as(tty.out()).isZero();
        assertThat(tty.out()).containsPattern("\rapplying objects [0-9,]+/403  [0-9,]+/s  ETA [0-9]+ s")
                .contains("\rapplying objects 403/403");
        Jar.Proc piped = j.run("apply", "-f", "many.yaml", "-o", "name").assertExit(0);
        assertThat(piped.err()).doesNotContain("applying objects").doesNotContain("\r");
        assertThat(Terminals.inPty(j, "apply -f many.yaml -o name -q").out()).doesNotContain("applying objects")
                .doesNotContain("[WARN]");
    }

    @Test
    void quietSuppressesWarnings() throws Exception {
        Jar j = jar();
        Files.writeString(dir.resolve("seed.yaml"), DemoCommand.manifests());
        Jar.Proc loud = j.run("apply", "-f", "seed.yaml").assertExit(0);
        assertThat(loud.err()).contains("[WARN] SimulatedAppliance");
        Jar.Proc quiet = j.run("apply", "-f", "seed.yaml", "-q").assertExit(0);
        assertThat(quiet.err()).isEmpty();
        assertThat(quiet.out()).isEqualTo(loud.out());
    }

    @Test
    void tablesSortNaturally() throws Exception {
        Jar j = jar();
        Files.writeString(dir.resolve("many.yaml"), j.run("gen", "--services", "12", "--tenants", "1", "--cidr",
                "10.1.0.0/24").assertExit(0).out());
        String out = j.run("plan", "-f", "many.yaml").assertExit(0).out();
        List<String> names = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (line.startsWith("tenant-0")) {
                names.add(line.split("\\s+")[1]);
            }
        }
        assertThat(names).containsExactly("svc-0", "svc-1", "svc-2", "svc-3", "svc-4", "svc-5", "svc-6", "svc-7",
                "svc-8", "svc-9", "svc-10", "svc-11");
    }

    @Test
    void poolsCountEachAddressFamilyApart() throws Exception {
        Jar j = jar();
        Files.writeString(dir.resolve("dual.yaml"), """
                apiVersion: metallb.io/v1beta1
                kind: IPAddressPool
                metadata: {name: dual, namespace: metallb-system}
                spec: {addresses: [10.0.0.0/30, "fd00::/120"]}
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: web, namespace: t}
                spec: {type: LoadBalancer, ipFamilyPolicy: RequireDualStack, ipFamilies: [IPv4, IPv6],
                       ports: [{port: 80, protocol: TCP}]}
                """);
        String out = j.run("pools", "-f", "dual.yaml", "-q").assertExit(0).out();
        assertThat(out).contains("POOLS (1)\nPOOL  FAMILY  TOTAL  USED  FREE  USED BY TENANT\n"
                + "dual  IPv4    4      1     3     t=1\n"
                + "dual  IPv6    256    1     255   t=1\n");
    }

    @Test
    void unreachableClusterFailsFastNamingServerAndCause() throws Exception {
        Jar j = jar();
        Files.writeString(dir.resolve("seed.yaml"), DemoCommand.manifests());
        for (List<String> cmd : List.of(List.of("status"), List.of("apply", "-f", "seed.yaml"))) {
            List<String> args = new ArrayList<>(cmd);
            args.addAll(List.of("-q", "--kubeconfig", deadKubeconfig()));
            Jar.Proc p = j.run(args.toArray(String[]::new));
            assertThat(p.exit()).isEqualTo(ExitCodes.CLUSTER);
            assertThat(p.out()).isEmpty();
            assertThat(p.err()).isEqualTo("kubelb: cluster https://127.0.0.1:1/: connection refused (is the API server "
                    + "running, is the address right?)\n");
            System.out.println(cmd.get(0) + " against a dead cluster failed in " + p.millis() + " ms");
            assertThat(p.millis()).as("fails within seconds, not after 20 s of retries").isLessThan(10_000);
        }
    }

    /** @return a kubeconfig for a port nothing listens on */
    private String deadKubeconfig() throws Exception {
        Path kc = dir.resolve("dead-kubeconfig");
        Files.writeString(kc, """
                apiVersion: v1
                kind: Config
                clusters: [{name: dead, cluster: {server: "https://127.0.0.1:1"}}]
                users: [{name: me, user: {token: t}}]
                contexts: [{name: dead, context: {cluster: dead, user: me}}]
                current-context: dead
                """);
        return kc.toString();
    }
}
