package dev.kubelb.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelb.api.FailureReason;
import dev.kubelb.api.LoadBalancerId;
import dev.kubelb.core.ProviderRegistry;
import dev.kubelb.core.Requests;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Cross-provider migration: the same neutral configuration and allocations rendered for MetalLB and for Cilium
 * give the same addresses to the same services, and MetalLB's TCP/53 + UDP/53 sharing is reported for Cilium before
 * 1.18 (provider option cilium.version; Cilium 1.18 compares port and protocol and accepts it).
 */
class MigrationTest {
    @TempDir
    Path dir;

    private Scenario seedScenario() throws Exception {
        List<Documents.Doc> docs = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Documents.parse("seed.yaml", DemoCommand.manifests(), docs, problems);
        assertThat(problems).isEmpty();
        return Scenario.of(docs, Optional.empty());
    }

    /** @return the address each rendered managed Service pins, by request */
    private static Map<String, String> pinned(List<HasMetadata> objects, String annotation) {
        Map<String, String> out = new TreeMap<>();
        for (HasMetadata o : objects) {
            if (o instanceof Service s) {
                out.put(s.getMetadata().getLabels().get("kubelb.dev/tenant") + "/"
                        + s.getMetadata().getLabels().get("kubelb.dev/request"), s.getMetadata().getAnnotations().get(annotation));
            }
        }
        return out;
    }

    @Test
    void sameAddressesForTheSameServicesOnBothAppliances() throws Exception {
        try (Scenario s = seedScenario()) {
            assertThat(s.provider.name()).isEqualTo("metallb");
            MigrateCommand.Migration toCilium = MigrateCommand.migrate(s,
                    ProviderRegistry.load().find("cilium").orElseThrow());
            Map<String, String> metallb = pinned(InputCommand.plan(s).objects(), Requests.METALLB_IPS);
            Map<String, String> cilium = pinned(toCilium.objects(), Requests.CILIUM_IPS);
            assertThat(metallb).containsExactlyEntriesOf(new TreeMap<>(Map.of(
                    "tenant-a/web", "10.10.255.200", "tenant-b/api", "10.10.255.201",
                    "tenant-c/dns-tcp", "10.10.255.202", "tenant-c/dns-udp", "10.10.255.202")));
            assertThat(cilium).isEqualTo(metallb);
            // the Cilium pool covers the same range, and every Service carries its allocation record
            assertThat(toCilium.objects()).extracting(HasMetadata::getKind).contains("CiliumLoadBalancerIPPool");
            assertThat(pinned(toCilium.objects(), "kubelb.dev/addresses")).isEqualTo(metallb);

            // Cilium 1.18 (the default) compares port and protocol: the TCP/53 + UDP/53 pair shares as on MetalLB
            assertThat(toCilium.differences()).isEmpty();

            // and the other way round nothing is lost: MetalLB accepts what it planned itself
            MigrateCommand.Migration toMetalLb = MigrateCommand.migrate(s,
                    ProviderRegistry.load().find("metallb").orElseThrow());
            assertThat(toMetalLb.differences()).isEmpty();
            assertThat(pinned(toMetalLb.objects(), Requests.METALLB_IPS)).isEqualTo(metallb);
        }
    }

    @Test
    void migrateCommandListsTheDifferencesBeforeAnythingIsAppliedAndExitsZero() throws Exception {
        Cli.Run r = Cli.run("migrate", "--to", "cilium", "--provider-option", "cilium.version=1.16", "-f", Cli.seed(dir),
                "-o", "json", "--allow-lossy");
        assertThat(r.exit()).isZero();
        assertThat(r.err()).isEmpty();
        JsonNode root = r.json();
        assertThat(root.get("from").asString()).isEqualTo("metallb");
        assertThat(root.get("provider").asString()).isEqualTo("cilium");
        assertThat(root.get("allocations")).hasSize(4);
        assertThat(root.get("differences")).hasSize(1);
        JsonNode d = root.get("differences").get(0);
        assertThat(d.get("namespace").asString()).isEqualTo("tenant-c");
        assertThat(d.get("name").asString()).isEqualTo("dns-udp");
        assertThat(d.get("addresses").get(0).asString()).isEqualTo("10.10.255.202");
        assertThat(d.get("reason").asString()).isEqualTo("INCOMPATIBLE_SHARING");
        assertThat(d.get("message").asString()).isEqualTo("Cilium refuses to share 10.10.255.202 with "
                + "tenant-c/dns-tcp: both use port 53 (TCP/53 and UDP/53); Cilium 1.16 compares port numbers whatever "
                + "the protocol (Cilium would answer already_allocated_incompatible_service)");
        List<String> kinds = new ArrayList<>();
        root.get("objects").forEach(o -> kinds.add(o.get("apiVersion").asString() + " " + o.get("kind").asString()));
        assertThat(kinds).containsExactly("cilium.io/v2 CiliumLoadBalancerIPPool", "cilium.io/v2 CiliumBGPAdvertisement",
                "cilium.io/v2 CiliumBGPPeerConfig", "cilium.io/v2 CiliumBGPClusterConfig", "v1 Service", "v1 Service",
                "v1 Service", "v1 Service");
        assertThat(root.get("warnings").get(0).asString()).startsWith("cilium: CiliumLoadBalancerIPPool/extern: "
                + "spec.allowFirstLastIPs: Cilium cannot express avoidBuggyIPs");
    }

    @Test
    void migrateTableNamesTheService() throws Exception {
        Cli.Run r = Cli.run("migrate", "--to", "cilium", "--provider-option", "cilium.version=1.16", "-f", Cli.seed(dir));
        // what Cilium treats differently makes the migration exit non-zero (MigrateMetalLbTest)
        assertThat(r.exit()).isEqualTo(MigrateCommand.LOSSY_EXIT);
        assertThat(r.out()).startsWith("Migration: metallb -> cilium (every address pinned; nothing applied)\n")
                .contains("DIFFERENCES (1): services cilium would treat differently\n")
                .contains("tenant-c   dns-udp  10.10.255.202  INCOMPATIBLE_SHARING");
    }

    @Test
    void unknownTarget() throws Exception {
        Cli.Run r = Cli.run("migrate", "--to", "f5", "-f", Cli.seed(dir));
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("kubelb: --to: unknown provider 'f5'; available: ccm, cilium, kube-vip, metallb\n");
    }
}
