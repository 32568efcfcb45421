package dev.kubelb.examples.tenantagent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubelb.api.ConfigurationException;
import dev.kubelb.core.TenantAgent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The host's settings and the agent's builder validation: every problem named, nothing started. */
class TenantAgentHostTest {

    @Test
    void everyMissingOrInvalidVariableIsNamed(@TempDir Path dir) {
        assertThatThrownBy(() -> TenantAgentHost.Settings.from(Map.of("KUBELB_SERVE_CLASSLESS", "yes")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("KUBELB_TENANT: not set")
                .hasMessageContaining("KUBELB_KUBECONFIG: not set")
                .hasMessageContaining("KUBELB_SERVE_CLASSLESS: 'yes' is not true or false");
        assertThatThrownBy(() -> TenantAgentHost.Settings.from(Map.of("KUBELB_TENANT", "east",
                "KUBELB_KUBECONFIG", dir.resolve("missing").toString())))
                .hasMessageContaining("is not a readable file");
    }

    @Test
    void defaultsFollowUpstreamsCcm(@TempDir Path dir) throws Exception {
        Path kc = Files.writeString(dir.resolve("kc"), "apiVersion: v1\nkind: Config\n");
        TenantAgentHost.Settings s = TenantAgentHost.Settings.from(Map.of("KUBELB_TENANT", "east",
                "KUBELB_KUBECONFIG", kc.toString(), "POD_NAME", "p-1"));
        assertThat(s.loadBalancerClass()).isEqualTo("kubelb");
        assertThat(s.serveClassless()).isFalse();
        assertThat(s.nodeAddressType()).isEqualTo("ExternalIP");
        assertThat(s.leaseNamespace()).isEqualTo("kube-system");
        assertThat(s.identity()).isEqualTo("p-1");
    }

    @Test
    void theBuilderNamesEveryProblem() {
        assertThatThrownBy(() -> TenantAgent.builder().tenantName("Bad_Name").nodeAddressType("PublicIP").workers(0).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("tenantClient").hasMessageContaining("managementClient")
                .hasMessageContaining("'tenant-Bad_Name' is not a valid namespace name")
                .hasMessageContaining("'PublicIP' is not ExternalIP, InternalIP or Hostname")
                .hasMessageContaining("workers");
    }
}
