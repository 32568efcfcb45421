package dev.kubelb.provider.metallb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.kubelb.api.ConfigurationException;
import dev.kubelb.api.Problem;
import dev.kubelb.spi.ProviderContext;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Values MetalLB refuses and the neutral model cannot hold: import reports every one, naming object and field. */
class ImportProblemsTest {
    private final MetalLbSession session = new MetalLbSession(ProviderContext.offline("metallb-system"));

    private List<String> problems(String yaml) {
        ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
                () -> session.importConfig(Manifests.parse(yaml)));
        assertThat(e).as("import must fail").isNotNull();
        return e.problems().stream().map(Problem::toString).toList();
    }

    private static String pool(String name, String spec) {
        return "apiVersion: metallb.io/v1beta1\nkind: IPAddressPool\nmetadata:\n  name: " + name
                + "\n  namespace: metallb-system\nspec:\n" + spec.stripIndent().indent(2) + "---\n";
    }

    private static String peer(String name, String spec) {
        return "apiVersion: metallb.io/v1beta2\nkind: BGPPeer\nmetadata:\n  name: " + name
                + "\n  namespace: metallb-system\nspec:\n" + spec.stripIndent().indent(2) + "---\n";
    }

    @Test
    void malformedPoolAddressesAreAllReported() {
        assertThat(problems(pool("extern", """
                addresses:
                - 10.10.255.200-10.10.255.250
                - 10.0.0.300/24
                - 10.0.0.1
                - 10.0.0.9-10.0.0.1
                - 10.0.1.0/24
                - 10.10.255.240/28
                - 10.0.1.0/25
                - 10.0.2.1/24
                - 10.0.2.7/32
                - fd00::/129
                """))).containsExactly(
                "IPAddressPool/extern: spec.addresses[1]: '10.0.0.300/24' is not a valid CIDR: bad address",
                "IPAddressPool/extern: spec.addresses[2]: '10.0.0.1' is a single address; write it as 10.0.0.1/32 "
                        + "or as a range",
                "IPAddressPool/extern: spec.addresses[3]: '10.0.0.9-10.0.0.1' is reversed: 10.0.0.9 is after 10.0.0.1",
                "IPAddressPool/extern: spec.addresses[5]: '10.10.255.240/28' overlaps '10.10.255.200-10.10.255.250' "
                        + "(spec.addresses[0])",
                "IPAddressPool/extern: spec.addresses[6]: '10.0.1.0/25' overlaps '10.0.1.0/24' (spec.addresses[4])",
                // '10.0.2.1/24' (spec.addresses[7]) is 10.0.2.0/24: MetalLB masks host bits (config.go ParseCIDR)
                "IPAddressPool/extern: spec.addresses[8]: '10.0.2.7/32' overlaps '10.0.2.1/24' (spec.addresses[7])",
                "IPAddressPool/extern: spec.addresses[9]: 'fd00::/129' is not a valid CIDR: prefix length 129 "
                        + "exceeds 128");
    }

    @Test
    void poolWithoutAddressesAndBadServiceAllocation() {
        assertThat(problems(pool("empty", "addresses: []") + pool("scoped", """
                addresses: [192.0.2.0/24]
                serviceAllocation:
                  priority: -1
                  namespaces: [a, a]
                  serviceSelectors:
                  - matchExpressions:
                    - {key: k, operator: Maybe, values: [x]}
                  - matchExpressions:
                    - {key: k, operator: In}
                """))).containsExactly(
                "IPAddressPool/empty: spec.addresses: pool has no addresses",
                "IPAddressPool/scoped: spec.serviceAllocation.priority: must not be negative, got -1",
                "IPAddressPool/scoped: spec.serviceAllocation.namespaces[1]: duplicate namespace 'a'",
                "IPAddressPool/scoped: spec.serviceAllocation.serviceSelectors[0].matchExpressions[0].operator: "
                        + "'Maybe' is not a valid operator (In, NotIn, Exists, DoesNotExist)",
                "IPAddressPool/scoped: spec.serviceAllocation.serviceSelectors[1].matchExpressions[0].values: "
                        + "operator In needs at least one value");
    }

    @Test
    void bgpAdvertisementAggregationLengthsAndCommunitySyntax() {
        assertThat(problems("""
                apiVersion: metallb.io/v1beta1
                kind: BGPAdvertisement
                metadata: {name: adv, namespace: metallb-system}
                spec:
                  aggregationLength: 33
                  aggregationLengthV6: 129
                  localPref: -5
                  communities:
                  - 65536:1
                  - large:1:2
                  - LARGE:1:2:3
                  - large:1:2:4294967296
                  - not an alias!
                  - 64512:1
                  - 64512:1
                  ipAddressPools: [a, a]
                  peers: [p, ""]
                """)).containsExactly(
                "BGPAdvertisement/adv: spec.aggregationLength: invalid aggregation length 33 for IPv4: must be between "
                        + "1 and 32",
                "BGPAdvertisement/adv: spec.aggregationLengthV6: invalid aggregation length 129 for IPv6: must be "
                        + "between 0 and 128",
                "BGPAdvertisement/adv: spec.localPref: must be between 0 and 4294967295, got -5",
                "BGPAdvertisement/adv: spec.communities[0]: '65536:1': 65536 exceeds 65535 (standard communities are "
                        + "16:16 bits; use large:A:B:C for 32-bit AS numbers)",
                "BGPAdvertisement/adv: spec.communities[1]: 'large:1:2' is not a community: expected AS:value (16-bit "
                        + "numbers) or large:A:B:C (32-bit numbers)",
                "BGPAdvertisement/adv: spec.communities[2]: 'LARGE:1:2:3' has an invalid marker for a large community: "
                        + "expected large:A:B:C",
                "BGPAdvertisement/adv: spec.communities[3]: 'large:1:2:4294967296': 4294967296 exceeds 4294967295",
                "BGPAdvertisement/adv: spec.communities[4]: 'not an alias!' is not a community: expected AS:value, "
                        + "large:A:B:C or the name of a Community alias",
                "BGPAdvertisement/adv: spec.communities[6]: duplicate community '64512:1'",
                "BGPAdvertisement/adv: spec.ipAddressPools[1]: duplicate entry 'a'",
                "BGPAdvertisement/adv: spec.peers[1]: must not be empty");
    }

    @Test
    void communityAliasesMustBeConcreteAndUnique() {
        assertThat(problems("""
                apiVersion: metallb.io/v1beta1
                kind: Community
                metadata: {name: a, namespace: metallb-system}
                spec:
                  communities:
                  - {name: vpn, value: "1234:1"}
                  - {name: wk, value: no-export}
                  - {name: "9bad", value: "1:1"}
                ---
                apiVersion: metallb.io/v1beta1
                kind: Community
                metadata: {name: b, namespace: metallb-system}
                spec:
                  communities:
                  - {name: vpn, value: "1234:2"}
                """)).containsExactly(
                "Community/a: spec.communities[1].value: 'no-export' is not a community: expected AS:value (16-bit "
                        + "numbers) or large:A:B:C (32-bit numbers)",
                "Community/a: spec.communities[2].name: '9bad' is not a valid community alias name",
                "Community/b: spec.communities[0].name: duplicate definition of community 'vpn' (also in Community/a)");
    }

    @Test
    void peerAsnRules() {
        assertThat(problems(peer("no-my-asn", "peerASN: 64501\npeerAddress: 10.0.0.1")
                + peer("both", "myASN: 64500\npeerASN: 64501\ndynamicASN: external\npeerAddress: 10.0.0.2")
                + peer("neither", "myASN: 64500\npeerAddress: 10.0.0.3")
                + peer("bad-dynamic", "myASN: 64500\ndynamicASN: sideways\npeerAddress: 10.0.0.4")
                + peer("too-big", "myASN: 4294967296\npeerASN: 4294967296\npeerAddress: 10.0.0.5")))
                .containsExactly(
                        "BGPPeer/bad-dynamic: spec.dynamicASN: invalid dynamicASN 'sideways': must be internal or external",
                        "BGPPeer/both: spec.peerASN: peerASN and dynamicASN are mutually exclusive",
                        "BGPPeer/neither: spec.peerASN: missing peer ASN and dynamicASN: set exactly one",
                        "BGPPeer/no-my-asn: spec.myASN: missing local ASN",
                        "BGPPeer/too-big: spec.myASN: AS number 4294967296 is out of range 1..4294967295",
                        "BGPPeer/too-big: spec.peerASN: AS number 4294967296 is out of range 1..4294967295");
    }

    @Test
    void peerTimersAddressesAndPasswords() {
        assertThat(problems(peer("timers", """
                myASN: 64500
                peerASN: 64501
                peerAddress: 10.0.0.1
                holdTime: 2s
                keepaliveTime: 30s
                connectTime: 1500ms
                """) + peer("keepalive", """
                myASN: 64500
                peerASN: 64501
                peerAddress: 10.0.0.2
                holdTime: 9s
                keepaliveTime: 10s
                """) + peer("syntax", """
                myASN: 64500
                peerASN: 64501
                peerAddress: 10.0.0.256
                sourceAddress: fd00::1
                peerPort: 20000
                holdTime: soon
                routerID: fd00::2
                password: x
                passwordSecret: {name: pw}
                """) + peer("family", """
                myASN: 64500
                peerASN: 64501
                peerAddress: 10.0.0.3
                sourceAddress: fd00::1
                connectTime: 0s
                """))).containsExactly(
                "BGPPeer/family: spec.sourceAddress: source IP 'fd00::1' is not of the same family as peerAddress "
                        + "'10.0.0.3'",
                "BGPPeer/family: spec.connectTime: connect time should be between 1 seconds to 65535",
                "BGPPeer/keepalive: spec.keepaliveTime: invalid keepaliveTime '10s': must be lower than holdTime '9s'",
                "BGPPeer/syntax: spec.peerAddress: invalid BGPPeer address '10.0.0.256'",
                "BGPPeer/syntax: spec.peerPort: port 20000 is out of range 1..16384",
                "BGPPeer/syntax: spec.holdTime: 'soon' is not a duration (e.g. 90s, 1m30s)",
                "BGPPeer/syntax: spec.routerID: invalid router ID 'fd00::2': must be an IPv4 address",
                "BGPPeer/syntax: spec.password: can not have both password and passwordSecret set",
                "BGPPeer/timers: spec.holdTime: invalid hold time '2s': must be 0 or >=3s",
                "BGPPeer/timers: spec.keepaliveTime: invalid keepaliveTime '30s': must be lower than holdTime '2s'",
                "BGPPeer/timers: spec.connectTime: connect time should contain a whole number of seconds");
    }

    @Test
    void bfdProfileRanges() {
        assertThat(problems("""
                apiVersion: metallb.io/v1beta1
                kind: BFDProfile
                metadata: {name: bfd, namespace: metallb-system}
                spec: {receiveInterval: 5, transmitInterval: 60001, detectMultiplier: 1, echoInterval: 9, minimumTtl: 255}
                """)).containsExactly(
                "BFDProfile/bfd: spec.receiveInterval: invalid value 5, must be in 10-60000 range",
                "BFDProfile/bfd: spec.transmitInterval: invalid value 60001, must be in 10-60000 range",
                "BFDProfile/bfd: spec.detectMultiplier: invalid value 1, must be in 2-255 range",
                "BFDProfile/bfd: spec.echoInterval: invalid value 9, must be in 10-60000 range",
                "BFDProfile/bfd: spec.minimumTtl: invalid value 255, must be in 1-254 range");
    }

    @Test
    void duplicateNamesAndOldPeerVersion() {
        assertThat(problems(pool("a", "addresses: [192.0.2.0/28]") + pool("a", "addresses: [192.0.2.16/28]")
                + "apiVersion: metallb.io/v1beta1\nkind: BGPPeer\nmetadata: {name: old}\n"
                + "spec: {myASN: 1, peerASN: 2, peerAddress: 10.0.0.1}\n"))
                .containsExactly(
                        "BGPPeer/old: apiVersion: metallb.io/v1beta1 BGPPeer is not supported: write it as "
                                + "metallb.io/v1beta2",
                        "IPAddressPool/a: metadata.name: duplicate IPAddressPool named 'a'");
    }

    @Test
    void wronglyTypedFieldsAreReportedNotThrown() {
        List<String> p = problems(peer("typed", "myASN: [1]\npeerASN: 2\npeerAddress: 10.0.0.1")
                + pool("fine", "addresses: [192.0.2.0/28]"));
        assertThat(p).hasSize(1);
        assertThat(p.get(0)).startsWith("BGPPeer/typed: spec: cannot be read: ");
    }

    @Test
    void unrelatedObjectsAreIgnored() {
        var pod = new PodBuilder().withNewMetadata().withName("p").endMetadata().build();
        assertThat(session.recognizes(pod)).isFalse();
        assertThat(session.importConfig(List.of(pod)).pools()).isEmpty();
    }
}
