package dev.kubelb.provider.cilium;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelb.api.AddressPool;
import dev.kubelb.api.AddressRange;
import dev.kubelb.api.AllocationFailure;
import dev.kubelb.api.ApplianceConfig;
import dev.kubelb.api.BgpAdvertisement;
import dev.kubelb.api.FailureReason;
import dev.kubelb.api.IpAddress;
import dev.kubelb.api.LoadBalancerRequest;
import dev.kubelb.api.TrafficPolicy;
import dev.kubelb.provider.cilium.model.CiliumLoadBalancerIPPool;
import dev.kubelb.spi.Assignment;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Cilium's LB-IPAM rules applied to kubelb's allocations. */
class VetTest {
    private final CiliumSession session = Fixtures.session();
    private final ApplianceConfig config = ApplianceConfig.builder()
            .pool(AddressPool.builder("extern").addresses("10.10.255.200-10.10.255.250").avoidBuggyIps(true).build())
            .pool(AddressPool.builder("shared").addresses("10.40.0.0/24").allowCrossTenantSharing(true).build())
            .advertisement(BgpAdvertisement.builder("all").build())
            .build();

    private List<AllocationFailure> vet(Assignment... as) {
        return session.vet(config, List.of(as));
    }

    private static LoadBalancerRequest.Builder dns(String tenant, String name) {
        return Fixtures.request(tenant, name, Fixtures.tcp(53)).sharingKey("dns");
    }

    @Test
    void tcpAndUdpOnTheSamePortNumberShareFromCilium118() {
        // operator/pkg/lbipam/service_store.go isCompatible: "same port and protocol" with protocol differentiation
        var tcp = dns("tenant-a", "dns-tcp").build();
        var udp = Fixtures.request("tenant-a", "dns-udp", Fixtures.udp(53)).sharingKey("dns").build();
        var tcp2 = Fixtures.request("tenant-a", "dns-tcp2", Fixtures.tcp(53)).sharingKey("dns").build();
        assertThat(vet(Fixtures.assign(tcp, "extern", "10.10.255.201"), Fixtures.assign(udp, "extern", "10.10.255.201")))
                .isEmpty();
        assertThat(vet(Fixtures.assign(tcp, "extern", "10.10.255.201"), Fixtures.assign(tcp2, "extern", "10.10.255.201")))
                .containsExactly(new AllocationFailure(tcp2.id(), FailureReason.INCOMPATIBLE_SHARING, "Cilium refuses to "
                        + "share 10.10.255.201 with tenant-a/dns-tcp: both use TCP/53 (Cilium would answer "
                        + "already_allocated_incompatible_service)"));
    }

    @Test
    void tcpAndUdpOnTheSamePortNumberCannotShareBeforeCilium118() {
        var tcp = dns("tenant-a", "dns-tcp").build();
        var udp = Fixtures.request("tenant-a", "dns-udp", Fixtures.udp(53)).sharingKey("dns").build();
        for (String v : List.of("1.16", "1.17.3")) {
            assertThat(Fixtures.session(v).vet(config, List.of(Fixtures.assign(tcp, "extern", "10.10.255.201"),
                    Fixtures.assign(udp, "extern", "10.10.255.201"))))
                    .containsExactly(new AllocationFailure(udp.id(), FailureReason.INCOMPATIBLE_SHARING, "Cilium refuses "
                            + "to share 10.10.255.201 with tenant-a/dns-tcp: both use port 53 (TCP/53 and UDP/53); Cilium "
                            + v.substring(0, 4) + " compares port numbers whatever the protocol (Cilium would answer "
                            + "already_allocated_incompatible_service)"));
        }
    }

    @Test
    void differentPortsShareWithinANamespace() {
        var a = dns("tenant-a", "a").build();
        var b = Fixtures.request("tenant-a", "b", Fixtures.udp(54)).sharingKey("dns").build();
        assertThat(vet(Fixtures.assign(a, "extern", "10.10.255.201"), Fixtures.assign(b, "extern", "10.10.255.201")))
                .isEmpty();
    }

