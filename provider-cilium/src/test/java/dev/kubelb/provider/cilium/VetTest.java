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
    void tcpAndUdpOnTheSamePortNumberCannotShare() {
        var tcp = dns("tenant-a", "dns-tcp").build();
        var udp = Fixtures.request("tenant-a", "dns-udp", Fixtures.udp(53)).sharingKey("dns").build();
        assertThat(vet(Fixtures.assign(tcp, "extern", "10.10.255.201"), Fixtures.assign(udp, "extern", "10.10.255.201")))
                .containsExactly(new AllocationFailure(udp.id(), FailureReason.INCOMPATIBLE_SHARING, "Cilium refuses to "
                        + "share 10.10.255.201 with tenant-a/dns-tcp: both use port 53 (TCP/53 and UDP/53); Cilium "
                        + "compares port numbers whatever the protocol (Cilium would answer "
                        + "already_allocated_incompatible_service)"));
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
    void avoidBuggyPoolsRenderSoThatEveryPinnedAddressIsAllowed() {
        ApplianceConfig c = ApplianceConfig.builder()
                .pool(AddressPool.builder("small").addresses("10.50.0.128/25").avoidBuggyIps(true).build())
                .advertisement(BgpAdvertisement.builder("all").build()).build();
        var r = Fixtures.request("tenant-a", "a", Fixtures.tcp(80)).build();
        // .128 is not a "buggy" address, so kubelb may pin it, but allowFirstLastIPs: No would drop it
        Assignment first = Fixtures.assign(r, "small", "10.50.0.128");
        CiliumLoadBalancerIPPool withPin = (CiliumLoadBalancerIPPool) session.renderConfig(c, List.of(first)).get(0);
        assertThat(withPin.getSpec().getAllowFirstLastIPs()).isNull();
        assertThat(withPin.getMetadata().getAnnotations()).containsEntry(CiliumNames.ANN_AVOID_BUGGY_IPS, "true");
        assertThat(session.vet(c, List.of(first))).isEmpty();
        CiliumLoadBalancerIPPool without = (CiliumLoadBalancerIPPool) session.renderConfig(c,
                List.of(Fixtures.assign(r, "small", "10.50.0.130"))).get(0);
        assertThat(without.getSpec().getAllowFirstLastIPs()).isEqualTo("No");
        // either way the pool reads back as the same neutral pool
        assertThat(session.importConfig(List.of(withPin))).isEqualTo(session.importConfig(List.of(without)));
        assertThat(session.importConfig(List.of(withPin)).pools().get(0).avoidBuggyIps()).isTrue();
    }

    @Test
    void aRefusedServiceIsNamedOnceAndTheFirstHolderKeepsTheAddress() {
        var a = dns("tenant-a", "a").build();
        var b = Fixtures.request("tenant-a", "b", Fixtures.udp(53)).sharingKey("dns").build();
        var c = Fixtures.request("tenant-a", "c", Fixtures.tcp(53), Fixtures.udp(5353)).sharingKey("dns").build();
        assertThat(vet(Fixtures.assign(c, "extern", "10.10.255.201"), Fixtures.assign(b, "extern", "10.10.255.201"),
                Fixtures.assign(a, "extern", "10.10.255.201")))
                .extracting(AllocationFailure::id).containsExactly(b.id(), c.id());
    }
}
