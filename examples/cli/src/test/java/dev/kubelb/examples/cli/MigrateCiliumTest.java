package dev.kubelb.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code kubelb migrate} from Cilium: what the user's Cilium objects say and the neutral model leaves out (the
 * Cilium session's {@code importDifferences}) is reported as a loss and makes the migration exit
 * {@value MigrateCommand#LOSSY_EXIT} unless {@code --allow-lossy}, as for MetalLB.
 */
class MigrateCiliumTest {
    private static final String CONFIG = """
            apiVersion: cilium.io/v2
            kind: CiliumLoadBalancerIPPool
            metadata: {name: extern}
            spec:
              blocks:
              - cidr: 10.10.0.0/24
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: web, namespace: shop}
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
    void aPlainPoolMigratesToMetalLbWithoutLoss() throws Exception {
        Cli.Run r = Cli.run("migrate", "--to", "metallb", "-f", write("in.yaml", CONFIG), "-o", "json");
        assertThat(r.err()).isEmpty();
        assertThat(r.exit()).isZero();
        assertThat(r.json().get("lossless").asBoolean()).isTrue();
    }

    @Test
    void whatTheNeutralModelLeavesOutOfCiliumsObjectsIsALossAndExitsNonZeroUnlessAllowed() throws Exception {
        String lossy = CONFIG + """
                ---
                apiVersion: cilium.io/v2
                kind: CiliumLoadBalancerIPPool
                metadata: {name: parked}
                spec:
                  disabled: true
                  blocks:
                  - cidr: 10.20.0.0/24
                """;
        String file = write("lossy.yaml", lossy);
        Cli.Run r = Cli.run("migrate", "--to", "metallb", "-f", file, "-o", "json");
        assertThat(r.exit()).isEqualTo(MigrateCommand.LOSSY_EXIT);
        assertThat(r.err()).startsWith("kubelb: migrate: metallb would refuse or change 1 item(s)")
                .contains("pass --allow-lossy to accept");
        JsonNode root = r.json();
        assertThat(root.get("lossless").asBoolean()).isFalse();
        assertThat(root.get("losses").toString()).contains("CiliumLoadBalancerIPPool/parked: spec.disabled: not carried "
                + "to metallb: a disabled pool has no neutral form");
        Cli.Run allowed = Cli.run("migrate", "--to", "metallb", "-f", file, "-o", "json", "--allow-lossy");
        assertThat(allowed.exit()).isZero();
        assertThat(allowed.err()).isEmpty();
    }
}
