package dev.kubelb.provider.metallb.conformance;

import static dev.kubelb.provider.metallb.conformance.Script.svc;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelb.api.IpAddress;
import dev.kubelb.api.IpFamily;
import dev.kubelb.api.IpFamilyPolicy;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Our translation of MetalLB v0.16.2's allocator tests (go.universe.tf/metallb internal/allocator/
 * allocator_test.go), each step replayed through the provider session and the Planner ({@link Script}).
 * Deliberate differences are listed in provider-metallb/README.md ("Conformance").
 */
class AllocatorConformanceTest {
    private static final String ASSIGNMENT_POOLS = """
            apiVersion: metallb.io/v1beta1
            kind: IPAddressPool
            metadata: {name: test, namespace: metallb-system}
            spec:
              addresses: [1.2.3.4/31, 1000::4/127]
            ---
            apiVersion: metallb.io/v1beta1
            kind: IPAddressPool
            metadata: {name: test2, namespace: metallb-system}
            spec:
              avoidBuggyIPs: true
              addresses: [1.2.4.0/24, 1000::4:0/120]
            ---
            apiVersion: metallb.io/v1beta1
            kind: IPAddressPool
            metadata: {name: test3, namespace: metallb-system}
            spec:
              avoidBuggyIPs: true
              addresses: [1.2.5.0/24, 1000::5:0/120]
              serviceAllocation:
                namespaces: [test-ns1]
            ---
            apiVersion: metallb.io/v1beta1
            kind: IPAddressPool
            metadata: {name: test4, namespace: metallb-system}
            spec:
              avoidBuggyIPs: true
              addresses: [1.2.6.0/24, 1000::6:0/120]
              serviceAllocation:
                serviceSelectors:
                - matchLabels: {team: metallb}
            ---
            apiVersion: metallb.io/v1beta1
            kind: IPAddressPool
            metadata: {name: test5, namespace: metallb-system}
            spec:
              avoidBuggyIPs: true
              addresses: [1.2.7.0/24, 1000::7:0/120]
              serviceAllocation:
                priority: 20
                namespaces: [test-ns1]
                serviceSelectors:
                - matchLabels: {team: metallb}
            ---
            apiVersion: metallb.io/v1beta1
            kind: IPAddressPool
            metadata: {name: test6, namespace: metallb-system}
            spec:
              avoidBuggyIPs: true
              addresses: [1.2.8.0/24, 1000::9:0/120]
              serviceAllocation:
                priority: 20
                namespaces: [test-ns2]
                serviceSelectors:
                - matchLabels: {foo: bar}
            """;

    /** allocator_test.go TestAssignment, the IPv4 table. */
    @Test
    void testAssignmentIpv4() {
        Script s = new Script("allocator_test.go TestAssignment", ASSIGNMENT_POOLS);
        sharedTable(s, "1.2.3.4", "1.2.3.5", "1.2.4.254", "1.2.4.3");
        s.step("s3 cannot grab a 0 buggy IP", svc("s5").ips("1.2.4.0"), true);
        s.step("s3 cannot grab a 255 buggy IP", svc("s5").ips("1.2.4.255"), true);
    }

    /** allocator_test.go TestAssignment, the IPv6 table ("buggy-IP N/A for ipv6"). */
    @Test
    void testAssignmentIpv6() {
        Script s = new Script("allocator_test.go TestAssignment", ASSIGNMENT_POOLS);
        sharedTable(s, "1000::4", "1000::4:5", "1000::4:ff", "1000::4:3");
    }