    @Test
    void acrossNamespacesBothServicesMustAllowEachOther() {
        var a = dns("tenant-a", "a").build();
        var b = Fixtures.request("tenant-b", "b", Fixtures.tcp(54)).sharingKey("dns").sharingTenants("tenant-a").build();
        assertThat(vet(Fixtures.assign(a, "extern", "10.10.255.201"), Fixtures.assign(b, "extern", "10.10.255.201")))
                .singleElement().satisfies(f -> {
                    assertThat(f.id()).isEqualTo(b.id());
                    assertThat(f.reason()).isEqualTo(FailureReason.INCOMPATIBLE_SHARING);
                    assertThat(f.message()).isEqualTo("Cilium refuses to share 10.10.255.201 with tenant-a/a: they are in "
                            + "different namespaces and lbipam.cilium.io/sharing-cross-namespace does not name each "
                            + "other's namespace on both Services (Cilium would answer "
                            + "already_allocated_incompatible_service)");
                });
        var a2 = dns("tenant-a", "a").sharingTenants("tenant-b").build();
        assertThat(vet(Fixtures.assign(a2, "extern", "10.10.255.201"), Fixtures.assign(b, "extern", "10.10.255.201")))
                .isEmpty();
        // a pool that allows cross-tenant sharing annotates both with '*'
        var c = dns("tenant-a", "c").build();
        var d = Fixtures.request("tenant-b", "d", Fixtures.tcp(54)).sharingKey("dns").build();
        assertThat(vet(Fixtures.assign(c, "shared", "10.40.0.9"), Fixtures.assign(d, "shared", "10.40.0.9"))).isEmpty();
    }

    @Test
    void crossNamespaceListIsSplitOnCommasWithoutTrimming() {
        assertThat(CiliumRules.allows(java.util.Optional.of("tenant-a,tenant-b"), "tenant-b")).isTrue();
        assertThat(CiliumRules.allows(java.util.Optional.of("tenant-a, tenant-b"), "tenant-b")).isFalse();
        assertThat(CiliumRules.allows(java.util.Optional.of("*"), "anything")).isTrue();
        assertThat(CiliumRules.allows(java.util.Optional.empty(), "tenant-a")).isFalse();
    }

    @Test
    void trafficPoliciesMustAgreeAndLocalNeedsIdenticalPodSelectors() {
        var cluster = dns("tenant-a", "a").build();
        var local = Fixtures.request("tenant-a", "b", Fixtures.tcp(54)).sharingKey("dns")
                .trafficPolicy(TrafficPolicy.LOCAL).podSelector(Map.of("app", "dns")).build();
        assertThat(vet(Fixtures.assign(cluster, "extern", "10.10.255.201"), Fixtures.assign(local, "extern", "10.10.255.201")))
                .extracting(AllocationFailure::message).containsExactly("Cilium refuses to share 10.10.255.201 with "
                        + "tenant-a/a: externalTrafficPolicy differs (Cluster and Local) (Cilium would answer "
                        + "already_allocated_incompatible_service)");
        var local1 = Fixtures.request("tenant-a", "a", Fixtures.tcp(53)).sharingKey("dns")
                .trafficPolicy(TrafficPolicy.LOCAL).podSelector(Map.of("app", "dns")).build();
        assertThat(vet(Fixtures.assign(local1, "extern", "10.10.255.201"), Fixtures.assign(local, "extern", "10.10.255.201")))
                .isEmpty();
        var noSel1 = Fixtures.request("tenant-a", "a", Fixtures.tcp(53)).sharingKey("dns").trafficPolicy(TrafficPolicy.LOCAL).build();
        var noSel2 = Fixtures.request("tenant-a", "b", Fixtures.tcp(54)).sharingKey("dns").trafficPolicy(TrafficPolicy.LOCAL).build();
        assertThat(vet(Fixtures.assign(noSel1, "extern", "10.10.255.201"), Fixtures.assign(noSel2, "extern", "10.10.255.201")))
                .extracting(AllocationFailure::reason).containsExactly(FailureReason.INCOMPATIBLE_SHARING);
    }

