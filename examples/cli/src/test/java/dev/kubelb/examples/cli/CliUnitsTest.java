package dev.kubelb.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The CLI's small parts: natural order, unified diff, secret masking, -f expansion, object paths, help model. */
class CliUnitsTest {
    @TempDir
    Path dir;

    @AfterEach
    void forget() {
        Secrets.forget();
    }

    @Test
    void thePreviewTableNamesTheAnnouncingNodesAndWhatIsWithheldAndWideAddsTheSelectors() {
        var config = dev.kubelb.api.ApplianceConfig.builder()
                .pool(dev.kubelb.api.AddressPool.builder("extern").addresses("10.10.255.200/29").build())
                .peer(dev.kubelb.api.BgpPeer.builder("router", 64500, 64501, "10.0.0.1").build())
                .advertisement(dev.kubelb.api.BgpAdvertisement.builder("extern").build()).build();
        var request = dev.kubelb.api.LoadBalancerRequest.builder("tenant-a", "local")
                .port(dev.kubelb.api.PortSpec.tcp(80)).trafficPolicy(dev.kubelb.api.TrafficPolicy.LOCAL)
                .backend(new dev.kubelb.api.Backend("nodes", List.of("192.0.2.11"),
                        List.of(dev.kubelb.api.PortSpec.tcp(30080)), Map.of("192.0.2.11",
                                new dev.kubelb.api.Backend.Node("node-1", java.util.Optional.empty())))).build();
        var assignment = new dev.kubelb.spi.Assignment(request, new dev.kubelb.api.Allocation(request.id(), "extern",
                List.of(dev.kubelb.api.IpAddress.parse("10.10.255.200")), java.util.Optional.empty()));
        var preview = Views.preview(new dev.kubelb.provider.metallb.MetalLbAdvertiser().advertisements(config,
                List.of(assignment), List.of(new dev.kubelb.api.ClusterNode("node-1", Map.of()),
                        new dev.kubelb.api.ClusterNode("node-2", Map.of()))));
        StringWriter table = new StringWriter();
        Views.previewTable(new PrintWriter(table, true), preview, false);
        assertThat(table.toString()).contains("PEER    PREFIX            COMMUNITIES  LOCAL-PREF  NODES   ADVERTISEMENTS  "
                + "SERVICES\nrouter  10.10.255.200/32               -           node-1  extern          tenant-a/local\n")
                .contains("WITHHELD (1)\n  tenant-a/local 10.10.255.200 on node-2: externalTrafficPolicy Local and no "
                        + "ready endpoint on this node\n").doesNotContain("NODE-SELECTORS");
        StringWriter wide = new StringWriter();
        Views.previewTable(new PrintWriter(wide, true), preview, true);
        assertThat(wide.toString()).contains("NODE-SELECTORS").containsPattern("tenant-a/local +all\n");
    }

    @Test
    void naturalOrder() {
        List<String> names = new ArrayList<>(List.of("svc-10", "svc-2", "svc-1", "svc-01", "a", "svc-100", "svc-9b",
                "svc-9a", "tenant-10/x", "tenant-2/y"));
        names.sort(NaturalOrder.INSTANCE);
        assertThat(names).containsExactly("a", "svc-1", "svc-01", "svc-2", "svc-9a", "svc-9b", "svc-10", "svc-100",
                "tenant-2/y", "tenant-10/x");
        assertThat(NaturalOrder.INSTANCE.compare("x99999999999999999999999", "x100000000000000000000000")).isNegative();
    }

    @Test
    void unifiedDiffLikeDiffU() {
        List<String> a = List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j");
        List<String> b = List.of("a", "b", "c", "d", "E", "f", "g", "h", "i", "j", "k");
        assertThat(UnifiedDiff.diff("old", "new", a, b)).containsExactly("--- old", "+++ new",
                "@@ -2,9 +2,10 @@", " b", " c", " d", "-e", "+E", " f", " g", " h", " i", " j", "+k");
        assertThat(UnifiedDiff.diff("old", "new", a, a)).isEmpty();
        assertThat(UnifiedDiff.diff("/dev/null", "new", List.of(), List.of("x", "y")))
                .containsExactly("--- /dev/null", "+++ new", "@@ -0,0 +1,2 @@", "+x", "+y");
        List<String> far = new ArrayList<>(a);
        far.set(0, "A");
        far.set(9, "J");
        assertThat(UnifiedDiff.diff("o", "n", a, far)).containsExactly("--- o", "+++ n", "@@ -1,4 +1,4 @@", "-a", "+A",
                " b", " c", " d", "@@ -7,4 +7,4 @@", " g", " h", " i", "-j", "+J");
    }