    /** The steps the IPv4 and IPv6 tables of TestAssignment share, with their addresses. */
    private static void sharedTable(Script s, String a, String b, String other, String shared) {
        s.step("assign s1", svc("s1").ips(a), false);
        s.step("s1 idempotent reassign", svc("s1").ips(a), false);
        s.step("s2 can't grab s1's IP", svc("s2").ips(a), true);
        s.step("s2 can get the other IP", svc("s2").ips(b), false);
        s.step("s1 now can't grab s2's IP", svc("s1").ips(b), true);
        s.free("s1"); // "s1 frees its IP"
        s.step("s2 can grab s1's former IP", svc("s2").ips(a), false);
        s.step("s1 can now grab s2's former IP", svc("s1").ips(b), false);
        s.step("s3 can grab another IP in that pool", svc("s3").ips(other), false);
        s.step("s4 takes an IP, with sharing", svc("s4").ips(shared).ports("tcp/80").sharing("sharing")
                .backend("backend"), false);
        s.step("s4 changes its sharing key in place", svc("s4").ips(shared).ports("tcp/80").sharing("share")
                .backend("backend"), false);
        s.step("s3 can't share with s4 (port conflict)", svc("s3").ips(shared).ports("tcp/80").sharing("share")
                .backend("backend"), true);
        s.step("s3 can't share with s4 (wrong sharing key)", svc("s3").ips(shared).ports("tcp/443")
                .sharing("othershare").backend("backend"), true);
        s.step("s3 can't share with s4 (wrong backend key)", svc("s3").ips(shared).ports("tcp/443").sharing("share")
                .backend("otherbackend"), true);
        s.step("s3 takes the same IP as s4", svc("s3").ips(shared).ports("tcp/443").sharing("share")
                .backend("backend"), false);
        s.step("s3 can change its ports while keeping the same IP", svc("s3").ips(shared).ports("udp/53")
                .sharing("share").backend("backend"), false);
        s.step("s3 can't change its sharing key while keeping the same IP", svc("s3").ips(shared).ports("tcp/443")
                .sharing("othershare").backend("backend"), true);
        s.step("s3 can't change its backend key while keeping the same IP", svc("s3").ips(shared).ports("tcp/443")
                .sharing("share").backend("otherbackend"), true);
        s.free("s3");
        s.step("s4 takes s3's former IP", svc("s4").ips(other), false);
    }

    /** allocator_test.go TestAssignment, the dual-stack and scoped-pool cases. */
    @Test
    void testAssignmentDualStackAndScopedPools() {
        Script s = new Script("allocator_test.go TestAssignment", ASSIGNMENT_POOLS);
        s.step("ip dual-stack assign s1", svc("s1").ips("1.2.3.4", "1000::4"), false);
        s.step("ip dual-stack assign s1 from different pools", svc("s1").ips("1.2.4.5", "1000::4"), true);
        s.free("s1");
        s.step("attempt to assign ip from pool pinned on same namespace", svc("s1").ns("test-ns1")
                .ips("1.2.5.10"), false);
        s.free("s1");
        s.step("attempt to assign ip from pool pinned on different namespace", svc("s1").ns("testns-not-exist")
                .ips("1.2.5.10"), true);
        s.step("attempt to assign ip from pool pinned with same service label", svc("s1").ns("testns-not-exist")
                .label("team", "metallb").ips("1.2.6.10"), false);
        s.free("s1");
        s.step("attempt to assign ip from pool pinned with different service label", svc("s1")
                .ns("testns-not-exist").label("team", "red").ips("1.2.6.10"), true);
        s.step("attempt to assign ip from pool pinned with namespace and service label", svc("s1").ns("test-ns1")
                .label("team", "metallb").ips("1.2.7.10"), false);
        s.free("s1");
        s.step("attempt to assign ip from pool pinned with namespace and incompatible service label", svc("s1")
                .ns("test-ns2").label("team", "metallb").ips("1.2.8.10"), true);
        s.step("attempt to assign ip from pool pinned with service label and incompatible namespace", svc("s1")
                .ns("testns-not-exist").label("foo", "bar").ips("1.2.8.10"), true);
    }

    /** allocator_test.go TestBuggyIPs: six services fit, the seventh does not, never a .0/.255 with avoidBuggyIPs. */
    @Test
    void testBuggyIps() {
        Script s = new Script("allocator_test.go TestBuggyIPs", """
                apiVersion: metallb.io/v1beta1
                kind: IPAddressPool
                metadata: {name: test, namespace: metallb-system}
                spec: {addresses: [1.2.3.0/31]}
                ---
                apiVersion: metallb.io/v1beta1
                kind: IPAddressPool
                metadata: {name: test2, namespace: metallb-system}
                spec: {addresses: [1.2.3.254/31]}
                ---
                apiVersion: metallb.io/v1beta1
                kind: IPAddressPool
                metadata: {name: test3, namespace: metallb-system}
                spec: {avoidBuggyIPs: true, addresses: [1.2.4.0/31]}
                ---
                apiVersion: metallb.io/v1beta1
                kind: IPAddressPool
                metadata: {name: test4, namespace: metallb-system}
                spec: {avoidBuggyIPs: true, addresses: [1.2.4.254/31]}
                """);
        Set<String> valid = Set.of("1.2.3.0", "1.2.3.1", "1.2.3.254", "1.2.3.255", "1.2.4.1", "1.2.4.254");
        for (int i = 1; i <= 6; i++) {
            List<IpAddress> got = s.step("#" + i, svc("s" + i), false);
            assertThat(got).allMatch(a -> valid.contains(a.toString()), "a valid IP");
        }
        s.step("#7", svc("s7"), true);
    }