    @Test
    void sharingWithoutTheSameKeyIsAddressInUse() {
        var a = Fixtures.request("tenant-a", "a", Fixtures.tcp(80)).build();
        var b = Fixtures.request("tenant-a", "b", Fixtures.tcp(81)).sharingKey("k").build();
        var c = Fixtures.request("tenant-a", "c", Fixtures.tcp(82)).sharingKey("other").build();
        assertThat(vet(Fixtures.assign(a, "extern", "10.10.255.201"), Fixtures.assign(b, "extern", "10.10.255.201")))
                .extracting(AllocationFailure::reason, AllocationFailure::message).containsExactly(
                        org.assertj.core.groups.Tuple.tuple(FailureReason.ADDRESS_IN_USE, "Cilium refuses to share "
                                + "10.10.255.201 with tenant-a/a: both need lbipam.cilium.io/sharing-key (Cilium would "
                                + "answer already_allocated)"));
        assertThat(vet(Fixtures.assign(b, "extern", "10.10.255.202"), Fixtures.assign(c, "extern", "10.10.255.202")))
                .extracting(AllocationFailure::id).containsExactly(c.id());
    }

    @Test
    void addressesCiliumWouldNotHandOut() {
        var r = Fixtures.request("tenant-a", "a", Fixtures.tcp(80)).build();
        assertThat(vet(Fixtures.assign(r, "extern", "10.10.255.100"))).extracting(AllocationFailure::reason,
                AllocationFailure::message).containsExactly(org.assertj.core.groups.Tuple.tuple(
                        FailureReason.ADDRESS_NOT_IN_POOL, "10.10.255.100 is in no block of "
                                + "CiliumLoadBalancerIPPool/extern (Cilium would answer no_pool)"));
        assertThat(vet(Fixtures.assign(r, "nowhere", "10.10.255.100"))).extracting(AllocationFailure::reason)
                .containsExactly(FailureReason.NO_POOL);
    }

    @Test
    void poolSelectorMismatchIsPoolNotAllowed() {
        ApplianceConfig scoped = Fixtures.config();
        var outsider = Fixtures.request("tenant-z", "a", Fixtures.tcp(80)).label("tier", "internal").build();
        assertThat(session.vet(scoped, List.of(Fixtures.assign(outsider, "internal", "10.20.0.5"))))
                .extracting(AllocationFailure::reason).containsExactly(FailureReason.POOL_NOT_ALLOWED);
        var insider = Fixtures.request("tenant-b", "a", Fixtures.tcp(80)).label("tier", "internal").build();
        assertThat(session.vet(scoped, List.of(Fixtures.assign(insider, "internal", "10.20.0.5")))).isEmpty();
    }

    @Test
    void firstAndLastAddressRule() {
        AddressRange c24 = AddressRange.parse("10.0.0.0/24");
        assertThat(CiliumRules.droppedByNoFirstLast(c24, IpAddress.parse("10.0.0.0"))).isTrue();
        assertThat(CiliumRules.droppedByNoFirstLast(c24, IpAddress.parse("10.0.0.255"))).isTrue();
        assertThat(CiliumRules.droppedByNoFirstLast(c24, IpAddress.parse("10.0.0.1"))).isFalse();
        assertThat(CiliumRules.droppedByNoFirstLast(AddressRange.parse("10.0.0.0/31"), IpAddress.parse("10.0.0.0"))).isFalse();
        assertThat(CiliumRules.droppedByNoFirstLast(AddressRange.parse("10.0.0.7/32"), IpAddress.parse("10.0.0.7"))).isFalse();
        assertThat(CiliumRules.droppedByNoFirstLast(AddressRange.parse("fd00::/127"), IpAddress.parse("fd00::"))).isFalse();
        assertThat(CiliumRules.droppedByNoFirstLast(AddressRange.parse("fd00::/126"), IpAddress.parse("fd00::3"))).isTrue();
        assertThat(CiliumRules.droppedByNoFirstLast(AddressRange.parse("10.0.0.0-10.0.0.9"), IpAddress.parse("10.0.0.0")))
                .isFalse();
    }

