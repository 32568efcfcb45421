package dev.kubelb.provider.metallb.conformance;

import static dev.kubelb.provider.metallb.conformance.Script.svc;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelb.api.IpAddress;
import dev.kubelb.api.IpFamily;
import dev.kubelb.api.IpFamilyPolicy;
import org.junit.jupiter.api.Test;

/**
 * Our translation of the stateful tests of MetalLB's controller/controller_test.go (v0.16): {@code
 * TestControllerConfig}, {@code TestDeleteRecyclesIP}, {@code TestControllerReassign} and {@code
 * TestControllerDualStackConfig}, each step through the provider session and the Planner ({@link Script}),
 * every Service planned again with what its status holds. The controller's "not synced yet" states (it holds
 * back until its caches are synced) have no counterpart in a plan and are left out.
 */
class ControllerSequencesConformanceTest {
    private static final String DEFAULT_V4 = """
            apiVersion: metallb.io/v1beta1
            kind: IPAddressPool
            metadata: {name: default, namespace: metallb-system}
            spec: {addresses: [1.2.3.0/24]}
            """;
    private static final String DEFAULT_DUAL = """
            apiVersion: metallb.io/v1beta1
            kind: IPAddressPool
            metadata: {name: default, namespace: metallb-system}
            spec: {addresses: [1.2.3.0/24, "1000::1/127"]}
            """;
    private static final String SECOND = """
            apiVersion: metallb.io/v1beta1
            kind: IPAddressPool
            metadata: {name: second, namespace: metallb-system}
            spec: {addresses: [4.5.6.0/24]}
            """;

    /** TestControllerConfig: no configuration, then a pool, then the pool removed again. */
    @Test
    void testControllerConfig() {
        Script s = new Script("controller_test.go TestControllerConfig", "");
        s.step("no configuration: no allocation", svc("test"), true);
        s.reload(DEFAULT_V4);
        assertThat(s.step("a pool: the Service gets an address", svc("test"), false)).extracting(IpAddress::toString)
                .containsExactly("1.2.3.0");
        s.reload("");
        assertThat(s.held()).as("removing the pool clears the Service").doesNotContainKey("test");
    }

    /** TestDeleteRecyclesIP: the only address goes to the second Service once the first is deleted. */
    @Test
    void testDeleteRecyclesIp() {
        Script s = new Script("controller_test.go TestDeleteRecyclesIP", """
                apiVersion: metallb.io/v1beta1
                kind: IPAddressPool
                metadata: {name: default, namespace: metallb-system}
                spec: {addresses: [1.2.3.0/32]}
                """);
        assertThat(s.step("svc1", svc("test"), false)).extracting(IpAddress::toString).containsExactly("1.2.3.0");
        s.step("svc2: none left", svc("test2"), true);
        s.free("test"); // "Deleting the first LB"
        assertThat(s.step("svc2 now", svc("test2"), false)).extracting(IpAddress::toString).containsExactly("1.2.3.0");
    }

    /** TestControllerReassign: a second pool changes nothing; deleting the first moves the Service. */
    @Test
    void testControllerReassign() {
        Script s = new Script("controller_test.go TestControllerReassign", DEFAULT_DUAL);
        assertThat(s.step("default pool", svc("test"), false)).extracting(IpAddress::toString)
                .containsExactly("1.2.3.0");
        s.reload(DEFAULT_DUAL + "---\n" + SECOND);
        assertThat(s.held().get("test").addresses()).as("Allocation shouldn't change").extracting(IpAddress::toString)
                .containsExactly("1.2.3.0");
        s.reload(SECOND);
        assertThat(s.held().get("test").addresses()).as("It should get an IP from the second pool")
                .extracting(IpAddress::toString).containsExactly("4.5.6.0");
    }

    /**
     * TestControllerDualStackConfig: a RequireDualStack Service gets one address of each family once a pool
     * offers both; {@code 1000::1/127} is read as {@code 1000::/127} (MetalLB masks host bits), so 1000:: is
     * the first IPv6 address.
     */
    @Test
    void testControllerDualStackConfig() {
        Script s = new Script("controller_test.go TestControllerDualStackConfig", "");
        s.step("no configuration", svc("test").family(IpFamilyPolicy.REQUIRE_DUAL_STACK, IpFamily.IPV4,
                IpFamily.IPV6), true);
        s.reload(DEFAULT_DUAL);
        assertThat(s.step("a dual-stack pool", svc("test").family(IpFamilyPolicy.REQUIRE_DUAL_STACK, IpFamily.IPV4,
                IpFamily.IPV6), false)).extracting(IpAddress::toString).containsExactly("1.2.3.0", "1000::");
    }
}
