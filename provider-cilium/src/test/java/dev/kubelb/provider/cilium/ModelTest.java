package dev.kubelb.provider.cilium;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubelb.api.ConfigurationException;
import dev.kubelb.provider.cilium.model.CiliumBGPNodeConfigOverride;
import dev.kubelb.provider.cilium.model.CiliumLoadBalancerIPPool;
import dev.kubelb.provider.cilium.model.IpPoolSpec;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The typed models bind Cilium's field names and omit what is unset. */
class ModelTest {

    @Test
    void nodeOverrideBindsCiliumFieldNames() {
        String yaml = """
                apiVersion: cilium.io/v2
                kind: CiliumBGPNodeConfigOverride
                metadata:
                  name: "bgpv2-cplane-dev-multi-homing-worker"
                spec:
                  bgpInstances:
                  - name: "instance-65000"
                    routerID: "192.168.10.1"
                    localPort: 1790
                    localASN: 65001
                    peers:
                    - name: "peer-65000-tor1"
                      localAddress: fd00:10:0:2::2
                """;
        CiliumBGPNodeConfigOverride o = Fixtures.SERIALIZATION.unmarshal(yaml, CiliumBGPNodeConfigOverride.class);
        var in = o.getSpec().getBgpInstances().get(0);
        assertThat(in.getRouterID()).isEqualTo("192.168.10.1");
        assertThat(in.getLocalPort()).isEqualTo(1790);
        assertThat(in.getLocalASN()).isEqualTo(65001L);
        assertThat(in.getPeers().get(0).getLocalAddress()).isEqualTo("fd00:10:0:2::2");
        assertThat(Fixtures.SERIALIZATION.asYaml(o)).contains("routerID: \"192.168.10.1\"", "localASN: 65001",
                "localAddress: \"fd00:10:0:2::2\"").doesNotContain("status", "null");
        // per-node BGP overrides have no neutral form: accepted, reported as a difference, rendered back as written
        CiliumSession session = Fixtures.session();
        var c = session.importConfig(List.of(o));
        assertThat(session.importDifferences(c)).extracting(Object::toString).containsExactly(
                "CiliumBGPNodeConfigOverride/bgpv2-cplane-dev-multi-homing-worker: spec: per-node BGP overrides (routerID, "
                        + "localAddress, localPort, sourceInterface) have no neutral form; kept as written");
        assertThat(Fixtures.yaml(session.renderConfig(c, List.of()))).contains("routerID: \"192.168.10.1\"",
                "localAddress: \"fd00:10:0:2::2\"", "kind: \"CiliumBGPNodeConfigOverride\"");
    }

    @Test
    void unsetFieldsAreOmitted() {
        CiliumLoadBalancerIPPool p = new CiliumLoadBalancerIPPool();
        ObjectMeta m = new ObjectMeta();
        m.setName("p");
        p.setMetadata(m);
        IpPoolSpec spec = new IpPoolSpec();
        spec.setBlocks(List.of(IpPoolSpec.Block.cidr("10.0.0.0/24")));
        p.setSpec(spec);
        assertThat(Fixtures.SERIALIZATION.asYaml(p)).isEqualTo("""
                ---
                apiVersion: "cilium.io/v2"
                kind: "CiliumLoadBalancerIPPool"
                metadata:
                  name: "p"
                spec:
                  blocks:
                  - cidr: "10.0.0.0/24"
                """);
    }

    @Test
    void poolStatusConditionsAreRead() {
        String yaml = """
                apiVersion: cilium.io/v2
                kind: CiliumLoadBalancerIPPool
                metadata: {name: blue}
                spec:
                  blocks: [{cidr: 10.0.0.0/24}]
                  disabled: false
                status:
                  conditions:
                  - type: cilium.io/PoolConflict
                    status: "True"
                    reason: cidr_overlap
                    message: overlaps with red
                    lastTransitionTime: "2026-11-25T12:00:00Z"
                """;
        CiliumLoadBalancerIPPool p = Fixtures.SERIALIZATION.unmarshal(yaml, CiliumLoadBalancerIPPool.class);
        assertThat(p.getStatus().getConditions()).singleElement().satisfies(c -> {
            assertThat(c.getType()).isEqualTo("cilium.io/PoolConflict");
            assertThat(c.getReason()).isEqualTo("cidr_overlap");
        });
        // status and disabled: false are ignored by import
        HasMetadata generic = Fixtures.parse(yaml).get(0);
        assertThat(Fixtures.session().importConfig(List.of(generic)).pools()).singleElement()
                .satisfies(pool -> assertThat(pool.name()).isEqualTo("blue"));
    }

    @Test
    void schemaViolationsAreReportedWithTheirFieldBeforeAnythingElse() {
        String yaml = """
                apiVersion: cilium.io/v2
                kind: CiliumLoadBalancerIPPool
                metadata: {name: odd}
                spec:
                  blocks:
                  - {cidr: 10.0.0.1/24}
                  - {start: 10.1.0.9}
                  allowFirstLastIPs: Maybe
                  disabled: true
                """;
        assertThatThrownBy(() -> Fixtures.session().importConfig(Fixtures.parse(yaml)))
                .isInstanceOf(ConfigurationException.class)
                .satisfies(e -> assertThat(((ConfigurationException) e).problems()).extracting(Object::toString)
                        .containsExactly("CiliumLoadBalancerIPPool/odd: spec.allowFirstLastIPs: 'Maybe' is not one of "
                                + "Yes, No"));
    }
}