    /** allocator_test.go TestAutoAssign: a pool with autoAssign false is never chosen automatically. */
    @Test
    void testAutoAssign() {
        Script s = new Script("allocator_test.go TestAutoAssign", """
                apiVersion: metallb.io/v1beta1
                kind: IPAddressPool
                metadata: {name: test1, namespace: metallb-system}
                spec: {autoAssign: false, addresses: [1.2.3.4/31, 1000::4/127]}
                ---
                apiVersion: metallb.io/v1beta1
                kind: IPAddressPool
                metadata: {name: test2, namespace: metallb-system}
                spec: {addresses: [1.2.3.10/31, 1000::10/127]}
                """);
        Set<String> v4 = Set.of("1.2.3.10", "1.2.3.11");
        assertThat(s.step("s1", svc("s1"), false)).allMatch(a -> v4.contains(a.toString()));
        assertThat(s.step("s2", svc("s2"), false)).allMatch(a -> v4.contains(a.toString()));
        s.step("s3", svc("s3"), true);
        s.step("s4", svc("s4"), true);
        s.step("s5", svc("s5"), true);
        for (String k : List.of("s1", "s2")) {
            s.free(k);
        }
        Set<String> v6 = Set.of("1000::10", "1000::11");
        assertThat(s.step("s1 ipv6", svc("s1").family(IpFamilyPolicy.SINGLE_STACK, IpFamily.IPV6), false))
                .allMatch(a -> v6.contains(a.toString()));
        assertThat(s.step("s2 ipv6", svc("s2").family(IpFamilyPolicy.SINGLE_STACK, IpFamily.IPV6), false))
                .allMatch(a -> v6.contains(a.toString()));
        s.step("s3 ipv6", svc("s3").family(IpFamilyPolicy.SINGLE_STACK, IpFamily.IPV6), true);
        s.free("s1");
        s.free("s2");
        List<IpAddress> dual = s.step("s1 dual-stack", svc("s1").family(IpFamilyPolicy.REQUIRE_DUAL_STACK,
                IpFamily.IPV4, IpFamily.IPV6), false);
        assertThat(dual).extracting(IpAddress::toString).allMatch(a -> v4.contains(a) || v6.contains(a)).hasSize(2);
    }

    /**
     * allocator.go findBestPoolForService (exercised by TestPoolAllocation's PreferDualStack cases): a
     * PreferDualStack Service takes the first pool offering both families, else the first offering its
     * primary family (the first of spec.ipFamilies, IPv4 by default), else one offering the other.
     */
    @Test
    void preferDualStackPrefersAPoolOfferingBothFamiliesThenThePrimaryFamily() {
        String pools = """
                apiVersion: metallb.io/v1beta1
                kind: IPAddressPool
                metadata: {name: a-v6only, namespace: metallb-system}
                spec: {addresses: ["1000::a/127"]}
                ---
                apiVersion: metallb.io/v1beta1
                kind: IPAddressPool
                metadata: {name: b-v4only, namespace: metallb-system}
                spec: {addresses: [1.2.3.0/31]}
                ---
                apiVersion: metallb.io/v1beta1
                kind: IPAddressPool
                metadata: {name: c-dual, namespace: metallb-system}
                spec: {addresses: [1.2.4.0/31, "1000::c/127"]}
                """;
        Script s = new Script("allocator.go findBestPoolForService", pools);
        assertThat(s.step("both families from the dual pool", svc("s1").family(IpFamilyPolicy.PREFER_DUAL_STACK,
                IpFamily.IPV4, IpFamily.IPV6), false)).extracting(IpAddress::toString)
                .containsExactly("1.2.4.0", "1000::c");
        assertThat(s.held().get("s1").pool()).isEqualTo("c-dual");
        s.step("the dual pool's other pair", svc("s2").family(IpFamilyPolicy.PREFER_DUAL_STACK, IpFamily.IPV6,
                IpFamily.IPV4), false);
        // the dual pool is full: IPv6 first, so the pool offering IPv6 wins over the IPv4-only one
        s.step("primary family IPv6", svc("s3").family(IpFamilyPolicy.PREFER_DUAL_STACK, IpFamily.IPV6,
                IpFamily.IPV4), false);
        assertThat(s.held().get("s3").pool()).isEqualTo("a-v6only");
        s.step("primary family IPv4", svc("s4").family(IpFamilyPolicy.PREFER_DUAL_STACK, IpFamily.IPV4,
                IpFamily.IPV6), false);
        assertThat(s.held().get("s4").pool()).isEqualTo("b-v4only");
    }
}
