package dev.kubelb.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code kubelb migrate} from MetalLB: pinned Services migrate, the user's objects keep their names, and a
 * target that refuses or changes something makes it exit {@value MigrateCommand#LOSSY_EXIT} unless
 * {@code --allow-lossy}.
 */
class MigrateMetalLbTest {
    private static final String CONFIG = """
            apiVersion: metallb.io/v1beta1
            kind: IPAddressPool
            metadata: {name: extern, namespace: metallb-system}
            spec:
              addresses: [10.10.255.200-10.10.255.250]
            ---
            apiVersion: metallb.io/v1beta1
            kind: Community
            metadata: {name: transit, namespace: metallb-system}
            spec:
              communities:
              - {name: transit-only, value: "64512:300"}
            ---
            apiVersion: metallb.io/v1beta2
            kind: BGPPeer
            metadata: {name: tor, namespace: metallb-system}
            spec: {myASN: 64512, peerASN: 64513, peerAddress: 172.30.0.3}
            ---
            apiVersion: metallb.io/v1beta1
            kind: BGPAdvertisement
            metadata: {name: edge, namespace: metallb-system}
            spec:
              ipAddressPools: [extern]
              communities: [transit-only]
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: web
              namespace: shop
              annotations:
                metallb.io/loadBalancerIPs: 10.10.255.210
            spec:
              type: LoadBalancer
              ports: [{port: 80, protocol: TCP}]
            """;

    @TempDir
    Path dir;

    private String write(String name, String text) throws Exception {
        return Cli.write(dir, name, text);
    }

    @Test
    void aPinnedServiceMigratesAndNamesAreKept() throws Exception {
        Cli.Run r = Cli.run("migrate", "--to", "metallb", "-f", write("in.yaml", CONFIG), "-o", "json");
        assertThat(r.err()).isEmpty();
        assertThat(r.exit()).isZero();
        JsonNode root = r.json();
        assertThat(root.get("lossless").asBoolean()).isTrue();
        assertThat(root.get("failures")).isEmpty();
        assertThat(root.get("allocations").get(0).toString()).contains("10.10.255.210");
        List<String> names = new ArrayList<>();
        root.get("objects").forEach(o -> names.add(o.get("kind").asString() + "/"
                + o.get("metadata").get("name").asString()));
        assertThat(names).contains("IPAddressPool/extern", "Community/transit", "BGPPeer/tor", "BGPAdvertisement/edge");
        root.get("objects").forEach(o -> {
            if (o.get("kind").asString().equals("Service")) {
                assertThat(o.get("metadata").get("annotations").get("metallb.io/loadBalancerIPs").asString())
                        .isEqualTo("10.10.255.210");
            }
        });
    }

    @Test
    void whatTheTargetDoesNotKeepIsListedAndExitsNonZeroUnlessAllowed() throws Exception {
        // AS-path prepending and service selectors have no Cilium equivalent in a CiliumBGPAdvertisement
        String lossy = CONFIG.replace("  communities: [transit-only]\n", "  communities: [transit-only]\n"
                + "  asPathPrepend: 2\n  serviceSelectors:\n  - matchLabels: {tier: web}\n");
        String file = write("lossy.yaml", lossy);
        Cli.Run r = Cli.run("migrate", "--to", "cilium", "-f", file, "-o", "json");
        assertThat(r.exit()).isEqualTo(MigrateCommand.LOSSY_EXIT);
        assertThat(r.err()).startsWith("kubelb: migrate: cilium would refuse or change ")
                .contains("pass --allow-lossy to accept");
        JsonNode root = r.json();
        assertThat(root.get("lossless").asBoolean()).isFalse();
        assertThat(root.get("losses").toString() + root.get("warnings")).contains("BGPAdvertisement/edge");
        Cli.Run allowed = Cli.run("migrate", "--to", "cilium", "-f", file, "-o", "json", "--allow-lossy");
        assertThat(allowed.exit()).isZero();
        assertThat(allowed.err()).isEmpty();
    }

    @Test
    void anUnnumberedPeerCiliumCannotExpressIsReportedNotACrash() throws Exception {
        String unnumbered = CONFIG.replace("spec: {myASN: 64512, peerASN: 64513, peerAddress: 172.30.0.3}",
                "spec: {myASN: 64512, peerASN: 64513, interface: eth1}");
        Cli.Run r = Cli.run("migrate", "--to", "cilium", "-f", write("unnumbered.yaml", unnumbered));
        assertThat(r.exit()).isEqualTo(MigrateCommand.LOSSY_EXIT);
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(r.out()).contains("BGPPeer/tor");
    }

    @Test
    void aConfigurationAnOlderMetalLbRefusesIsInvalidInputNamingTheField() throws Exception {
        String unnumbered = CONFIG.replace("spec: {myASN: 64512, peerASN: 64513, peerAddress: 172.30.0.3}",
                "spec: {myASN: 64512, peerASN: 64513, interface: eth1}");
        Cli.Run r = Cli.run("migrate", "--to", "metallb", "--provider-option", "metallb.version=0.14", "-f",
                write("unnumbered.yaml", unnumbered));
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("BGPPeer/tor: spec.interface: requires MetalLB 0.15 or later; option "
                + "metallb.version is 0.14");
    }
}
