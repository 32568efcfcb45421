package dev.kubelb.provider.cilium;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelb.api.FailureReason;
import dev.kubelb.api.IpAddress;
import dev.kubelb.api.TrafficPolicy;
import dev.kubelb.spi.ProviderContext;
import io.fabric8.kubernetes.api.model.Service;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MigrationTest {
    private final CiliumMigration migration = new CiliumMigration(ProviderContext.offline("kube-system"));

    @Test
    void everyAddressIsPinnedAndCompatibleServicesNeedNothing() {
        var web = Fixtures.request("tenant-a", "web", Fixtures.tcp(80)).build();
        var api = Fixtures.request("tenant-b", "api", Fixtures.tcp(443)).label("tier", "internal").build();
        var plan = migration.plan(Fixtures.config(), List.of(Fixtures.assign(web, "extern", "10.10.255.201"),
                Fixtures.assign(api, "internal", "10.20.0.9", "fd00:20::9")));
        assertThat(plan.safe()).isTrue();
        assertThat(plan.findings()).isEmpty();
        assertThat(plan.configObjects()).isNotEmpty();
        assertThat(plan.services()).extracting(s -> s.getMetadata().getNamespace() + "/" + s.getMetadata().getName() + "="
                + s.getMetadata().getAnnotations().get("lbipam.cilium.io/ips"))
                .containsExactly("tenant-a/web=10.10.255.201", "tenant-b/api=10.20.0.9,fd00:20::9");
    }

    @Test
    void tcpAndUdpSharingOnPort53MigratesToCilium118() {
        var tcp = Fixtures.request("tenant-a", "dns-tcp", Fixtures.tcp(53)).sharingKey("dns").build();
        var udp = Fixtures.request("tenant-a", "dns-udp", Fixtures.udp(53)).sharingKey("dns").build();
        var plan = migration.plan(Fixtures.config(), List.of(Fixtures.assign(udp, "extern", "10.10.255.210"),
                Fixtures.assign(tcp, "extern", "10.10.255.210")));
        assertThat(plan.safe()).isTrue();
        assertThat(plan.findings()).isEmpty();
    }

    @Test
    void metallbStyleTcpAndUdpSharingOnPort53IsReportedBeforeAnythingIsAppliedForCilium116() {
        // MetalLB lets TCP/53 and UDP/53 share an address under one key; Cilium 1.16 does not
        CiliumMigration migration = new CiliumMigration(new ProviderContext(java.util.Optional.empty(), "kube-system",
                dev.kubelb.spi.ClusterInfo.UNKNOWN, Map.of(CiliumVersion.OPTION, "1.16")));
        var tcp = Fixtures.request("tenant-a", "dns-tcp", Fixtures.tcp(53)).sharingKey("dns").build();
        var udp = Fixtures.request("tenant-a", "dns-udp", Fixtures.udp(53)).sharingKey("dns").build();
        var plan = migration.plan(Fixtures.config(), List.of(Fixtures.assign(udp, "extern", "10.10.255.210"),
                Fixtures.assign(tcp, "extern", "10.10.255.210")));
        assertThat(plan.safe()).isFalse();
        assertThat(plan.findings()).singleElement().satisfies(f -> {
            assertThat(f.service().toString()).isEqualTo("tenant-a/dns-udp");
            assertThat(f.addresses()).containsExactly(IpAddress.parse("10.10.255.210"));
            assertThat(f.reason()).contains(FailureReason.INCOMPATIBLE_SHARING);
            assertThat(f.problem()).contains("both use port 53 (TCP/53 and UDP/53)");
            assertThat(f.action()).isEqualTo("give tenant-a/dns-udp its own address (another sharing key) or move it to "
                    + "a port number the other Services on the address do not use, whatever the protocol");
        });
        // the plan still pins the address for both: nothing moves silently
        assertThat(plan.services()).extracting(s -> s.getMetadata().getAnnotations().get("lbipam.cilium.io/ips"))
                .containsExactly("10.10.255.210", "10.10.255.210");
        assertThat(CiliumMigration.describe(plan)).startsWith("tenant-a/dns-udp [10.10.255.210] INCOMPATIBLE_SHARING: ");
    }

    @Test
    void nonBlockingDifferencesAreListedToo() {
        var local = Fixtures.request("tenant-a", "printer", Fixtures.tcp(631)).trafficPolicy(TrafficPolicy.LOCAL)
                .podSelector(Map.of("app", "cups")).build();
        var plan = migration.plan(Fixtures.config(), List.of(Fixtures.assign(local, "office", "192.168.50.20")));
        assertThat(plan.safe()).isTrue();
        assertThat(plan.findings()).singleElement().satisfies(f -> {
            assertThat(f.blocking()).isFalse();
            assertThat(f.action()).isEqualTo("set externalTrafficPolicy: Cluster, or advertise the pool over BGP");
        });
    }

    @Test
    void anInvalidConfigurationRendersNothing() {
        var config = dev.kubelb.api.ApplianceConfig.builder()
                .pool(dev.kubelb.api.AddressPool.builder("a").addresses("10.0.0.0/24").build())
                .pool(dev.kubelb.api.AddressPool.builder("b").addresses("10.0.0.0/25").build()).build();
        var r = Fixtures.request("tenant-a", "web", Fixtures.tcp(80)).build();
        var plan = migration.plan(config, List.of(Fixtures.assign(r, "a", "10.0.0.5")));
        assertThat(plan.validation().isValid()).isFalse();
        assertThat(plan.configObjects()).isEmpty();
        assertThat(plan.safe()).isFalse();
        List<Service> services = plan.services();
        assertThat(services).hasSize(1);
        assertThat(Optional.ofNullable(services.get(0).getSpec().getLoadBalancerClass())).isPresent();
    }

    @Test
    void settingsCiliumCannotCarryAreListedAsLosses() {
        var config = dev.kubelb.api.ApplianceConfig.builder()
                .pool(dev.kubelb.api.AddressPool.builder("extern").addresses("10.10.0.0/24").build())
                .communityAlias(new dev.kubelb.api.CommunityAlias("no-adv", dev.kubelb.api.Community.parse("65535:65282")))
                .bfdProfile(new dev.kubelb.api.BfdProfile("fast", java.util.Optional.of(100), java.util.Optional.empty(),
                        java.util.Optional.empty(), java.util.Optional.empty(), java.util.Optional.empty(),
                        java.util.Optional.empty(), java.util.Optional.empty()))
                .build();
        var plan = migration.plan(config, List.of());
        assertThat(plan.lossless()).isFalse();
        assertThat(plan.losses()).extracting(Object::toString).containsExactly(
                "BFDProfile/fast: Cilium's BGP control plane has no BFD: the profile is not rendered",
                "Community/no-adv: Cilium has no named communities: the alias is rendered as its value 65535:65282 where "
                        + "it is used");
        assertThat(CiliumMigration.describe(plan)).contains("lost: BFDProfile/fast");
        assertThat(migration.plan(Fixtures.config(), List.of()).losses()).extracting(Object::toString).containsExactly(
                "BGPPeer/upstream: ebgpMultiHop: rendered as ebgpMultihop 255 (a TTL; the neutral model has only on/off)");
    }
}