    @Test
    void secretsAreMaskedInTreesAndText() {
        Map<String, Object> peer = new LinkedHashMap<>();
        peer.put("apiVersion", "metallb.io/v1beta2");
        peer.put("kind", "BGPPeer");
        peer.put("spec", new LinkedHashMap<>(Map.of("password", "hunter22", "passwordSecret", Map.of("name", "x"),
                "peerASN", 64501)));
        Map<String, Object> secret = new LinkedHashMap<>(Map.of("apiVersion", "v1", "kind", "Secret",
                "data", new LinkedHashMap<>(Map.of("password", "aHVudGVyMjI=")),
                "stringData", new LinkedHashMap<>(Map.of("x", "plain-value"))));
        Secrets.maskTree(List.of(peer, secret));
        assertThat(peer.toString()).doesNotContain("hunter22").contains("password=<masked>")
                .contains("passwordSecret={name=x}").contains("peerASN=64501");
        assertThat(secret.toString()).doesNotContain("aHVudGVyMjI=").doesNotContain("plain-value");
        // learnt values are masked in any text, e.g. an exception message
        assertThat(Secrets.mask("failed: hunter22 rejected")).isEqualTo("failed: <masked> rejected");
        Secrets.scan("spec:\n  password: 'pa ss word'\n  token: \"tok\\\"en\"\n  myASN: 64500\n");
        assertThat(Secrets.mask("x pa ss word y")).isEqualTo("x <masked> y");
        assertThat(Secrets.mask("64500")).isEqualTo("64500");
        StringWriter sw = new StringWriter();
        PrintWriter w = MaskingWriter.wrap(new PrintWriter(sw));
        w.print("half hun");
        w.print("ter22 and more\n");
        w.flush();
        assertThat(sw.toString()).isEqualTo("half <masked> and more\n");
    }

    @Test
    void inputFilesExpandLikeKubectl() throws Exception {
        Path d = Files.createDirectories(dir.resolve("m/sub"));
        Files.writeString(dir.resolve("m/b-10.yaml"), "");
        Files.writeString(dir.resolve("m/b-2.yml"), "");
        Files.writeString(dir.resolve("m/x.txt"), "");
        Files.writeString(d.resolve("c.json"), "");
        String m = dir.resolve("m").toString();
        assertThat(InputFiles.expand(List.of(m), false)).containsExactly(m + "/b-2.yml", m + "/b-10.yaml");
        assertThat(InputFiles.expand(List.of(m), true)).containsExactly(m + "/b-2.yml", m + "/b-10.yaml",
                m + "/sub/c.json");
        assertThat(InputFiles.expand(List.of("a.yaml,b.yaml", "-"), false)).containsExactly("a.yaml", "b.yaml", "-");
        assertThatThrownBy(() -> InputFiles.expand(List.of("-", "x,-"), false)).isInstanceOf(CliException.class)
                .hasMessage("kubelb: -f -: standard input can be read only once");
        assertThatThrownBy(() -> InputFiles.expand(List.of("a,,b"), false))
                .hasMessage("kubelb: -f 'a,,b': empty file name in the list");
    }

    @Test
    void requestCounterCountsReadsOfSingleObjects() {
        assertThat(RequestCounter.isItem("/api/v1/namespaces/t/services/web")).isTrue();
        assertThat(RequestCounter.isItem("/apis/metallb.io/v1beta1/namespaces/m/ipaddresspools/p")).isTrue();
        assertThat(RequestCounter.isItem("/api/v1/namespaces/t")).isTrue();
        assertThat(RequestCounter.isItem("/apis/cilium.io/v2/ciliumloadbalancerippools/p")).isTrue();
        assertThat(RequestCounter.isItem("/api/v1/namespaces/t/services")).isFalse();
        assertThat(RequestCounter.isItem("/api/v1/services")).isFalse();
        assertThat(RequestCounter.isItem("/apis")).isFalse();
        assertThat(RequestCounter.isItem("/version")).isFalse();
    }

    @Test
    void everyOptionOfEveryCommandIsDescribed() {
        CommandLine root = KubeLbCli.commandLine(new KubeLbCli());
        List<CommandLine> all = new ArrayList<>(List.of(root));
        all.addAll(root.getSubcommands().values());
        for (CommandLine c : all) {
            assertThat(c.getCommandSpec().optionsMap()).as(c.getCommandName()).containsKeys("-h", "--help");
            for (CommandLine.Model.OptionSpec o : c.getCommandSpec().options()) {
                assertThat(String.join(" ", o.description())).as(c.getCommandName() + " " + o.longestName())
                        .isNotBlank();
            }
            if (!"help".equals(c.getCommandName())) {
                assertThat(c.getCommandSpec().usageMessage().footer()).as(c.getCommandName() + " examples").isNotEmpty();
            }
        }
    }

    @Test
    void embeddedDiscoveryAnswersWhatKubectlAsks() {
        assertThat(Discovery.discovery("/api")).contains("\"kind\":\"APIVersions\"").contains("\"v1\"");
        assertThat(Discovery.discovery("/apis")).contains("\"name\":\"metallb.io\"").contains("\"groupVersion\":"
                + "\"metallb.io/v1beta2\"");
        assertThat(Discovery.discovery("/apis/metallb.io/v1beta1")).contains("\"name\":\"ipaddresspools\"")
                .contains("\"kind\":\"IPAddressPool\"").contains("\"namespaced\":true");
        assertThat(Discovery.discovery("/api/v1")).contains("\"name\":\"services\"").contains("\"shortNames\":[\"svc\"]");
        assertThat(Discovery.discovery("/version")).contains("\"gitVersion\"");
        assertThat(Discovery.discovery("/api/v1/namespaces")).isNull();
        assertThat(Discovery.discovery("/apis/unknown.io/v1")).isNull();
    }
}
