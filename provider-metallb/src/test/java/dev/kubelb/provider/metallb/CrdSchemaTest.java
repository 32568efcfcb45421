package dev.kubelb.provider.metallb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubelb.api.ConfigurationException;
import dev.kubelb.provider.metallb.model.MetalLbKinds;
import dev.kubelb.spi.ProviderContext;
import dev.kubelb.spi.ResourceKind;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Our MetalLB model checked against MetalLB's real CRDs (0.16): every field of every configuration kind is
 * modelled (so rendering keeps it), the corpus that the round-trip tests run sets every one of them, and
 * a field the CRD does not declare is an error naming it.
 */
class CrdSchemaTest {
    private static final List<String> CORPUS = List.of("seed.yaml", "pools.yaml", "bgp.yaml", "l2.yaml",
            "peers.yaml", "v016.yaml");
    private final MetalLbSession session = new MetalLbSession(ProviderContext.offline("metallb-system"));

    static Stream<ResourceKind> kinds() {
        return MetalLbKinds.CONFIG_KINDS.stream();
    }

    private static Type specType(ResourceKind k) {
        Class<?> type = MetalLbKinds.typeOf(k.group() + "/" + k.version(), k.kind()).orElseThrow();
        return ((ParameterizedType) type.getGenericSuperclass()).getActualTypeArguments()[0];
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void everyCrdFieldIsModelledAndNothingElse(ResourceKind k) {
        Map<String, JSONSchemaProps> crd = CrdSchemas.leaves(CrdSchemas.spec(k.plural(), k.version()));
        assertThat(new TreeSet<>(KnownFields.paths(specType(k)))).as(k.kind())
                .isEqualTo(new TreeSet<>(crd.keySet()));
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void theRoundTripCorpusSetsEveryCrdField(ResourceKind k) {
        Map<String, JSONSchemaProps> crd = CrdSchemas.leaves(CrdSchemas.spec(k.plural(), k.version()));
        TreeSet<String> set = new TreeSet<>();
        for (String file : CORPUS) {
            for (HasMetadata o : Manifests.load(file)) {
                if (o.getKind().equals(k.kind())) {
                    Map<?, ?> tree = Manifests.SERIALIZATION.convertValue(o, Map.class);
                    collect(tree.get("spec"), "", set);
                }
            }
        }
        assertThat(set).as(k.kind() + " fields set somewhere in the corpus").containsAll(crd.keySet());
    }

    private static void collect(Object tree, String prefix, TreeSet<String> out) {
        if (tree instanceof Map<?, ?> m && !prefix.endsWith("matchLabels")) {
            m.forEach((key, v) -> collect(v, prefix + "." + key, out));
        } else if (tree instanceof List<?> l && !l.isEmpty()) {
            l.forEach(v -> collect(v, prefix + "[]", out));
        } else if (tree != null) {
            out.add(prefix);
        }
    }

    /** Every bound the CRD puts on a number is enforced by our import too, naming the field. */
    @ParameterizedTest
    @MethodSource("kinds")
    void numbersOutsideTheCrdBoundsAreRefusedNamingTheField(ResourceKind k) {
        Map<String, JSONSchemaProps> crd = CrdSchemas.leaves(CrdSchemas.spec(k.plural(), k.version()));
        List<String> checked = new ArrayList<>();
        for (Map.Entry<String, JSONSchemaProps> e : crd.entrySet()) {
            JSONSchemaProps s = e.getValue();
            if (!"integer".equals(s.getType()) || e.getKey().contains("[]")) {
                continue;
            }
            List<Long> bad = new ArrayList<>();
            if (s.getMaximum() != null) {
                bad.add(s.getMaximum().longValue() + 1);
            }
            if (s.getMinimum() != null && s.getMinimum().longValue() > 0) {
                bad.add(s.getMinimum().longValue() - 1);
            }
            String field = e.getKey().substring(1);
            for (long value : bad) {
                String yaml = minimal(k, field) + "  " + field.replace(".", ":\n    ") + ": " + value + "\n";
                assertThatThrownBy(() -> session.importConfig(Manifests.parse(yaml)))
                        .as(k.kind() + " " + field + "=" + value).isInstanceOf(ConfigurationException.class)
                        .hasMessageContaining(k.kind() + "/x").hasMessageContaining("spec." + field);
                checked.add(field + "=" + value);
            }
        }
        assertThat(checked.size()).as("bounds checked for " + k.kind() + ": " + checked)
                .isEqualTo((int) crd.entrySet().stream().filter(e -> "integer".equals(e.getValue().getType())
                        && !e.getKey().contains("[]")).mapToLong(e -> (e.getValue().getMaximum() != null ? 1 : 0)
                        + (e.getValue().getMinimum() != null && e.getValue().getMinimum().longValue() > 0 ? 1 : 0))
                        .sum());
    }

    /** A valid object of the kind, named x, whose spec ends the text (fields are appended to it). */
    private static String minimal(ResourceKind k, String field) {
        String head = "apiVersion: " + k.group() + "/" + k.version() + "\nkind: " + k.kind()
                + "\nmetadata:\n  name: x\n  namespace: metallb-system\nspec:\n";
        Map<String, String> body = new HashMap<>();
        body.put("IPAddressPool", "  addresses: [192.0.2.0/24]\n");
        body.put("BGPPeer", "  peerAddress: 192.0.2.1\n" + (field.equals("peerASN") ? "" : "  peerASN: 64513\n"));
        body.put("BFDProfile", "");
        body.put("BGPAdvertisement", "");
        body.put("L2Advertisement", "");
        body.put("Community", "");
        String b = body.get(k.kind());
        // BGPPeer needs myASN unless the field under test is myASN
        return head + b + (k.kind().equals("BGPPeer") && !field.equals("myASN") ? "  myASN: 64512\n" : "");
    }

    @Test
    void aMisspeltFieldIsAnErrorNamingObjectFieldAndTheLikelyIntent() {
        String yaml = """
                apiVersion: metallb.io/v1beta2
                kind: BGPPeer
                metadata:
                  name: tor
                  namespace: metallb-system
                spec:
                  myASN: 64512
                  peerASN: 64513
                  peerAdress: 192.0.2.1
                  nodeSelectors:
                  - matchLabel:
                      rack: a
                """;
        assertThatThrownBy(() -> session.importConfig(Manifests.parse(yaml)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("BGPPeer/tor")
                .hasMessageContaining("spec.peerAdress: unknown field (did you mean 'peerAddress'?)")
                .hasMessageContaining("spec.nodeSelectors[0].matchLabel: unknown field (did you mean 'matchLabels'?)");
    }

    @Test
    void anUnknownTopLevelFieldIsAnError() {
        String yaml = """
                apiVersion: metallb.io/v1beta1
                kind: IPAddressPool
                metadata:
                  name: p
                specs:
                  addresses: [192.0.2.0/24]
                """;
        assertThatThrownBy(() -> session.importConfig(Manifests.parse(yaml)))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("IPAddressPool/p")
                .hasMessageContaining("specs: unknown field");
    }
}
