package dev.kubelb.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelb.core.KubeLb;
import org.junit.jupiter.api.Test;

class LeaseCampaignTest {

    @Test
    void anIdentityGivenIsKept() {
        assertThat(LeaseCampaign.identityOrDefault("pod-1")).isEqualTo("pod-1");
    }

    @Test
    void noIdentityGetsOneUniquePerReplica() {
        String a = LeaseCampaign.identityOrDefault(null);
        String b = LeaseCampaign.identityOrDefault("  ");
        assertThat(a).isNotBlank().isNotEqualTo(b);
        String base = System.getenv("POD_NAME");
        if (base != null && !base.isBlank()) {
            assertThat(a).startsWith(base + "-");
        }
    }

    @Test
    void theBuildersTakeANullIdentity() {
        // a host that passes System.getenv("POD_NAME") outside a pod passes null: that is no programming error
        assertThat(KubeLb.builder().leaderElection("kubelb-system", "kubelb", null)).isNotNull();
        assertThat(dev.kubelb.core.TenantAgent.builder().leaderElection("kube-system", "kubelb-ccm", null)).isNotNull();
    }
}
