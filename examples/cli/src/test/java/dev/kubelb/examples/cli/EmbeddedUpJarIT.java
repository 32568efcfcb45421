package dev.kubelb.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Issue 18 item 6 through the shaded jar: {@code kubelb up} starts an embedded default that lives between
 * commands; {@code apply}, {@code status}, {@code pools}, {@code advertisements}, {@code diff} and the real
 * {@code kubectl} work against it from separate processes; {@code kubelb down} stops it.
 */
class EmbeddedUpJarIT {
    @TempDir
    Path dir;

    private Jar j;

    @AfterEach
    void down() throws Exception {
        if (j != null) {
            j.run("down", "-q");
            Optional<EmbeddedState.Server> s = new EmbeddedState(Path.of(j.env.get("KUBELB_HOME"))).running();
            s.flatMap(x -> ProcessHandle.of(x.pid())).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void upKeepsStateAcrossProcessesForKubelbAndKubectlUntilDown() throws Exception {
        j = new Jar(dir);
        Path home = Path.of(j.env.get("KUBELB_HOME"));
        Files.writeString(dir.resolve("seed.yaml"), DemoCommand.manifests());

        Jar.Proc up = j.run("up").assertExit(0);
        System.out.println("kubelb up: " + up.millis() + " ms");
        assertThat(up.out()).startsWith("Started the EMBEDDED DEFAULT at http://")
                .contains("SIMULATED appliance").contains("  export KUBECONFIG=" + home.resolve("kubeconfig") + "\n")
                .contains("Stop it: kubelb down");
        EmbeddedState.Server server = new EmbeddedState(home).running().orElseThrow();
        assertThat(j.run("up").assertExit(0).out()).startsWith("Already up: the EMBEDDED DEFAULT at " + server.url());
        assertThat(j.run("up", "--print-kubeconfig").assertExit(0).out()).isEqualTo(home.resolve("kubeconfig") + "\n");

        j.run("apply", "-f", "seed.yaml", "-q").assertExit(0);
        // each command below is a new process: what apply wrote is still there
        JsonNode status = Cli.JSON.readTree(j.run("status", "-o", "json", "-q").assertExit(0).out());
        assertThat(status.get("cluster").asString()).isEqualTo(server.url());
        assertThat(status.get("simulated").asBoolean()).isTrue();
        assertThat(status.get("provider").asString()).isEqualTo("metallb");
        List<String> lbs = new java.util.ArrayList<>();
        status.get("loadBalancers").forEach(lb -> lbs.add(lb.get("name").asString() + " " + lb.get("state").asString()
                + " " + lb.get("ingress").get(0).asString()));
        assertThat(lbs).containsExactly("web READY 10.10.255.200", "api READY 10.10.255.201",
                "dns-tcp READY 10.10.255.202", "dns-udp READY 10.10.255.202");
        assertThat(j.run("pools", "-q").assertExit(0).out())
                .contains("extern  IPv4    51     3     48    tenant-a=1,tenant-b=1,tenant-c=1");
        assertThat(Cli.JSON.readTree(j.run("advertisements", "-o", "json", "-q").assertExit(0).out()).get("routes"))
                .hasSize(3);

        // diff against what is there: nothing, then one field
        Jar.Proc same = j.run("diff", "-f", "seed.yaml", "-q").assertExit(0);
        assertThat(same.out()).endsWith("CHANGES: 0 to create, 0 to update, 0 to delete, 7 unchanged\n");
        Files.writeString(dir.resolve("narrower.yaml"), DemoCommand.manifests().replace("10.10.255.250",
                "10.10.255.240"));
        Jar.Proc changed = j.run("diff", "-f", "narrower.yaml", "-q").assertExit(ExitCodes.DIFFERENCES);
        assertThat(changed.out()).contains("--- live/IPAddressPool/metallb-system/extern\n"
                + "+++ merged/IPAddressPool/metallb-system/extern\n")
                .contains("\n-  - \"10.10.255.200-10.10.255.250\"\n+  - \"10.10.255.200-10.10.255.240\"\n")
                .endsWith("CHANGES: 0 to create, 1 to update, 0 to delete, 6 unchanged\n");
        assertThat(j.run("diff", "-f", "seed.yaml", "-q").exit()).as("diff wrote nothing").isZero();

        // the real kubectl, through the kubeconfig up wrote (legacy discovery answered by the embedded server)
        j.path(Kubectl.folder());
        j.env.put("KUBECONFIG", home.resolve("kubeconfig").toString());
        Jar.Proc svc = j.sh("kubectl get services -A -o custom-columns=NS:.metadata.namespace,NAME:.metadata.name,"
                + "IP:.status.loadBalancer.ingress[0].ip --no-headers").assertExit(0);
        assertThat(svc.out().lines().map(l -> String.join(" ", l.trim().split("\\s+"))).toList()).containsExactly(
                "tenant-a kubelb-web 10.10.255.200", "tenant-b kubelb-api 10.10.255.201",
                "tenant-c kubelb-dns-tcp 10.10.255.202", "tenant-c kubelb-dns-udp 10.10.255.202");
        assertThat(j.sh("kubectl get ipaddresspools.metallb.io -n metallb-system -o name").assertExit(0).out())
                .isEqualTo("ipaddresspool.metallb.io/extern\n");
        assertThat(j.sh("kubectl get svc").assertExit(0).err()).isEqualTo("No resources found in default namespace.\n");
        j.env.remove("KUBECONFIG");

        Jar.Proc down = j.run("down").assertExit(0);
        assertThat(down.out()).isEqualTo("Stopped the embedded default (pid " + server.pid() + ").\n");
        assertThat(ProcessHandle.of(server.pid()).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(home.resolve("kubeconfig")).doesNotExist();
        assertThat(j.run("down").assertExit(0).out()).isEqualTo("The embedded default is not running.\n");
        // with it gone, status falls back to the in-process default, which starts empty
        assertThat(j.run("status", "-q").exit()).isEqualTo(ExitCodes.INVALID_INPUT);
    }
}
