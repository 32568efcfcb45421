package dev.kubelb.provider.metallb.conformance;

import static dev.kubelb.provider.metallb.conformance.Script.svc;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelb.api.IpAddress;
import dev.kubelb.api.IpFamily;
import dev.kubelb.api.IpFamilyPolicy;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Our translation of MetalLB's allocator tables {@code TestPoolAllocation} and {@code TestAllocation}
 * (internal/allocator/allocator_test.go, v0.16), row by row: {@code AllocateFromPool} is a Service annotated
 * {@code metallb.io/address-pool}, {@code Allocate} one without, {@code Unassign} the Service going away.
 * Each row runs through the provider session and the Planner ({@link Script}).
 */
class AllocatorTablesConformanceTest {
    /** upstream {@code ipfamily.Family} of the test row: how the Service asks. */
    private enum Fam {
        V4, V6, DUAL, PREFER_DUAL
    }

    /**
     * One upstream row.
     *
     * @param desc upstream {@code desc}
     * @param key upstream {@code svcKey}
     * @param unassign upstream {@code unassign}
     * @param wantErr upstream {@code wantErr}
     * @param fam the family asked
     * @param pool upstream {@code poolName} (null: {@code Allocate}, no pool named)
     * @param sharing upstream {@code sharingKey} (null: none)
     * @param port upstream {@code ports} (null: none)
     */
    private record Row(String desc, String key, boolean unassign, boolean wantErr, Fam fam, String pool,
            String sharing, String port) {
    }

    private static Row ok(String desc, String key, Fam fam) {
        return new Row(desc, key, false, false, fam, null, null, null);
    }

    private static Row err(String desc, String key, Fam fam) {
        return new Row(desc, key, false, true, fam, null, null, null);
    }

    private static Row free(String desc, String key) {
        return new Row(desc, key, true, false, null, null, null, null);
    }

    private static Row shared(String desc, String key, Fam fam, String port) {
        return new Row(desc, key, false, false, fam, null, "share", port);
    }

    private static Row inPool(Row r, String pool) {
        return new Row(r.desc, r.key, r.unassign, r.wantErr, r.fam, pool, r.sharing, r.port);
    }

    /** The rows TestPoolAllocation and TestAllocation share for one family (with TestAllocation's names). */
    private static List<Row> familyRows(String fam, Fam f, boolean allocateTable) {
        String give = allocateTable ? " gives up its " + fam : " releases its " + fam;
        List<Row> rows = new java.util.ArrayList<>(List.of(
                ok("s1 gets an " + fam, "s1", f), ok("s2 gets an " + fam, "s2", f), ok("s3 gets an " + fam, "s3", f),
                ok("s4 gets an " + fam, "s4", f), err("s5 can't get an " + fam, "s5", f),
                err("s6 can't get an " + fam, "s6", f), free("s1" + give, "s1")));
        if (allocateTable) {
            rows.add(shared("s5 can now get an " + fam, "s5", f, "tcp/80"));
            rows.add(err("s6 still can't get an " + fam, "s6", f));
            rows.add(shared("s6 can get an " + fam + " with sharing", "s6", f, "tcp/443"));
        } else {
            rows.add(ok("s5 can now grab s1's former " + fam, "s5", f));
            rows.add(err("s6 still can't get an " + fam, "s6", f));
            rows.add(free("s5 unassigns in prep for enabling " + fam + " sharing", "s5"));
            rows.add(shared("s5 enables " + fam + " sharing", "s5", f, "tcp/80"));
            rows.add(shared("s6 can get an " + fam + " now, with sharing", "s6", f, "tcp/443"));
        }
        return rows;
    }

    private static List<Row> clearAll(String what) {
        return List.of("s1", "s2", "s3", "s4", "s5", "s6").stream()
                .map(k -> free(k + " clear old " + what + " address", k)).toList();
    }

