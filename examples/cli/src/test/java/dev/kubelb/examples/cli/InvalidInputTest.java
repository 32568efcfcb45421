package dev.kubelb.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Invalid input: exit 2, one line per problem on stderr naming file, object and field, nothing on stdout. */
class InvalidInputTest {

    private static void assertInvalid(String file, String... lines) {
        for (String command : new String[] {"plan", "migrate"}) {
            Cli.Run r = command.equals("plan") ? Cli.run("plan", "-f", Cli.input(file))
                    : Cli.run("migrate", "--to", "cilium", "-f", Cli.input(file));
            assertThat(r.exit()).as(command + " exit").isEqualTo(2);
            assertThat(r.out()).as(command + " stdout").isEmpty();
            assertThat(r.err()).as(command + " stderr").isEqualTo(String.join("\n", lines) + "\n");
            assertThat(r.err()).doesNotContain("\tat ");
        }
    }

    @Test
    void malformedYaml() {
        assertInvalid("malformed.yaml", Cli.input("malformed.yaml")
                + ": document 1: malformed YAML at line 8, column 1: while parsing a flow sequence (line 7, column 14): "
                + "expected ',' or ']', but got <document start>");
    }

    @Test
    void unknownKind() {
        assertInvalid("unknown.yaml", Cli.input("unknown.yaml") + ": document 2: unknown kind example.com/v1/Widget "
                + "(Widget w1): not a Service, not a KubeLB LoadBalancer, and not a resource of provider 'metallb'");
    }

    @Test
    void reversedRange() {
        assertInvalid("reversed-range.yaml", Cli.input("reversed-range.yaml") + ": IPAddressPool/extern: "
                + "spec.addresses[0]: '10.10.255.250-10.10.255.200' is reversed: 10.10.255.250 is after 10.10.255.200");
    }

    @Test
    void badCidr() {
        assertInvalid("bad-cidr.yaml", Cli.input("bad-cidr.yaml") + ": IPAddressPool/extern: spec.addresses[1]: "
                + "'10.20.0.0/33' is not a valid CIDR: prefix length 33 exceeds 32");
    }

    @Test
    void badServiceField() {
        assertInvalid("bad-service.yaml", Cli.input("bad-service.yaml") + ": document 2: Service/tenant-a/web: "
                + "spec.ports[0].protocol: Unsupported value: \"TCPX\": supported values: \"SCTP\", \"TCP\", \"UDP\"");
    }

    @Test
    void wrongValueTypeNamesTheField() {
        assertInvalid("bad-type.yaml", Cli.input("bad-type.yaml") + ": document 2: Service/tenant-a/typed: "
                + "spec.ports[0].port: must be an integer (32 bits), not the string \"eighty\"");
    }

    @Test
    void duplicateRequest() {
        assertInvalid("duplicate.yaml", Cli.input("duplicate.yaml") + ": document 3: Service/tenant-a/web: "
                + "duplicate request (also at " + Cli.input("duplicate.yaml") + ": document 2)");
    }

    @Test
    void notAKubernetesObject() {
        assertInvalid("no-kind.yaml", Cli.input("no-kind.yaml")
                + ": document 1: not a Kubernetes object (apiVersion and kind are required)");
    }

    @Test
    void parseProblemsOfEveryFileAreReportedTogether() {
        Cli.Run r = Cli.run("plan", "-f", Cli.input("reversed-range.yaml"), "-f", Cli.input("no-kind.yaml"),
                "-f", "/no/such/file.yaml");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo(Cli.input("no-kind.yaml")
                + ": document 1: not a Kubernetes object (apiVersion and kind are required)\n"
                + "/no/such/file.yaml: no such file\n");
    }

    @Test
    void unknownOptionIsAUsageError() {
        Cli.Run r = Cli.run("plan", "--bogus");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("Unknown option: '--bogus'\nUsage: kubelb plan");
    }
}
