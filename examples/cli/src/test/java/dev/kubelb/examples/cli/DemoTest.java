package dev.kubelb.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The seed scenario end to end, in-process. */
class DemoTest {
    @Test
    void demoServesReleasesAndReuses() {
        Cli.Run r = Cli.run("demo");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("kubelb demo on the EMBEDDED DEFAULT: in-process API server + SIMULATED appliance")
                .contains("1. Every Service served")
                .contains("tenant-a   web      10.10.255.200  extern\n")
                .contains("tenant-b   api      10.10.255.201  extern\n")
                .contains("tenant-c   dns-tcp  10.10.255.202  extern  dns\n")
                .contains("tenant-c   dns-udp  10.10.255.202  extern  dns\n")
                .contains("  v1 Service/tenant-a/kubelb-web  metallb.io/loadBalancerIPs=10.10.255.200\n")
                .contains("  metallb.io/v1beta1 IPAddressPool/metallb-system/extern\n")
                .contains("router-a  10.10.255.202/32")
                .contains("4. Deleted Service tenant-b/api: address 10.10.255.201 released.\n")
                .contains("5. Created Service tenant-b/api-v2: it got 10.10.255.201 (the released address, reused");
        String afterDelete = r.out().substring(r.out().indexOf("4. Deleted"), r.out().indexOf("5. Created"));
        assertThat(afterDelete).doesNotContain("tenant-b   api").contains("tenant-a   web");
    }

    @Test
    void demoShowsBothHalvesOfTheHubAndSpoke() {
        Cli.Run r = Cli.run("demo");
        assertThat(r.exit()).as(r.err()).isZero();
        String hub = r.out().substring(r.out().indexOf("6. Hub and spoke"));
        assertThat(hub).contains("a second in-process API server is tenant cluster 'east'")
                .contains("  tenant east:  Service shop/web (loadBalancerClass kubelb, port 443, NodePort 31443) created\n")
                .containsPattern("  management: LoadBalancer tenant-east/[0-9a-f-]{36} written by the agent")
                .contains("  management: the engine assigned 10.10.255.203 from pool extern")
                .contains("  tenant east:  Service shop/web status.loadBalancer.ingress = 10.10.255.203\n");
    }

    @Test
    void manifestsArePrintable() {
        Cli.Run r = Cli.run("demo", "--manifests");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualTo(DemoCommand.manifests()).contains("10.10.255.200-10.10.255.250")
                .contains("avoidBuggyIPs: true").contains("kind: BGPPeer");
    }
}
