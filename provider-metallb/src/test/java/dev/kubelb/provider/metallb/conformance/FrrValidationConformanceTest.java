package dev.kubelb.provider.metallb.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubelb.api.ConfigurationException;
import dev.kubelb.core.Plan;
import dev.kubelb.core.Planner;
import dev.kubelb.provider.metallb.MetalLbSession;
import dev.kubelb.spi.ProviderContext;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Our translation of MetalLB's internal/config/validation_test.go {@code TestValidateFRR} (v0.16,
 * {@code DiscardNativeOnly} → {@code checkFRRPeersCompatible}): peers that may select one node need one
 * router ID, distinct addresses within a VRF and one {@code myASN} within a VRF. Each case goes through what
 * {@code kubelb plan} does (import, validate, plan). Upstream's peers lack names and ASNs; ours have both
 * ({@code myASN} as the case gives, 64500 otherwise). Upstream decides node overlap from the cluster's Nodes;
 * we decide it from the selectors alone, so "duplicate address, disjoint selectors but no nodes known
 * (conservative)" is accepted here. A differing router ID or myASN, which MetalLB's FRR mode refuses, is a
 * warning here (the native backend accepts them). Both are deliberate differences (provider-metallb/README.md).
 */
class FrrValidationConformanceTest {
    private static final KubernetesSerialization YAML = new KubernetesSerialization();

    /** A peer: {@code address} (or {@code if:eth0}), then {@code key: value} fields of its spec. */
    private static String peer(String name, String address, String... fields) {
        StringBuilder b = new StringBuilder("---\napiVersion: metallb.io/v1beta2\nkind: BGPPeer\nmetadata: {name: ")
                .append(name).append(", namespace: metallb-system}\nspec:\n  peerASN: 64501\n");
        b.append(address.startsWith("if:") ? "  interface: " + address.substring(3) : "  peerAddress: " + address)
                .append('\n');
        boolean asn = false;
        for (String f : fields) {
            b.append("  ").append(f).append('\n');
            asn |= f.startsWith("myASN");
        }
        if (!asn) {
            b.append("  myASN: 64500\n");
        }
        return b.toString();
    }

