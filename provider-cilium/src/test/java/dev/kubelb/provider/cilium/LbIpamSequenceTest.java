package dev.kubelb.provider.cilium;

import static dev.kubelb.provider.cilium.LbIpamConformanceTest.inside;
import static dev.kubelb.provider.cilium.LbIpamConformanceTest.pool;
import static dev.kubelb.provider.cilium.LbIpamConformanceTest.svc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubelb.api.ConfigurationException;
import dev.kubelb.api.FailureReason;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Our translations of Cilium's LB-IPAM tests that drive the operator through events
 * ({@code operator/pkg/lbipam/lbipam_test.go}; each test names the upstream function), run through the engine's
 * allocation path over time ({@link LbIpamSequence}: one allocator, {@code AllocationPass}, Cilium's vet). Where
 * kubelb differs the test says so and provider-cilium/README.md lists it.
 */
class LbIpamSequenceTest {
    private static final String KEY = "lbipam.cilium.io/sharing-key";
    private static final String POOL_A = pool("pool-a", "", "10.0.10.0/24");

    @Test
    @DisplayName("TestConflictResolution: the newer overlapping pool gives nothing until its overlap is removed")
    void conflictResolution() {
        var s = new LbIpamSequence().upsertPool(POOL_A)
                .upsertPool(pool("pool-b", "", "10.0.10.0/24", "ff::/48"))
                .upsertSvc(svc("default", "v6").singleStack("IPv6"));
        assertThat(s.addresses("default/v6")).isEmpty();
        assertThat(s.config().pools()).extracting(p -> p.name()).containsExactly("pool-a");
        s.upsertPool(pool("pool-b", "", "ff::/48"));
        assertThat(inside(s.address("default/v6"), "ff::/48")).isTrue();
    }

    @Test
    @DisplayName("TestPoolInternalConflict: a pool with overlapping blocks serves once one block is removed")
    void poolInternalConflict() {
        var s = new LbIpamSequence().upsertPool(pool("pool-a", "", "10.0.10.0/24", "10.0.10.64/28"))
                .upsertSvc(svc("default", "svc").singleStack("IPv4"));
        assertThat(s.addresses("default/svc")).isEmpty();
        s.upsertPool(POOL_A);
        assertThat(inside(s.address("default/svc"), "10.0.10.0/24")).isTrue();
    }

    @Test
    @DisplayName("TestAllocHappyPath: IPv4, then IPv6 after the families change (the IPv4 freed), then IPv4 again")
    void allocHappyPath() {
        var s = new LbIpamSequence().upsertPool(pool("pool-a", "", "10.0.10.0/24", "ff::/48"))
                .upsertSvc(svc("default", "service-a").singleStack("IPv4"));
        String v4 = s.address("default/service-a");
        assertThat(inside(v4, "10.0.10.0/24")).isTrue();
        s.upsertSvc(svc("default", "service-a").singleStack("IPv6"));
        assertThat(inside(s.address("default/service-a"), "ff::/48")).isTrue();
        assertThat(s.allocated(v4)).isFalse();
        s.upsertSvc(svc("default", "service-a").singleStack("IPv4"));
        assertThat(inside(s.address("default/service-a"), "10.0.10.0/24")).isTrue();
    }

    @Test
    @DisplayName("TestSharedServiceUpdatedSharingKey: a sharer whose key changes gets another address")
    void sharedServiceUpdatedSharingKey() {
        var s = new LbIpamSequence().upsertPool(POOL_A)
                .upsertSvc(svc("default", "service-a").annotation(KEY, "key-1").spec("ipFamilies: [IPv4]").port("TCP", 80))
                .upsertSvc(svc("default", "service-b").annotation(KEY, "key-1").spec("ipFamilies: [IPv4]").port("TCP", 81));
        String ip = s.address("default/service-a");
        assertThat(s.address("default/service-b")).isEqualTo(ip);
        s.upsertSvc(svc("default", "service-b").annotation(KEY, "key-2").spec("ipFamilies: [IPv4]").port("TCP", 81));
        assertThat(s.address("default/service-b")).isNotEqualTo(ip);
        assertThat(s.address("default/service-a")).isEqualTo(ip);
    }

    @Test
    @DisplayName("TestSharedServiceUpdatedPorts: a sharer whose port comes to collide gets another address")
    void sharedServiceUpdatedPorts() {
        var s = new LbIpamSequence().upsertPool(POOL_A)
                .upsertSvc(svc("default", "service-a").annotation(KEY, "key-1").spec("ipFamilies: [IPv4]").port("TCP", 80))
                .upsertSvc(svc("default", "service-b").annotation(KEY, "key-1").spec("ipFamilies: [IPv4]").port("TCP", 81));
        String ip = s.address("default/service-a");
        assertThat(s.address("default/service-b")).isEqualTo(ip);
        s.upsertSvc(svc("default", "service-b").annotation(KEY, "key-1").spec("ipFamilies: [IPv4]").port("TCP", 80));
        assertThat(s.address("default/service-b")).isNotEqualTo(ip);
        assertThat(s.failure("default/service-b")).isEmpty();
    }

    @Test
    @DisplayName("TestSharingKey: a shared address outlives one sharer, is freed with the last; re-added sharers")
    void sharingKey() {
        var s = new LbIpamSequence().upsertPool(POOL_A)
                .upsertSvc(svc("default", "service-a").annotation("io.cilium/lb-ipam-sharing-key", "key-a")
                        .spec("ipFamilies: [IPv4]"))
                .upsertSvc(svc("default", "service-b").annotation("io.cilium/lb-ipam-sharing-key", "key-a")
                        .spec("ipFamilies: [IPv4]").port("TCP", 2));
        String ip = s.address("default/service-a");
        assertThat(s.address("default/service-b")).isEqualTo(ip);
        s.upsertSvc(svc("default", "service-c").annotation("io.cilium/lb-ipam-sharing-key", "key-b")
                .spec("ipFamilies: [IPv4]").port("TCP", 80));
        String ip2 = s.address("default/service-c");
        assertThat(ip2).isNotEqualTo(ip);
        s.deleteSvc("default/service-a");
        assertThat(s.allocated(ip)).isTrue();
        s.deleteSvc("default/service-b");
        assertThat(s.allocated(ip)).isFalse();
        s.upsertSvc(svc("default", "service-a").annotation("io.cilium/lb-ipam-sharing-key", "key-b")
                .spec("ipFamilies: [IPv4]").port("TCP", 80));
        assertThat(s.address("default/service-a")).isNotEqualTo(ip2);
        s.upsertSvc(svc("default", "service-b").annotation("io.cilium/lb-ipam-sharing-key", "key-b")
                .spec("ipFamilies: [IPv4]").port("TCP", 81));
        // upstream: service-c's address (the key's first); kubelb: the key's lowest compatible address (README #2)
        assertThat(s.address("default/service-b")).isIn(ip2, s.address("default/service-a"));
        s.deleteSvc("default/service-c");
        s.deleteSvc("default/service-a");
        s.deleteSvc("default/service-b");
        assertThat(s.allocated(ip2)).isFalse();
    }

    @Test
    @DisplayName("TestServiceDelete: a deleted Service's address is released")
    void serviceDelete() {
        var s = new LbIpamSequence().upsertPool(POOL_A).upsertSvc(svc("default", "service-a").spec("ipFamilies: [IPv4]"));
        String ip = s.address("default/service-a");
        assertThat(s.allocated(ip)).isTrue();
        s.deleteSvc("default/service-a");
        assertThat(s.allocated(ip)).isFalse();
    }

    @Test
    @DisplayName("TestChangeServiceType: ClusterIP is ignored, LoadBalancer served, NodePort released")
    void changeServiceType() {
        var s = new LbIpamSequence().upsertPool(POOL_A).upsertSvc(svc("default", "service-a").type("ClusterIP"));
        assertThat(s.addresses("default/service-a")).isEmpty();
        s.upsertSvc(svc("default", "service-a"));
        String ip = s.address("default/service-a");
        s.upsertSvc(svc("default", "service-a").type("NodePort"));
        assertThat(s.addresses("default/service-a")).isEmpty();
        assertThat(s.allocated(ip)).isFalse();
    }

    @Test
    @DisplayName("TestUpdateAllowFirstAndLastIPs: the first address of a /30 is refused, then given once allowed")
    void updateAllowFirstAndLastIps() {
        var s = new LbIpamSequence().upsertPool(pool("pool-a", "allowFirstLastIPs: \"No\"", "10.0.10.16/30"))
                .upsertSvc(svc("default", "service-a").singleStack("IPv4").spec("loadBalancerIP: 10.0.10.16"));
        assertThat(s.addresses("default/service-a")).isEmpty();
        assertThat(s.failure("default/service-a")).isPresent();
        s.upsertPool(pool("pool-a", "allowFirstLastIPs: \"Yes\"", "10.0.10.16/30"));
        assertThat(s.address("default/service-a")).isEqualTo("10.0.10.16");
    }

    @Test
    @DisplayName("TestAddPool: a pin no pool offers is served once a pool offering it is added")
    void addPool() {
        var s = new LbIpamSequence().upsertPool(POOL_A)
                .upsertSvc(svc("default", "service-a").spec("loadBalancerIP: 10.0.20.10"));
        assertThat(s.addresses("default/service-a")).isEmpty();
        s.upsertPool(pool("pool-b", "", "10.0.20.0/24"));
        assertThat(s.address("default/service-a")).isEqualTo("10.0.20.10");
    }

    @Test
    @DisplayName("TestAddRange: a pin is served once a block offering it is added to the pool")
    void addRange() {
        var s = new LbIpamSequence().upsertPool(POOL_A)
                .upsertSvc(svc("default", "service-a").spec("loadBalancerIP: 10.0.20.10"));
        assertThat(s.addresses("default/service-a")).isEmpty();
        s.upsertPool(pool("pool-a", "", "10.0.10.0/24", "10.0.20.0/24"));
        assertThat(s.address("default/service-a")).isEqualTo("10.0.20.10");
    }

    @Test
    @DisplayName("TestDisablePool: disabling keeps what was given and gives nothing new; enabling resumes")
    void disablePool() {
        var s = new LbIpamSequence().upsertPool(POOL_A).upsertSvc(svc("default", "service-a"));
        String ip = s.address("default/service-a");
        s.upsertPool(pool("pool-a", "disabled: true", "10.0.10.0/24"));
        assertThat(s.address("default/service-a")).isEqualTo(ip);
        s.upsertSvc(svc("default", "service-b"));
        assertThat(s.addresses("default/service-b")).isEmpty();
        s.upsertPool(pool("pool-a", "disabled: false", "10.0.10.0/24"));
        assertThat(inside(s.address("default/service-b"), "10.0.10.0/24")).isTrue();
        assertThat(s.address("default/service-a")).isEqualTo(ip);
    }

    @Test
    @DisplayName("TestPoolDelete: a Service of a deleted pool gets an address of another pool")
    void poolDelete() {
        var s = new LbIpamSequence().upsertPool(POOL_A).upsertPool(pool("pool-b", "", "10.0.20.0/24"))
                .upsertSvc(svc("default", "service-a"));
        String ip = s.address("default/service-a");
        boolean fromA = inside(ip, "10.0.10.0/24");
        s.deletePool(fromA ? "pool-a" : "pool-b");
        assertThat(inside(s.address("default/service-a"), fromA ? "10.0.20.0/24" : "10.0.10.0/24")).isTrue();
    }

    @Test
    @DisplayName("TestRangeDelete: adding a block changes nothing; removing the Service's block moves it")
    void rangeDelete() {
        var s = new LbIpamSequence().upsertPool(POOL_A).upsertSvc(svc("default", "service-a"));
        String ip = s.address("default/service-a");
        s.upsertPool(pool("pool-a", "", "10.0.10.0/24", "10.0.20.0/24"));
        assertThat(s.address("default/service-a")).isEqualTo(ip);
        s.upsertPool(pool("pool-a", "", "10.0.20.0/24"));
        assertThat(inside(s.address("default/service-a"), "10.0.20.0/24")).isTrue();
        assertThat(s.allocated(ip)).isFalse();
    }

    @Test
    @DisplayName("TestRemoveServiceLabel: a Service whose labels stop matching its pool loses its address")
    void removeServiceLabel() {
        var s = new LbIpamSequence().upsertPool(pool("pool-a", "serviceSelector: {matchLabels: {color: blue}}",
                "10.0.10.0/24")).upsertSvc(svc("default", "service-a").label("color", "blue"));
        String ip = s.address("default/service-a");
        s.upsertSvc(svc("default", "service-a").label("color", "green"));
        assertThat(s.addresses("default/service-a")).isEmpty();
        assertThat(s.allocated(ip)).isFalse();
    }

    @Test
    @DisplayName("TestChangePoolSelector: Services a pool's new selector no longer matches lose their address")
    void changePoolSelector() {
        var s = new LbIpamSequence().upsertPool(pool("pool-a", "serviceSelector: {matchLabels: {color: red}}",
                "10.0.10.0/24")).upsertSvc(svc("default", "service-a").label("color", "red"));
        String ip = s.address("default/service-a");
        s.upsertPool(pool("pool-a", "serviceSelector: {matchLabels: {color: green}}", "10.0.10.0/24"));
        assertThat(s.addresses("default/service-a")).isEmpty();
        assertThat(s.allocated(ip)).isFalse();
    }

    @Test
    @DisplayName("TestRequestIPs: a pin is served; a second Service pinning it gets already_allocated")
    void requestIps() {
        var s = new LbIpamSequence().upsertPool(POOL_A)
                .upsertSvc(svc("default", "service-a").spec("loadBalancerIP: 10.0.10.20"))
                .upsertSvc(svc("default", "service-c").spec("loadBalancerIP: 10.0.10.20"));
        assertThat(s.address("default/service-a")).isEqualTo("10.0.10.20");
        assertThat(s.failure("default/service-c")).hasValueSatisfying(f -> assertThat(f.reason())
                .isEqualTo(FailureReason.ADDRESS_IN_USE));
    }

    @Test
    @DisplayName("TestRequestIPs/TestRemoveRequestedIP (difference): several addresses of one family are refused, "
            + "naming the fields")
    void severalRequestedAddressesPerFamilyAreRefused() {
        var s = new LbIpamSequence().upsertPool(POOL_A);
        assertThatThrownBy(() -> s.upsertSvc(svc("default", "service-b")
                .annotation("lbipam.cilium.io/ips", "10.0.10.22,10.0.10.23").spec("loadBalancerIP: 10.0.10.21")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("Service/default/service-b")
                .hasMessageContaining("lbipam.cilium.io/ips")
                .hasMessageContaining("one address per family");
    }

    @Test
    @DisplayName("Cilium < 1.18 (TestSharingKey semantics, isCompatible without protocols): a newcomer refused on a "
            + "shared address gets a fresh one instead of failing")
    void refusedNewcomerIsReallocatedUnderOlderCilium() {
        var s = new LbIpamSequence(Fixtures.session("1.17")).upsertPool(POOL_A)
                .upsertSvc(svc("default", "dns-tcp").annotation(KEY, "dns").spec("ipFamilies: [IPv4]").port("TCP", 53))
                .upsertSvc(svc("default", "dns-udp").annotation(KEY, "dns").spec("ipFamilies: [IPv4]").port("UDP", 53));
        assertThat(s.failure("default/dns-udp")).isEmpty();
        assertThat(s.address("default/dns-udp")).isNotEqualTo(s.address("default/dns-tcp"));
        // a third sharer compatible with the fresh address joins it rather than taking a third address
        s.upsertSvc(svc("default", "web").annotation(KEY, "dns").spec("ipFamilies: [IPv4]").port("TCP", 80));
        assertThat(s.address("default/web")).isIn(s.address("default/dns-tcp"), s.address("default/dns-udp"));
        var current = new LbIpamSequence(Fixtures.session("1.18")).upsertPool(POOL_A)
                .upsertSvc(svc("default", "dns-tcp").annotation(KEY, "dns").spec("ipFamilies: [IPv4]").port("TCP", 53))
                .upsertSvc(svc("default", "dns-udp").annotation(KEY, "dns").spec("ipFamilies: [IPv4]").port("UDP", 53));
        assertThat(current.address("default/dns-udp")).isEqualTo(current.address("default/dns-tcp"));
    }

    @Test
    @DisplayName("A pin refused on a shared address is not moved: the pin fails")
    void refusedPinIsNotMoved() {
        var s = new LbIpamSequence(Fixtures.session("1.17")).upsertPool(POOL_A)
                .upsertSvc(svc("default", "dns-tcp").annotation(KEY, "dns").port("TCP", 53)
                        .spec("loadBalancerIP: 10.0.10.53"))
                .upsertSvc(svc("default", "dns-udp").annotation(KEY, "dns").port("UDP", 53)
                        .spec("loadBalancerIP: 10.0.10.53"));
        assertThat(s.addresses("default/dns-udp")).isEmpty();
        assertThat(s.failure("default/dns-udp")).hasValueSatisfying(f -> assertThat(f.reason())
                .isEqualTo(FailureReason.INCOMPATIBLE_SHARING));
    }

    @Test
    @DisplayName("io.kubernetes.service.name: Cilium matches the managed Service it sees (kubelb-<name>), so a pool "
            + "selecting the tenant's name is refused, naming the managed Service (README, differences)")
    void serviceNameSelectorSeesTheManagedService() {
        var s = new LbIpamSequence().upsertPool(pool("pool-a",
                "serviceSelector: {matchLabels: {io.kubernetes.service.name: web}}", "10.0.10.0/24"))
                .upsertSvc(svc("default", "web"));
        assertThat(s.addresses("default/web")).isEmpty();
        assertThat(s.failure("default/web")).hasValueSatisfying(f -> {
            assertThat(f.reason()).isEqualTo(FailureReason.POOL_NOT_ALLOWED);
            assertThat(f.message()).contains("io.kubernetes.service.name=kubelb-web");
        });
    }

    @Test
    @DisplayName("TestRegressionSharedKeyReaddBug: a sharer deleted and added again gets the shared address back")
    void sharedKeyReadd() {
        var s = new LbIpamSequence().upsertPool(POOL_A)
                .upsertSvc(svc("default", "service-a").annotation("io.cilium/lb-ipam-sharing-key", "key-a")
                        .spec("ipFamilies: [IPv4]"))
                .upsertSvc(svc("default", "service-b").annotation("io.cilium/lb-ipam-sharing-key", "key-a")
                        .spec("ipFamilies: [IPv4]").port("TCP", 2));
        String ip = s.address("default/service-a");
        assertThat(s.address("default/service-b")).isEqualTo(ip);
        s.deleteSvc("default/service-b");
        s.upsertSvc(svc("default", "service-b").annotation("io.cilium/lb-ipam-sharing-key", "key-a")
                .spec("ipFamilies: [IPv4]").port("TCP", 2));
        assertThat(s.address("default/service-b")).isEqualTo(ip);
        assertThat(s.allocated(ip)).isTrue();
    }

    @Test
    @DisplayName("TestSharedServicesUpdateSharingKeyAndRequestedIP: a sharer changing key and pinned address moves to "
            + "the other group")
    void sharedServicesUpdateSharingKeyAndRequestedIp() {
        var s = new LbIpamSequence().upsertPool(POOL_A)
                .upsertSvc(svc("default", "service-a").annotation("lbipam.cilium.io/ips", "10.0.10.22")
                        .annotation(KEY, "key-1").spec("ipFamilies: [IPv4]").port("TCP", 80))
                .upsertSvc(svc("default", "service-b").annotation("lbipam.cilium.io/ips", "10.0.10.33")
                        .annotation(KEY, "key-2").spec("ipFamilies: [IPv4]").port("TCP", 81))
                .upsertSvc(svc("default", "service-c").annotation("lbipam.cilium.io/ips", "10.0.10.33")
                        .annotation(KEY, "key-2").spec("ipFamilies: [IPv4]").port("TCP", 82));
        assertThat(s.address("default/service-c")).isEqualTo(s.address("default/service-b")).isEqualTo("10.0.10.33");
        s.upsertSvc(svc("default", "service-c").annotation("lbipam.cilium.io/ips", "10.0.10.22")
                .annotation(KEY, "key-1").spec("ipFamilies: [IPv4]").port("TCP", 82));
        assertThat(s.address("default/service-c")).isEqualTo(s.address("default/service-a")).isEqualTo("10.0.10.22");
        assertThat(s.address("default/service-b")).isEqualTo("10.0.10.33");
    }
}
