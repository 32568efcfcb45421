package dev.kubelb.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class PlanCommandTest {
    @TempDir
    Path dir;

    @Test
    void seedPlanAsJsonIsIssue8sObjectFieldByField() throws Exception {
        Cli.Run r = Cli.run("plan", "-f", Cli.seed(dir), "-o", "json");
        assertThat(r.exit()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out().strip().lines()).hasSize(1); // exactly one JSON object
        JsonNode root = r.json();
        List<String> keys = new ArrayList<>();
        root.propertyNames().forEach(keys::add);
        assertThat(keys).containsExactly("provider", "allocations", "failures", "warnings", "objects");
        assertThat(root.get("provider").asString()).isEqualTo("metallb");
        JsonNode allocations = root.get("allocations");
        assertThat(allocations).hasSize(4);
        assertAllocation(allocations.get(0), "tenant-a", "web", "10.10.255.200", "extern");
        assertAllocation(allocations.get(1), "tenant-b", "api", "10.10.255.201", "extern");
        assertAllocation(allocations.get(2), "tenant-c", "dns-tcp", "10.10.255.202", "extern");
        assertAllocation(allocations.get(3), "tenant-c", "dns-udp", "10.10.255.202", "extern");
        List<String> allocationKeys = new ArrayList<>();
        allocations.get(0).propertyNames().forEach(allocationKeys::add);
        assertThat(allocationKeys).containsExactly("namespace", "name", "addresses", "pool");
        assertThat(root.get("failures")).isEmpty();
        assertThat(root.get("warnings")).isEmpty();
        List<String> objects = new ArrayList<>();
        for (JsonNode o : root.get("objects")) {
            objects.add(o.get("kind").asString() + "/" + o.get("metadata").get("name").asString());
        }
        assertThat(objects).containsExactly("IPAddressPool/extern", "BGPPeer/router-a", "BGPAdvertisement/extern",
                "Service/kubelb-web", "Service/kubelb-api", "Service/kubelb-dns-tcp", "Service/kubelb-dns-udp");
        JsonNode web = root.get("objects").get(3);
        assertThat(web.get("apiVersion").asString()).isEqualTo("v1");
        assertThat(web.get("metadata").get("namespace").asString()).isEqualTo("tenant-a");
        assertThat(web.get("metadata").get("annotations").get("metallb.io/loadBalancerIPs").asString())
                .isEqualTo("10.10.255.200");
        assertThat(web.get("spec").get("type").asString()).isEqualTo("LoadBalancer");
    }

    private static void assertAllocation(JsonNode a, String ns, String name, String address, String pool) {
        assertThat(a.get("namespace").asString()).isEqualTo(ns);
        assertThat(a.get("name").asString()).isEqualTo(name);
        assertThat(a.get("addresses")).hasSize(1);
        assertThat(a.get("addresses").get(0).asString()).isEqualTo(address);
        assertThat(a.get("pool").asString()).isEqualTo(pool);
    }

    @Test
    void jsonIsDeterministic() throws Exception {
        String seed = Cli.seed(dir);
        assertThat(Cli.run("plan", "-f", seed, "-o", "json").out()).isEqualTo(Cli.run("plan", "-f", seed, "-o", "json").out());
    }

    @Test
    void yamlCarriesTheSameObject() throws Exception {
        String seed = Cli.seed(dir);
        Cli.Run yaml = Cli.run("plan", "-f", seed, "-o", "yaml");
        assertThat(yaml.exit()).isZero();
        JsonNode fromYaml = tools.jackson.dataformat.yaml.YAMLMapper.builder().build().readTree(yaml.out());
        assertThat(fromYaml).isEqualTo(Cli.run("plan", "-f", seed, "-o", "json").json());
    }

    @Test
    void tableForHumans() throws Exception {
        Cli.Run r = Cli.run("plan", "-f", Cli.seed(dir));
        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith("Provider: metallb\n")
                .contains("NAMESPACE  NAME     ADDRESSES      POOL\n"
                        + "tenant-a   web      10.10.255.200  extern\n")
                .contains("OBJECTS (7)")
                .contains("  v1 Service/tenant-c/kubelb-dns-udp\n");
    }

    @Test
    void failedRequestsAreListedWithExitZeroAndExistingAddressesAreReservedFirst() {
        Cli.Run r = Cli.run("plan", "-f", Cli.input("small-pool.yaml"), "-o", "json");
        assertThat(r.exit()).isZero();
        JsonNode root = r.json();
        // "holder" comes last in the input but already holds 192.0.2.10: it keeps it, "first" gets .11
        assertThat(root.get("allocations")).hasSize(2);
        assertAllocation(root.get("allocations").get(0), "tenant-a", "first", "192.0.2.11", "tiny");
        assertAllocation(root.get("allocations").get(1), "tenant-c", "holder", "192.0.2.10", "tiny");
        JsonNode failure = root.get("failures").get(0);
        assertThat(root.get("failures")).hasSize(1);
        assertThat(failure.get("namespace").asString()).isEqualTo("tenant-b");
        assertThat(failure.get("name").asString()).isEqualTo("second");
        assertThat(failure.get("reason").asString()).isEqualTo("POOL_EXHAUSTED");
        assertThat(failure.get("message").asString()).isEqualTo("pool tiny has no free IPv4 address (2 of 2 in use)");
        assertThat(root.get("warnings").get(0).asString()).isEqualTo(Cli.input("small-pool.yaml")
                + ": document 4: Service/tenant-a/internal is of type ClusterIP, not LoadBalancer; ignored");
    }

    @Test
    void pinningAnnotationIsReservedBeforeEarlierRequests() throws Exception {
        Path f = dir.resolve("pin.yaml");
        Files.writeString(f, """
                apiVersion: metallb.io/v1beta1
                kind: IPAddressPool
                metadata: {name: extern, namespace: metallb-system}
                spec: {addresses: [10.10.255.200-10.10.255.250]}
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: early, namespace: tenant-a}
                spec: {type: LoadBalancer, ports: [{port: 80}]}
                ---
                apiVersion: v1
                kind: Service
                metadata:
                  name: pinned
                  namespace: tenant-b
                  annotations: {metallb.io/loadBalancerIPs: 10.10.255.200}
                spec: {type: LoadBalancer, ports: [{port: 80}]}
                """);
        JsonNode root = Cli.run("plan", "-f", f.toString(), "-o", "json").json();
        assertAllocation(root.get("allocations").get(0), "tenant-a", "early", "10.10.255.201", "extern");
        assertAllocation(root.get("allocations").get(1), "tenant-b", "pinned", "10.10.255.200", "extern");
    }

    @Test
    void kubeLbLoadBalancerResourcesAreRequests() {
        Cli.Run r = Cli.run("plan", "-f", Cli.input("kubelb-lb.yaml"), "-o", "json");
        assertThat(r.exit()).isZero();
        JsonNode root = r.json();
        assertAllocation(root.get("allocations").get(0), "tenant-shroedinger", "6f1c2a-uid", "10.10.255.210", "extern");
        assertThat(root.get("warnings").get(0).asString()).isEqualTo("IPAddressPool/extern: no BGPAdvertisement or "
                + "L2Advertisement selects this pool: its addresses are allocated but never announced");
        // the back ends of the KubeLB resource are wired through an EndpointSlice
        JsonNode slice = root.get("objects").get(2);
        assertThat(slice.get("kind").asString()).isEqualTo("EndpointSlice");
        assertThat(slice.get("endpoints")).hasSize(2);
    }

    @Test
    void providerIsInferredFromTheApplianceResources() {
        Cli.Run r = Cli.run("plan", "-f", Cli.input("cilium.yaml"), "-o", "json");
        assertThat(r.exit()).isZero();
        assertThat(r.json().get("provider").asString()).isEqualTo("cilium");
        assertAllocation(r.json().get("allocations").get(0), "tenant-a", "web", "10.10.255.200", "extern");
    }

    @Test
    void readsStdin() throws Exception {
        Cli.Run r = Cli.runWith(DemoCommand.manifests(), Map.of(), "plan", "-f", "-", "-o", "json");
        assertThat(r.exit()).isZero();
        assertThat(r.json().get("allocations")).hasSize(4);
    }

    @Test
    void unknownProviderIsInvalidInput() throws Exception {
        Cli.Run r = Cli.run("plan", "-f", Cli.seed(dir), "--provider", "nope");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("kubelb: provider: unknown provider 'nope'; available: ccm, cilium, kube-vip, "
                + "metallb\n");
    }

    @Test
    void servicesAloneCannotNameTheirProvider() throws Exception {
        String svc = "apiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec: {type: LoadBalancer, ports: [{port: 80}]}\n";
        Cli.Run r = Cli.runWith(svc, Map.of(), "plan", "-f", "-");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("kubelb: provider: no provider supports this cluster; available: ccm, cilium, "
                + "kube-vip, metallb (name one explicitly) (no appliance resources were given to infer it from: pass "
                + "--provider)\n");
    }

    @Test
    void noInputIsAUsageError() {
        Cli.Run r = Cli.run("plan");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("kubelb: plan: no input: pass -f FILE (or -f - for stdin)\n");
    }

    @Test
    void namespaceLabelsScopePoolsAndNodeAddressesWireBackEnds() {
        Cli.Run r = Cli.run("plan", "-f", Cli.input("scoped.yaml"), "--node-address", "192.0.2.11", "--node-address",
                "192.0.2.12", "-o", "json");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode root = r.json();
        // the pool scoped to namespaces labelled tier=gold serves tenant-gold only
        assertAllocation(root.get("allocations").get(0), "tenant-gold", "web", "192.0.2.100", "gold");
        assertAllocation(root.get("allocations").get(1), "tenant-plain", "web", "198.51.100.10", "general");
        JsonNode slice = null;
        for (JsonNode o : root.get("objects")) {
            if (o.get("kind").asString().equals("EndpointSlice")
                    && o.get("metadata").get("namespace").asString().equals("tenant-gold")) {
                slice = o;
            }
        }
        assertThat(slice).isNotNull();
        List<String> endpoints = new ArrayList<>();
        slice.get("endpoints").forEach(e -> endpoints.add(e.get("addresses").get(0).asString()));
        assertThat(endpoints).containsExactly("192.0.2.11", "192.0.2.12");
        assertThat(slice.get("ports").get(0).get("port").asInt()).isEqualTo(30080);
    }

    @Test
    void cloudHintSelectsTheCcmWhichAllocatesItself() {
        String svc = "apiVersion: v1\nkind: Service\nmetadata: {name: a, namespace: t}\n"
                + "spec: {type: LoadBalancer, ports: [{port: 80}]}\n";
        Cli.Run json = Cli.runWith(svc, Map.of(), "plan", "-f", "-", "--hint", "cloud=gcp", "-o", "json");
        assertThat(json.exit()).as(json.err()).isZero();
        assertThat(json.json().get("provider").asString()).isEqualTo("ccm");
        assertThat(json.json().get("allocations")).isEmpty(); // delegated: the cloud answers later
        assertThat(json.json().get("failures")).isEmpty();
        assertThat(json.json().get("objects").get(0).get("metadata").get("name").asString()).isEqualTo("kubelb-a");
        Cli.Run table = Cli.runWith(svc, Map.of(), "plan", "-f", "-", "--provider", "ccm", "--provider-option",
                "ccm.cloud=aws");
        assertThat(table.exit()).isZero();
        assertThat(table.out()).contains("PENDING (1): the appliance allocates these itself\n  t/a\n");
    }
}