    private static String onNodes(String name, String... hosts) {
        List<String> sels = new ArrayList<>();
        for (String h : hosts) {
            sels.add("{matchLabels: {kubernetes.io/hostname: " + h + "}}");
        }
        return peer(name, "1.2.3.4", "nodeSelectors: [" + String.join(", ", sels) + "]");
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("peer with routerid", peer("a", "1.2.3.4", "routerID: 1.2.3.4"), false),
                Arguments.of("routerid set, one different", peer("a", "1.2.3.4", "routerID: 1.2.3.4")
                        + peer("b", "1.2.3.5", "routerID: 1.2.3.4") + peer("c", "1.2.3.6", "routerID: 1.2.3.5"), true),
                Arguments.of("routerid set, one not set", peer("a", "1.2.3.4", "routerID: 1.2.3.4")
                        + peer("b", "1.2.3.5", "routerID: 1.2.3.4") + peer("c", "1.2.3.6"), true),
                Arguments.of("bfd profile set", peer("a", "1.2.3.4", "routerID: 1.2.3.4")
                        + "---\napiVersion: metallb.io/v1beta1\nkind: BFDProfile\n"
                        + "metadata: {name: foo, namespace: metallb-system}\nspec: {}\n", false),
                Arguments.of("myAsn set, all equals", peer("a", "1.2.3.4", "myASN: 123") + peer("b", "1.2.3.5",
                        "myASN: 123") + peer("c", "1.2.3.6", "myASN: 123"), false),
                Arguments.of("myAsn set, one different", peer("a", "1.2.3.4", "myASN: 123") + peer("b", "1.2.3.5",
                        "myASN: 123") + peer("c", "1.2.3.6", "myASN: 124"), true),
                Arguments.of("myAsn set, one different but with different vrf", peer("a", "1.2.3.4", "myASN: 123")
                        + peer("b", "1.2.3.5", "myASN: 123") + peer("c", "1.2.3.6", "myASN: 124", "vrf: red"), false),
                Arguments.of("myAsn set, two different but with different vrf", peer("a", "1.2.3.4", "myASN: 123",
                        "vrf: red") + peer("b", "1.2.3.5", "myASN: 123", "vrf: red") + peer("c", "1.2.3.6",
                        "myASN: 124"), false),
                Arguments.of("duplicate bgp address", peer("a", "1.2.3.4") + peer("b", "1.2.3.4"), true),
                Arguments.of("duplicate bgp address, different vrfs", peer("a", "1.2.3.4") + peer("b", "1.2.3.4",
                        "vrf: red") + peer("c", "1.2.3.4", "vrf: green"), false),
                Arguments.of("duplicate bgp address, same vrf", peer("a", "1.2.3.4") + peer("b", "1.2.3.4",
                        "vrf: red") + peer("c", "1.2.3.4", "vrf: red"), true),
                Arguments.of("two peers with interface set different", peer("a", "if:eth0", "myASN: 123")
                        + peer("b", "if:eth1", "myASN: 123"), false),
                Arguments.of("two peers with interface set same", peer("a", "if:eth0", "myASN: 123")
                        + peer("b", "if:eth0", "myASN: 123"), true),
                Arguments.of("duplicate address, disjoint hostname selectors", onNodes("a", "node1")
                        + onNodes("b", "node2"), false),
                Arguments.of("duplicate address, overlapping hostname selectors", onNodes("a", "node1")
                        + onNodes("b", "node1"), true),
                Arguments.of("duplicate address, one peer without nodeSelector matches all nodes",
                        peer("a", "1.2.3.4") + onNodes("b", "node1"), true),
                Arguments.of("three peers same address, all on distinct nodes", onNodes("a", "node1")
                        + onNodes("b", "node2") + onNodes("c", "node3"), false),
                Arguments.of("three peers same address, third overlaps with first", onNodes("a", "node1")
                        + onNodes("b", "node2") + onNodes("c", "node1"), true),
                Arguments.of("duplicate address, multiple nodeSelectors (OR), disjoint", onNodes("a", "node1", "node2")
                        + onNodes("b", "node3", "node4"), false),
                Arguments.of("duplicate address, multiple nodeSelectors (OR), overlap via second selector",
                        onNodes("a", "node1", "node2") + onNodes("b", "node3", "node2"), true));
    }

    @ParameterizedTest(name = "TestValidateFRR \"{0}\"")
    @MethodSource("cases")
    @SuppressWarnings("unchecked")
    void frrModeRules(String desc, String yaml, boolean mustFail) {
        MetalLbSession session = new MetalLbSession(ProviderContext.offline("metallb-system"));
        Object parsed = YAML.unmarshal(yaml.substring("---\n".length()));
        List<HasMetadata> objects = parsed instanceof List<?> l ? (List<HasMetadata>) l : List.of((HasMetadata) parsed);
        boolean warnedHere = desc.startsWith("routerid") || desc.startsWith("myAsn");
        if (mustFail && !warnedHere) {
            assertThatThrownBy(() -> Planner.builder(session).build().plan(session.importConfig(objects), List.of(),
                    List.of())).as(desc).isInstanceOf(ConfigurationException.class);
            return;
        }
        Plan plan = Planner.builder(session).build().plan(session.importConfig(objects), List.of(), List.of());
        assertThat(plan.failures()).as(desc).isEmpty();
        boolean warned = plan.warnings().stream().anyMatch(w -> w.message().contains("MetalLB in FRR mode"));
        // a differing router ID or myASN: MetalLB's FRR mode refuses it, we warn (the native backend takes it)
        assertThat(warned).as(desc + ": " + plan.warnings()).isEqualTo(mustFail);
    }
}
