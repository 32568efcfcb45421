package dev.kubelb.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** apply, diff, status, pools and advertisements on the embedded default (no KUBECONFIG in the environment). */
class ClusterCommandsTest {
    @TempDir
    Path dir;

    @Test
    void applyServesEveryServiceThroughTheSimulatedAppliance() throws Exception {
        Cli.Run r = Cli.run("apply", "-f", Cli.seed(dir), "-o", "json");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode root = r.json();
        assertThat(root.get("cluster").asString()).isEqualTo("embedded");
        assertThat(root.get("simulated").asBoolean()).isTrue();
        assertThat(root.get("provider").asString()).isEqualTo("metallb");
        assertThat(root.get("allocations")).hasSize(4);
        List<String> created = new ArrayList<>();
        root.get("applied").get("created").forEach(c -> created.add(c.asString()));
        assertThat(created).containsExactly("IPAddressPool/metallb-system/extern", "BGPPeer/metallb-system/router-a",
                "BGPAdvertisement/metallb-system/extern", "Service/tenant-a/kubelb-web", "Service/tenant-b/kubelb-api",
                "Service/tenant-c/kubelb-dns-tcp", "Service/tenant-c/kubelb-dns-udp");
        assertThat(root.get("applied").get("deleted")).isEmpty();
        List<String> lbs = new ArrayList<>();
        root.get("loadBalancers").forEach(lb -> lbs.add(lb.get("namespace").asString() + "/" + lb.get("name").asString()
                + " " + lb.get("state").asString() + " " + lb.get("ingress").get(0).asString()));
        assertThat(lbs).containsExactly("tenant-a/web READY 10.10.255.200", "tenant-b/api READY 10.10.255.201",
                "tenant-c/dns-tcp READY 10.10.255.202", "tenant-c/dns-udp READY 10.10.255.202");
        assertThat(r.err()).contains("EMBEDDED DEFAULT").contains("SIMULATED");
    }

    @Test
    void applyTableIsLabelledSimulated() throws Exception {
        Cli.Run r = Cli.run("apply", "-f", Cli.seed(dir));
        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith("Cluster: EMBEDDED DEFAULT: in-process API server + SIMULATED appliance")
                .contains("CHANGES: 7 created, 0 updated, 0 deleted, 0 unchanged\n")
                .contains("+ Service/tenant-a/kubelb-web\n");
    }

    @Test
    void diffWritesNothingAndListsCreations() throws Exception {
        Cli.Run r = Cli.run("diff", "-f", Cli.seed(dir), "-o", "json");
        assertThat(r.exit()).as("something would change: exit 3").isEqualTo(ExitCodes.DIFFERENCES);
        JsonNode root = r.json();
        assertThat(root.get("created")).hasSize(7);
        assertThat(root.get("updated")).isEmpty();
        assertThat(root.get("deleted")).isEmpty();
        // field by field: a creation is the whole object, added
        JsonNode web = null;
        for (JsonNode d : root.get("diffs")) {
            if (d.get("object").asString().equals("Service/tenant-a/kubelb-web")) {
                web = d;
            }
        }
        assertThat(web).isNotNull();
        assertThat(web.get("change").asString()).isEqualTo("created");
        assertThat(web.get("diff").asString()).startsWith("--- /dev/null\n+++ merged/Service/tenant-a/kubelb-web\n@@ -0,0 +1,")
                .contains("\n+  type: \"LoadBalancer\"\n");
    }

    @Test
    void statusTable() throws Exception {
        Cli.Run r = Cli.run("status", "-f", Cli.seed(dir));
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("LOAD BALANCERS (4)\n")
                .contains("NAMESPACE  NAME     ADDRESSES      POOL    STATE  READY\n")
                .contains("tenant-b   api      10.10.255.201  extern  READY\n")
                .contains("POOLS (1)\n")
                .contains("extern  IPv4    51     3     48    tenant-a=1,tenant-b=1,tenant-c=1");
        Cli.Run wide = Cli.run("status", "-f", Cli.seed(dir), "-o", "wide");
        assertThat(wide.out()).contains("tenant-b   api      Service  10.10.255.201  extern  READY  10.10.255.201");
    }

    @Test
    void poolsPerPoolAndTenant() throws Exception {
        JsonNode root = Cli.run("pools", "-f", Cli.seed(dir), "-o", "json").json();
        JsonNode pool = root.get("pools").get(0);
        assertThat(pool.get("pool").asString()).isEqualTo("extern");
        assertThat(pool.get("total").asString()).isEqualTo("51");
        assertThat(pool.get("used").asString()).isEqualTo("3"); // the shared DNS address counts once
        assertThat(pool.get("free").asString()).isEqualTo("48");
        assertThat(pool.get("usedByTenant").get("tenant-c").asString()).isEqualTo("1");
        assertThat(root.get("addressesByTenant").get("tenant-a").asInt()).isEqualTo(1);
    }

    @Test
    void advertisementPreview() throws Exception {
        JsonNode root = Cli.run("advertisements", "-f", Cli.seed(dir), "-o", "json").json();
        List<String> routes = new ArrayList<>();
        root.get("routes").forEach(rt -> routes.add(rt.get("peer").asString() + " " + rt.get("prefix").asString()
                + " " + rt.get("services").size()));
        assertThat(routes).containsExactly("router-a 10.10.255.200/32 1", "router-a 10.10.255.201/32 1",
                "router-a 10.10.255.202/32 2");
        assertThat(root.get("l2")).isEmpty();
        assertThat(root.get("warnings")).isEmpty();
    }

    @Test
    void readCommandsNeedInputOnTheEmbeddedDefault() {
        for (String command : List.of("status", "pools", "advertisements")) {
            Cli.Run r = Cli.runWith("", Map.of(), command, "-q");
            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.out()).isEmpty();
            assertThat(r.err()).isEqualTo("kubelb: " + command + ": the in-process embedded default starts empty: pass "
                    + "-f FILE to load manifests into it, or start one that lives between commands with kubelb up (or "
                    + "--kubeconfig PATH / KUBECONFIG for a real cluster)\n");
        }
    }

    @Test
    void unreadableKubeconfig() throws Exception {
        Cli.Run r = Cli.runWith("", Map.of("KUBECONFIG", dir.resolve("missing").toString()), "apply", "-f",
                Cli.seed(dir));
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("kubelb: kubeconfig " + dir.resolve("missing") + ": cannot read: ");
    }
}
