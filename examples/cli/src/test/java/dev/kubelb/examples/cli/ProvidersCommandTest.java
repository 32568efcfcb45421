package dev.kubelb.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ProvidersCommandTest {
    @Test
    void listsEveryProviderServiceLoaderFound() {
        Cli.Run r = Cli.run("providers");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualTo("""
                NAME      PRIORITY  CAPABILITIES                       CLASS
                ccm       10        dual-stack,delegated-allocation    dev.kubelb.provider.ccm.CcmProvider
                cilium    90        bgp,l2,dual-stack,pinning,sharing  dev.kubelb.provider.cilium.CiliumProvider
                kube-vip  10        bgp,l2,dual-stack,pinning          dev.kubelb.examples.customprovider.KubeVipProvider
                metallb   100       bgp,l2,dual-stack,pinning,sharing  dev.kubelb.provider.metallb.MetalLbProvider
                """);
    }

    @Test
    void json() {
        JsonNode root = Cli.run("providers", "-o", "json").json();
        List<String> names = new ArrayList<>();
        root.get("providers").forEach(p -> names.add(p.get("name").asString() + ":" + p.get("priority").asInt()));
        assertThat(names).containsExactly("ccm:10", "cilium:90", "kube-vip:10", "metallb:100");
        assertThat(root.get("failures")).isEmpty();
    }
}
