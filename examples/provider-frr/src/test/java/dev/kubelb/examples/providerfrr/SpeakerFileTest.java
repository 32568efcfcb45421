package dev.kubelb.examples.providerfrr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubelb.api.ApplianceConfig;
import dev.kubelb.api.ConfigurationException;
import dev.kubelb.api.Problem;
import dev.kubelb.spi.ProviderContext;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The speaker file: read whole and strictly, every problem named by object and field; written back canonically. */
class SpeakerFileTest {
    private static final String OBJECT = "ConfigMap/kubelb-system/kubelb-frr";

    private static List<String> problems(String yaml) {
        try {
            SpeakerFile.read(OBJECT, yaml, "kubelb-system");
        } catch (ConfigurationException e) {
            return e.problems().stream().map(p -> p.object() + " " + p.field() + ": " + p.message()).toList();
        }
        throw new AssertionError("accepted: " + yaml);
    }

    @Test
    void everyProblemOfAFileIsReportedAtOnceWithItsField() {
        assertThat(problems("""
                asn: 70000000000
                pools:
                - {name: a, addresses: [10.0.0.0/33], autoAssign: maybe}
                peers:
                - {name: p, address: 192.0.2.1, asn: 64501, holdTime: 3s, colour: blue}
                advertisements:
                - {name: ad, pools: [a], communities: ["large:1:2:3"], largeCommunities: ["1:2"]}
                """)).containsExactlyInAnyOrder(
                OBJECT + " data.speaker.yaml.asn: must be between 1 and 4294967295, got 70000000000",
                OBJECT + " data.speaker.yaml.pools[0].addresses[0]: " + problemOf("10.0.0.0/33"),
                OBJECT + " data.speaker.yaml.pools[0].autoAssign: must be true or false, got a string",
                OBJECT + " data.speaker.yaml.peers[0].holdTime: must be a whole number, got a string",
                OBJECT + " data.speaker.yaml.peers[0].colour: unknown field (known: [address, asn, connectTime, "
                        + "ebgpMultiHop, holdTime, keepaliveTime, name, passwordSecret, port, sourceAddress])",
                OBJECT + " data.speaker.yaml.advertisements[0].communities[0]: 'large:1:2:3' is not a standard "
                        + "community (AS:value) or a well-known name; large ones go under largeCommunities",
                OBJECT + " data.speaker.yaml.advertisements[0].largeCommunities[0]: " + largeProblemOf("1:2"));
    }

    private static String problemOf(String range) {
        try {
            dev.kubelb.api.AddressRange.parse(range);
        } catch (ConfigurationException e) {
            return e.problems().get(0).message();
        }
        throw new AssertionError(range);
    }

    private static String largeProblemOf(String text) {
        try {
            dev.kubelb.api.Community.parse("large:" + text);
        } catch (ConfigurationException e) {
            return e.problems().get(0).message();
        }
        throw new AssertionError(text);
    }

    @Test
    void notYamlIsNamedByItsKey() {
        assertThat(problems("asn: [")).singleElement().asString().startsWith(OBJECT + " data.speaker.yaml: not YAML");
    }

    @Test
    void validationNamesDanglingReferencesAndAnAggregateWiderThanItsPool() {
        ApplianceConfig config = SpeakerFile.read(OBJECT, """
                asn: 64500
                pools:
                - {name: a, addresses: ["10.10.255.200-10.10.255.250"]}
                peers:
                - {name: p, address: 192.0.2.1, asn: 64501}
                advertisements:
                - {name: ad, pools: [a, b], peers: [p, q], aggregationLength: 24, localPref: 120}
                """, "kubelb-system");
        var report = SpeakerValidation.validate(config);
        assertThat(report.errors()).extracting(Problem::toString).anySatisfy(s -> assertThat(s)
                .contains("advertisement/ad", "pools[1]", "no pool named 'b'"))
                .anySatisfy(s -> assertThat(s).contains("peers[1]", "no peer named 'q'"))
                .anySatisfy(s -> assertThat(s).contains("aggregationLength", "/24 is shorter", "/28"));
        assertThat(report.warnings()).extracting(Problem::toString)
                .anySatisfy(s -> assertThat(s).contains("localPref", "iBGP only"));
    }

    @Test
    void theFileRoundTripsThroughItsConfigMap() {
        FrrSession session = new FrrSession(ProviderContext.offline("kubelb-system"));
        ApplianceConfig config = FrrConfTest.config();
        var rendered = session.renderConfig(config, List.of());
        assertThat(session.importConfig(rendered)).isEqualTo(config);
        assertThat(session.importConfig(List.of(new ConfigMapBuilder().withNewMetadata().withName("kubelb-frr")
                .withNamespace("other").endMetadata().addToData("speaker.yaml", "asn: 1").build())))
                .as("another namespace's ConfigMap is not ours").isEqualTo(ApplianceConfig.EMPTY);
        assertThatThrownBy(() -> session.importConfig(List.of(new ConfigMapBuilder().withNewMetadata()
                .withName("kubelb-frr").withNamespace("kubelb-system").endMetadata().addToData("config", "x")
                .build()))).hasMessageContaining("data.config").hasMessageContaining("unknown key");
    }

    @Test
    void unknownProviderOptionsAndRelativePathsAreRefused() {
        assertThatThrownBy(() -> FrrOptions.of(Map.of("frr.vtysocket", "/run/frr", FrrOptions.CONFIG_FILE, "frr.conf")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("frr.vtysocket").hasMessageContaining("unknown option")
                .hasMessageContaining("frr.configFile").hasMessageContaining("absolute path");
    }
}