    private static Script.Svc service(Row r) {
        Script.Svc s = svc(r.key);
        switch (r.fam) {
            case V4 -> s.family(IpFamilyPolicy.SINGLE_STACK, IpFamily.IPV4);
            case V6 -> s.family(IpFamilyPolicy.SINGLE_STACK, IpFamily.IPV6);
            case DUAL -> s.family(IpFamilyPolicy.REQUIRE_DUAL_STACK, IpFamily.IPV4, IpFamily.IPV6);
            case PREFER_DUAL -> s.family(IpFamilyPolicy.PREFER_DUAL_STACK, IpFamily.IPV4, IpFamily.IPV6);
            default -> throw new IllegalStateException();
        }
        if (r.pool != null) {
            s.pool(r.pool);
        }
        if (r.sharing != null) {
            s.sharing(r.sharing).ports(r.port);
        }
        return s;
    }

    /** Runs the rows; every address handed out must be in {@code valid}, and as many as the family asks. */
    private static void run(Script s, List<Row> rows, Set<String> valid) {
        for (Row r : rows) {
            if (r.unassign) {
                s.free(r.key);
                continue;
            }
            List<IpAddress> got = s.step(r.desc, service(r), r.wantErr);
            if (!r.wantErr) {
                assertThat(got).as(r.desc).extracting(IpAddress::toString).allMatch(valid::contains)
                        .hasSize(r.fam == Fam.DUAL ? 2 : r.fam == Fam.PREFER_DUAL ? got.size() : 1);
                if (r.pool != null) {
                    assertThat(s.held().get(r.key).pool()).as(r.desc).isEqualTo(r.pool);
                }
            }
        }
    }

    /**
     * TestPoolAllocation: everything is asked from pool "test" although others have room. Upstream's table
     * also declares pools test-v4, test-v6 and test-dualstack over the same addresses as "test"; MetalLB's own
     * configuration refuses overlapping pools (config_test.go "overlapping CIDRs"), so those three pools get
     * their own addresses here and {@link #testPoolAllocationPreferDualStack()} runs their rows.
     */
    @Test
    void testPoolAllocation() {
        Script s = new Script("allocator_test.go TestPoolAllocation", """
                apiVersion: metallb.io/v1beta1
                kind: IPAddressPool
                metadata: {name: not-this-one, namespace: metallb-system}
                spec: {addresses: [192.168.0.0/16, "fc00::1:0/112"]}
                ---
                apiVersion: metallb.io/v1beta1
                kind: IPAddressPool
                metadata: {name: test, namespace: metallb-system}
                spec: {addresses: [1.2.3.4/31, 1.2.3.10/31, "1000::/127", "2000::/127"]}
                ---
                apiVersion: metallb.io/v1beta1
                kind: IPAddressPool
                metadata: {name: test2, namespace: metallb-system}
                spec: {addresses: [10.20.30.0/24, "fc00::2:0/120"]}
                """);
        Set<String> v4 = Set.of("1.2.3.4", "1.2.3.5", "1.2.3.10", "1.2.3.11");
        Set<String> v6 = Set.of("1000::", "1000::1", "2000::", "2000::1");
        Set<String> dual = new HashSet<>(v4);
        dual.addAll(v6);
        List<Row> rows = new java.util.ArrayList<>();
        rows.addAll(familyRows("IPv4", Fam.V4, false));
        rows.addAll(clearAll("ipv4"));
        rows.addAll(familyRows("IP6", Fam.V6, false));
        // "Test the 'should-not-happen' case where an svc already has a IP from the wrong family": upstream's
        // allocator refuses it; through the controller (our Planner) the family change clears the held
        // address first (controller/service.go serviceFamilyChanged) and the IPv6 half of "test" is full
        rows.add(free("s1 clear", "s1"));
        rows.add(ok("s1 get an IPv4", "s1", Fam.V4));
        rows.add(err("s1 get an IPv6", "s1", Fam.V6));
        rows.addAll(clearAll("ipv6"));
        rows.addAll(familyRows("dual-stack IPs", Fam.DUAL, false).stream()
                .map(r -> new Row(r.desc.replace("an dual-stack IPs", "dual-stack IPs"), r.key, r.unassign,
                        r.wantErr, r.fam, null, r.sharing, r.port)).toList());
        rows.addAll(clearAll("dual-stack"));
        run(s, rows.stream().map(r -> inPool(r, "test")).toList(), dual);
        // "Allocating from non-existent pool succeeded"
        s.step("AllocateFromPool nonexistentpool", svc("s5").pool("nonexistentpool"), true);
    }

