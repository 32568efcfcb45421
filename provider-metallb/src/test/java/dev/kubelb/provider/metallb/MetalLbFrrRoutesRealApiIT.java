package dev.kubelb.provider.metallb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelb.core.KubeLb;
import dev.kubelb.core.testkit.RealApi;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * MetalLB's speaker in FRR mode, real: the speaker writes its {@code frr.conf} and signals a reloader that applies
 * it to Debian's FRR (zebra + bgpd, in a network namespace standing for the node) with {@code frr-reload.py}, as
 * MetalLB deploys it; BIRD (eBGP, iBGP) and GoBGP (eBGP) receive over IPv4 and IPv6 sessions. The scenarios of
 * {@link MetalLbRoutesSuite}, and those only FRR mode serves (large communities, IPv6, dual-stack sessions): for
 * each, the addresses in the Service's status are the ones our allocator chose, and every router holds exactly the
 * routes our preview gives its peers, every attribute equal.
 */
@RealApi(namespaces = {"metallb-system", "tenant-a"})
class MetalLbFrrRoutesRealApiIT extends MetalLbRoutesSuite {

    @BeforeAll
    static void start() throws Exception {
        startRig(MetalLbAdvertiser.Backend.FRR, true, true);
    }

    /**
     * ebgp: one IPv4 session with dualStackAddressFamily (both families over it); gobgp: an IPv4 and an IPv6
     * session without it (each its own family); ibgp: an IPv4 session only (IPv4 only).
     */
    @Override
    String peersAndOwnPools() {
        return peer("ebgp", ebgp, 64501, false, "  dualStackAddressFamily: true\n")
                + peer("ibgp", ibgp, SPEAKER_AS, false, "") + peer("gobgp", gobgp, 64502, false, "")
                + peer("gobgp-v6", gobgp, 64502, true, "")
                + "---\napiVersion: metallb.io/v1beta1\nkind: Community\nmetadata:\n  name: large-aliases\n"
                + "  namespace: metallb-system\nspec:\n  communities:\n  - name: tenant-large\n"
                + "    value: large:64500:7:8\n"
                + pool("tagged", "10.10.230.0/28") + advertisement("tagged", "tagged", "  communities:\n"
                        + "  - 64512:100\n  - large:64500:1:2\n  - tenant-tag\n  - tenant-large\n  localPref: 150\n")
                + pool("v6agg", "2001:db8:ffff:1::/64") + advertisement("v6agg", "v6agg", "  aggregationLengthV6: 64\n")
                + pool("dual", "10.10.231.0/28", "2001:db8:ffff:2::/124") + advertisement("dual", "dual", "");
    }

    @Test
    void standardLargeAndAliasedCommunitiesAndLocalPreferenceAsThePreviewSays() throws Exception {
        try (KubeLb lb = engine(config())) {
            List<String> ip = serve("tagged", 120, "tagged");
            assertThat(ip).isEqualTo(allocated(lb, "tagged"));
            assertRoutersHoldThePreview(lb, p -> p.startsWith("10.10.230."));
            assertThat(gobgp.received()).filteredOn(r -> r.prefix().equals(ip.get(0) + "/32")).singleElement()
                    .satisfies(r -> {
                        assertThat(r.communities()).containsExactly("64512:100", "64512:300");
                        assertThat(r.largeCommunities()).containsExactly("64500:1:2", "64500:7:8");
                        assertThat(r.localPref()).as("none over eBGP").isEmpty();
                    });
            assertThat(ibgp.received()).filteredOn(r -> r.prefix().equals(ip.get(0) + "/32")).singleElement()
                    .satisfies(r -> assertThat(r.localPref()).contains(150L));
            release("tagged");
            assertRoutersHoldThePreview(lb, p -> p.startsWith("10.10.230."));
        }
    }

    @Test
    void anIpv6PoolIsAnnouncedAsItsSlash64OverTheSessionsCarryingIpv6() throws Exception {
        try (KubeLb lb = engine(config())) {
            List<String> a = serve("v6-a", 121, "v6agg", "IPv6");
            List<String> b = serve("v6-b", 122, "v6agg", "IPv6");
            assertThat(a).isEqualTo(allocated(lb, "v6-a"));
            assertThat(b).isEqualTo(allocated(lb, "v6-b"));
            assertRoutersHoldThePreview(lb, p -> p.startsWith("2001:db8:ffff:1:"));
            assertThat(gobgp.received()).filteredOn(r -> r.prefix().startsWith("2001:db8:ffff:1:"))
                    .extracting(r -> r.session() + " " + r.prefix() + " via " + r.nextHop())
                    .containsExactly("ipv6 2001:db8:ffff:1::/64 via " + gobgp.hostAddress6());
            assertThat(ebgp.received()).as("dualStackAddressFamily: IPv6 over the IPv4 session")
                    .filteredOn(r -> r.prefix().startsWith("2001:db8:ffff:1:"))
                    .extracting(r -> r.session() + " " + r.prefix()).containsExactly("ipv4 2001:db8:ffff:1::/64");
            assertThat(ibgp.prefixes()).as("an IPv4 session without it").noneMatch(p -> p.startsWith("2001:"));
            release("v6-a");
            assertRoutersHoldThePreview(lb, p -> p.startsWith("2001:db8:ffff:1:"));
            assertThat(gobgp.prefixes()).as("the aggregate stays for v6-b").contains("2001:db8:ffff:1::/64");
            release("v6-b");
            assertRoutersHoldThePreview(lb, p -> p.startsWith("2001:db8:ffff:1:"));
            assertThat(gobgp.prefixes()).noneMatch(p -> p.startsWith("2001:db8:ffff:1:"));
        }
    }

    @Test
    void aDualStackServiceReachesEachSessionInItsFamilies() throws Exception {
        try (KubeLb lb = engine(config())) {
            List<String> ips = serve("dual", 123, "dual", "IPv4", "IPv6");
            assertThat(ips).containsExactlyInAnyOrderElementsOf(allocated(lb, "dual"));
            assertRoutersHoldThePreview(lb, p -> p.startsWith("10.10.231.") || p.startsWith("2001:db8:ffff:2:"));
            assertThat(gobgp.received()).filteredOn(r -> r.prefix().startsWith("10.10.231.")
                    || r.prefix().startsWith("2001:db8:ffff:2:")).extracting(ReceivedSession::of)
                    .containsExactly("ipv4 ipv4", "ipv6 ipv6");
            assertThat(ebgp.received()).filteredOn(r -> r.prefix().startsWith("10.10.231.")
                    || r.prefix().startsWith("2001:db8:ffff:2:")).extracting(ReceivedSession::of)
                    .containsExactly("ipv4 ipv4", "ipv4 ipv6");
            release("dual");
            assertRoutersHoldThePreview(lb, p -> p.startsWith("10.10.231.") || p.startsWith("2001:db8:ffff:2:"));
        }
    }


    /** "session-family prefix-family" of a received route. */
    private static final class ReceivedSession {
        static String of(dev.kubelb.core.testkit.ReceivedRoute r) {
            return r.session() + " " + (r.prefix().contains(":") ? "ipv6" : "ipv4");
        }
    }
}
