package dev.kubelb.provider.metallb.conformance;

import static dev.kubelb.provider.metallb.conformance.Script.svc;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelb.api.Allocation;
import dev.kubelb.api.IpAddress;
import dev.kubelb.api.IpFamily;
import dev.kubelb.api.IpFamilyPolicy;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Our translation of MetalLB's internal/allocator/allocator_test.go {@code TestConfigReload} (v0.16): s1 holds
 * 1.2.3.0 and s2 holds 1000:: from pool "test"; the configuration changes; which pool each Service's address
 * is now accounted to (the pool that offers it: a pool split or renamed takes the address along). Where
 * upstream's allocator answers {@code ""} (it forgets an address no pool offers any more), MetalLB's
 * controller then clears the Service's address and allocates afresh (controller/service.go convergeBalancer,
 * "current IP not allowed by config, clearing"); the Planner, which plays the controller, must do the same:
 * the Service no longer holds its old address.
 */
class ConfigReloadConformanceTest {
    private static final String START = pools("test: [1.2.3.0/30, \"1000::/126\"]");

    private static String pools(String... entries) {
        StringBuilder b = new StringBuilder(START_UNUSED);
        for (String e : entries) {
            String name = e.substring(0, e.indexOf(':'));
            String rest = e.substring(e.indexOf(':') + 1).trim();
            boolean buggy = rest.startsWith("buggy ");
            b.append("---\napiVersion: metallb.io/v1beta1\nkind: IPAddressPool\nmetadata: {name: ").append(name)
                    .append(", namespace: metallb-system}\nspec: {").append(buggy ? "avoidBuggyIPs: true, " : "")
                    .append("addresses: ").append(buggy ? rest.substring(6) : rest).append("}\n");
        }
        return b.toString();
    }

    /** upstream's pool "testunused" (named "unused"), present before every change only. */
    private static final String START_UNUSED = """
            apiVersion: metallb.io/v1beta1
            kind: IPAddressPool
            metadata: {name: unused, namespace: metallb-system}
            spec: {addresses: [1.2.4.0/30, "1001::/126"]}
            """;

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("set same config is no-op", new String[] {"test: [1.2.3.0/30, \"1000::/126\"]"}, "test",
                        "test"),
                Arguments.of("expand pool", new String[] {"test: [1.2.3.0/24, \"1000::/120\"]"}, "test", "test"),
                Arguments.of("shrink pool", new String[] {"test: [1.2.3.0/30, \"1000::/126\"]"}, "test", "test"),
                Arguments.of("can't shrink further, removing the service allocation",
                        new String[] {"test: [1.2.3.2/31, \"1000::0/126\"]"}, "", "test"),
                Arguments.of("can't shrink further ipv6, removing the service allocation",
                        new String[] {"test: [1.2.3.0/30, \"1000::2/127\"]"}, "test", ""),
                Arguments.of("rename the pool", new String[] {"test2: [1.2.3.0/30, \"1000::0/126\"]"}, "test2",
                        "test2"),
                Arguments.of("split pool", new String[] {"test: [1.2.3.0/31, \"1000::2/127\"]",
                    "test2: [1.2.3.2/31, \"1000::/127\"]"}, "test", "test2"),
                Arguments.of("enable buggy IPs not allowed",
                        new String[] {"test2: buggy [1.2.3.0/31, \"1000::/127\"]"}, "", "test2"));
    }

    @ParameterizedTest(name = "TestConfigReload \"{0}\"")
    @MethodSource("cases")
    void reload(String desc, String[] newPools, String poolS1, String poolS2) {
        Script s = new Script("allocator_test.go TestConfigReload", START);
        s.step("Assign(s1, 1.2.3.0)", svc("s1").ips("1.2.3.0"), false);
        s.step("Assign(s2, 1000::)", svc("s2").ips("1000::"), false);
        // the Services stop pinning: from now on they only hold (status) what they were given, as after
        // upstream's Assign
        s.step("s1 holds 1.2.3.0", svc("s1"), false);
        s.step("s2 holds 1000::", svc("s2").family(IpFamilyPolicy.SINGLE_STACK, IpFamily.IPV6), false);
        String next = String.join("", Stream.of(newPools).map(p -> pools(p).substring(START_UNUSED.length()))
                .toList()).replaceFirst("^---\n", "");
        s.reload(next);
        check(s, desc, "s1", "1.2.3.0", poolS1);
        check(s, desc, "s2", "1000::", poolS2);
    }

    private static void check(Script s, String desc, String key, String address, String upstreamPool) {
        Optional<Allocation> now = Optional.ofNullable(s.held().get(key));
        if (upstreamPool.isEmpty()) {
            assertThat(now.map(Allocation::addresses).orElse(List.of())).as(desc + ": " + key + " is cleared")
                    .doesNotContain(IpAddress.parse(address));
        } else {
            assertThat(now.map(Allocation::pool)).as(desc + ": " + key + "'s pool").contains(upstreamPool);
            assertThat(now.orElseThrow().addresses()).as(desc + ": " + key + " keeps its address")
                    .containsExactly(IpAddress.parse(address));
        }
    }
}