    /** TestPoolAllocation's "PreferDualStack tests", each pool with addresses of its own (see above). */
    @Test
    void testPoolAllocationPreferDualStack() {
        Script s = new Script("allocator_test.go TestPoolAllocation", """
                apiVersion: metallb.io/v1beta1
                kind: IPAddressPool
                metadata: {name: test, namespace: metallb-system}
                spec: {addresses: [1.2.3.4/31, 1.2.3.10/31, "1000::/127", "2000::/127"]}
                ---
                apiVersion: metallb.io/v1beta1
                kind: IPAddressPool
                metadata: {name: test-v4, namespace: metallb-system}
                spec: {addresses: [1.2.13.4/31, 1.2.13.10/31]}
                ---
                apiVersion: metallb.io/v1beta1
                kind: IPAddressPool
                metadata: {name: test-v6, namespace: metallb-system}
                spec: {addresses: ["1001::/127", "2001::/127"]}
                ---
                apiVersion: metallb.io/v1beta1
                kind: IPAddressPool
                metadata: {name: test-dualstack, namespace: metallb-system}
                spec: {addresses: [1.2.23.4/31, 1.2.23.10/31, "1002::/127", "2002::/127"]}
                """);
        assertThat(families(s.step("s1 gets dual-stack IPs", prefer("s1", "test"), false)))
                .containsExactly(IpFamily.IPV4, IpFamily.IPV6);
        assertThat(families(s.step("s2 gets ipv4 IP", prefer("s2", "test-v4"), false)))
                .containsExactly(IpFamily.IPV4);
        assertThat(families(s.step("s3 gets ipv6 IP", prefer("s3", "test-v6"), false)))
                .containsExactly(IpFamily.IPV6);
        s.free("s2"); // "s2 clear old ipv4 address"
        assertThat(families(s.step("s3 gets dualstack", prefer("s3", "test-dualstack"), false)))
                .containsExactly(IpFamily.IPV4, IpFamily.IPV6);
        assertThat(s.held().get("s3").pool()).isEqualTo("test-dualstack");
    }

    private static Script.Svc prefer(String key, String pool) {
        return svc(key).family(IpFamilyPolicy.PREFER_DUAL_STACK, IpFamily.IPV4, IpFamily.IPV6).pool(pool);
    }

    private static List<IpFamily> families(List<IpAddress> got) {
        return got.stream().map(IpAddress::family).sorted().toList();
    }

    /** TestAllocation: {@code Allocate} (no pool named) over two auto-assign pools, by family. */
    @Test
    void testAllocation() {
        Script s = new Script("allocator_test.go TestAllocation", """
                apiVersion: metallb.io/v1beta1
                kind: IPAddressPool
                metadata: {name: test1, namespace: metallb-system}
                spec: {addresses: [1.2.3.4/31, "1000::4/127"]}
                ---
                apiVersion: metallb.io/v1beta1
                kind: IPAddressPool
                metadata: {name: test2, namespace: metallb-system}
                spec: {addresses: [1.2.3.10/31, "1000::10/127"]}
                """);
        Set<String> dual = Set.of("1.2.3.4", "1.2.3.5", "1.2.3.10", "1.2.3.11", "1000::4", "1000::5", "1000::10",
                "1000::11");
        List<Row> rows = new java.util.ArrayList<>();
        rows.addAll(familyRows("IPv4", Fam.V4, true));
        rows.addAll(clearAll("ipv4"));
        rows.addAll(familyRows("IPv6", Fam.V6, true));
        rows.addAll(clearAll("ipv6"));
        rows.addAll(familyRows("dual-stack IPs", Fam.DUAL, true));
        run(s, rows, dual);
        assertThat(s.held().get("s6").addresses()).as("s6 shares s5's addresses")
                .containsExactlyInAnyOrderElementsOf(s.held().get("s5").addresses());
    }
}