    @Test
    void avoidBuggyIpsIsNotRenderedAsAllowFirstLastIps() {
        ApplianceConfig c = ApplianceConfig.builder()
                .pool(AddressPool.builder("small").addresses("10.50.0.128/25").avoidBuggyIps(true).build())
                .advertisement(BgpAdvertisement.builder("all").build()).build();
        var r = Fixtures.request("tenant-a", "a", Fixtures.tcp(80)).build();
        Assignment first = Fixtures.assign(r, "small", "10.50.0.128");
        CiliumLoadBalancerIPPool pool = (CiliumLoadBalancerIPPool) session.renderConfig(c, List.of(first)).get(0);
        assertThat(pool.getSpec().getAllowFirstLastIPs()).isNull();
        assertThat(pool.getMetadata().getAnnotations()).containsEntry(CiliumNames.ANN_AVOID_BUGGY_IPS, "true");
        assertThat(session.vet(c, List.of(first))).isEmpty();
        assertThat(Fixtures.session().importConfig(List.of(pool)).pools().get(0).avoidBuggyIps()).isTrue();
    }

    @Test
    void allowFirstLastIpsNoReservesTheFirstAndLastAddressOfEachCidrAndIsKept() {
        // operator/pkg/lbipam/lbipam.go handleNewPool: with allowFirstLastIPs: No the first and last address of a CIDR
        // block wider than /31 (/127) are reserved; start/stop blocks keep all
        List<io.fabric8.kubernetes.api.model.HasMetadata> objects = Fixtures.parse("""
                apiVersion: cilium.io/v2
                kind: CiliumLoadBalancerIPPool
                metadata: {name: small}
                spec:
                  allowFirstLastIPs: "No"
                  blocks:
                  - cidr: 10.50.0.128/25
                  - cidr: 10.60.0.0/31
                  - {start: 10.70.0.0, stop: 10.70.0.9}
                """);
        CiliumSession s = Fixtures.session();
        ApplianceConfig c = s.importConfig(objects);
        assertThat(c.pools().get(0).ranges()).extracting(Object::toString)
                .containsExactly("10.50.0.129-10.50.0.254", "10.60.0.0/31", "10.70.0.0-10.70.0.9");
        assertThat(c.pools().get(0).avoidBuggyIps()).isFalse();
        var r = Fixtures.request("tenant-a", "a", Fixtures.tcp(80)).build();
        assertThat(s.vet(c, List.of(Fixtures.assign(r, "small", "10.50.0.128")))).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("allowFirstLastIPs: No"));
        assertThat(s.vet(c, List.of(Fixtures.assign(r, "small", "10.50.0.129")))).isEmpty();
        assertThat(s.vet(c, List.of(Fixtures.assign(r, "small", "10.60.0.0")))).isEmpty();
        assertThat(s.vet(c, List.of(Fixtures.assign(r, "small", "10.70.0.0")))).isEmpty();
        CiliumLoadBalancerIPPool back = Fixtures.SERIALIZATION.convertValue(s.renderConfig(c, List.of()).get(0),
                CiliumLoadBalancerIPPool.class);
        assertThat(back.getSpec().getAllowFirstLastIPs()).isEqualTo("No");
    }

    @Test
    void aRefusedServiceIsNamedOnceAndTheFirstHolderKeepsTheAddress() {
        var a = dns("tenant-a", "a").build();
        var b = Fixtures.request("tenant-a", "b", Fixtures.udp(53)).sharingKey("dns").build();
        var c = Fixtures.request("tenant-a", "c", Fixtures.tcp(53), Fixtures.udp(5353)).sharingKey("dns").build();
        assertThat(vet(Fixtures.assign(c, "extern", "10.10.255.201"), Fixtures.assign(b, "extern", "10.10.255.201"),
                Fixtures.assign(a, "extern", "10.10.255.201")))
                .extracting(AllocationFailure::id).containsExactly(c.id());
        assertThat(Fixtures.session("1.16").vet(config, List.of(Fixtures.assign(c, "extern", "10.10.255.201"),
                Fixtures.assign(b, "extern", "10.10.255.201"), Fixtures.assign(a, "extern", "10.10.255.201"))))
                .extracting(AllocationFailure::id).containsExactly(b.id(), c.id());
    }
}
