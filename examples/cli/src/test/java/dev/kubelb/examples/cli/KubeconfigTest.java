package dev.kubelb.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelb.core.Applier;
import dev.kubelb.core.ApplyStrategy;
import dev.kubelb.core.Plan;
import dev.kubelb.core.SimulatedAppliance;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The real-cluster path (a kubeconfig), against fabric8's mock API server in CRUD mode standing in for a cluster:
 * read-only commands read what is there; apply uses server-side apply, which the mock lacks (exit 1, no trace).
 */
class KubeconfigTest {
    @TempDir
    Path dir;

    private KubernetesMockServer server;
    private KubernetesClient client;
    private Path kubeconfig;

    @BeforeEach
    void cluster() throws Exception {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(List.of()), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        client = server.createClient();
        kubeconfig = dir.resolve("kubeconfig");
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters: [{name: mock, cluster: {server: "%s"}}]
                users: [{name: me, user: {token: t}}]
                contexts: [{name: mock, context: {cluster: mock, user: me, namespace: default}}]
                current-context: mock
                """.formatted(client.getMasterUrl()));
    }

    @AfterEach
    void stop() {
        client.close();
        server.destroy();
    }

    @Test
    void statusPoolsAndAdvertisementsReadTheCluster() throws Exception {
        // what an engine would have written: the seed plan, applied create-or-update, answered by an appliance
        List<Documents.Doc> docs = new ArrayList<>();
        Documents.parse("seed.yaml", DemoCommand.manifests(), docs, new ArrayList<>());
        try (Scenario s = Scenario.of(docs, Optional.empty());
                SimulatedAppliance appliance = SimulatedAppliance.start(client)) {
            Plan plan = InputCommand.plan(s);
            new Applier(client, ApplyStrategy.createOrUpdate(), s.session.configKinds()).apply(plan);
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (System.nanoTime() < deadline && client.services().inAnyNamespace().list().getItems().stream()
                    .anyMatch(x -> x.getStatus() == null || x.getStatus().getLoadBalancer() == null
                            || x.getStatus().getLoadBalancer().getIngress() == null
                            || x.getStatus().getLoadBalancer().getIngress().isEmpty())) {
                Thread.sleep(50);
            }
        }
        // the mock has no API discovery: name the provider (on a real cluster it is inferred from the API groups)
        Cli.Run status = Cli.runWith("", Map.of("KUBECONFIG", kubeconfig.toString()), "status", "--provider",
                "metallb", "-o", "json");
        assertThat(status.exit()).as(status.err()).isZero();
        JsonNode root = status.json();
        assertThat(root.get("cluster").asString()).isEqualTo(client.getMasterUrl().toString());
        assertThat(root.get("simulated").asBoolean()).isFalse();
        List<String> lbs = new ArrayList<>();
        root.get("loadBalancers").forEach(lb -> lbs.add(lb.get("namespace").asString() + "/" + lb.get("name").asString()
                + " " + String.join(",", lb.get("addresses").get(0).asString()) + " " + lb.get("state").asString()));
        assertThat(lbs).containsExactly("tenant-a/web 10.10.255.200 READY", "tenant-b/api 10.10.255.201 READY",
                "tenant-c/dns-tcp 10.10.255.202 READY", "tenant-c/dns-udp 10.10.255.202 READY");
        assertThat(root.get("pools").get(0).get("used").asString()).isEqualTo("3");

        Cli.Run pools = Cli.run("pools", "--kubeconfig", kubeconfig.toString(), "--provider", "metallb");
        assertThat(pools.exit()).isZero();
        assertThat(pools.out()).startsWith("Cluster: cluster " + client.getMasterUrl() + "\nProvider: metallb\n")
                .contains("extern  IPv4    51     3     48    tenant-a=1,tenant-b=1,tenant-c=1");

        JsonNode adv = Cli.run("advertisements", "--kubeconfig", kubeconfig.toString(), "--provider", "metallb",
                "-o", "json").json();
        assertThat(adv.get("routes")).hasSize(3);
        assertThat(adv.get("routes").get(2).get("prefix").asString()).isEqualTo("10.10.255.202/32");

        // read-only commands refuse input on a real cluster rather than writing it
        Cli.Run withInput = Cli.run("status", "-q", "--kubeconfig", kubeconfig.toString(), "-f", Cli.seed(dir));
        assertThat(withInput.exit()).isEqualTo(2);
        assertThat(withInput.err()).isEqualTo("kubelb: status: reads the cluster and writes nothing; -f is only for "
                + "the embedded default (use apply -f to write)\n");
    }

    @Test
    void applyUsesServerSideApplyWhichTheMockLacksExitOneWithoutStackTrace() throws Exception {
        Cli.Run r = Cli.run("apply", "-q", "--kubeconfig", kubeconfig.toString(), "-f", Cli.seed(dir));
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("kubelb: error: [kubernetes] apply IPAddressPool/metallb-system/extern: ")
                .endsWith("(run with --debug for details)\n")
                .doesNotContain("\tat ");
        Cli.Run debug = Cli.run("apply", "-q", "--debug", "--kubeconfig", kubeconfig.toString(), "-f", Cli.seed(dir));
        assertThat(debug.exit()).isEqualTo(1);
        assertThat(debug.err()).contains("\tat dev.kubelb.core.Applier");
    }
}
