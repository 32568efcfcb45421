package dev.kubelb.provider.metallb;

import dev.kubelb.api.AddressPool;
import dev.kubelb.api.ApplianceConfig;
import dev.kubelb.api.BgpAdvertisement;
import dev.kubelb.api.BgpPeer;
import dev.kubelb.api.Community;
import dev.kubelb.api.CommunityAlias;
import dev.kubelb.api.IpFamily;
import dev.kubelb.api.Problem;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * What MetalLB's native BGP backend ({@code METALLB_BGP_TYPE=native}) refuses, after
 * {@code internal/config/validation.go DiscardFRROnly} (v0.15.2, v0.16.2): a peer setting an FRR-only field
 * ({@code bfdProfile}, {@code keepaliveTime}, {@code vrf}, {@code connectTime}, {@code enableGracefulRestart},
 * {@code disableMP}, {@code dualStackAddressFamily}, {@code dynamicASN}, {@code interface}; {@code localASN} from
 * 0.16), any {@code BFDProfile}, a BGP advertisement selecting a pool with IPv6 addresses, and a large community,
 * whether an advertisement gives it literally or a {@code Community} resource defines it (MetalLB checks every
 * {@code Community} entry, used or not: {@code findNonLegacyCommunity}). The speaker then refuses the whole
 * configuration and announces nothing over BGP, so each is an error where the native backend is chosen.
 */
final class NativeBgpRules {
    private static final String WHY = "MetalLB's native BGP backend refuses ";
    private static final String THEN = "; its speaker would then refuse the whole configuration and announce nothing";

    private NativeBgpRules() {
    }

    /**
     * @param config a configuration
     * @param defaultCommunityName the name of the {@code Community} object holding aliases of no group
     * @return every refusal, in MetalLB's order (peers, BFD profiles, IPv6 pools, communities), empty when none
     */
    static List<Problem> refusals(ApplianceConfig config, String defaultCommunityName) {
        List<Problem> out = new ArrayList<>();
        for (BgpPeer p : config.peers().stream().sorted(Comparator.comparing(BgpPeer::name)).toList()) {
            String object = "BGPPeer/" + p.name();
            field(out, object, p.bfdProfile().isPresent(), "bfdProfile");
            field(out, object, p.keepaliveTime().filter(d -> !d.isZero()).isPresent(), "keepaliveTime");
            field(out, object, p.vrf().isPresent(), "vrf");
            field(out, object, p.connectTime().isPresent(), "connectTime");
            field(out, object, p.gracefulRestart(), "enableGracefulRestart");
            field(out, object, p.disableMp(), "disableMP");
            field(out, object, p.dualStackAddressFamily(), "dualStackAddressFamily");
            field(out, object, p.dynamicAsn().isPresent(), "dynamicASN");
            field(out, object, p.isUnnumbered(), "interface");
            field(out, object, p.localAsn().isPresent(), "localASN");
        }
        config.bfdProfiles().forEach(b -> out.add(Problem.of("BFDProfile/" + b.name(), "",
                WHY + "any BFDProfile" + THEN)));
        List<BgpAdvertisement> bgp = config.bgpAdvertisements().stream()
                .sorted(Comparator.comparing(BgpAdvertisement::name)).toList();
        for (AddressPool pool : config.pools().stream().sorted(Comparator.comparing(AddressPool::name)).toList()) {
            if (pool.hasFamily(IpFamily.IPV6)) {
                bgp.stream().filter(ad -> ad.selects(pool)).findFirst().ifPresent(ad -> out.add(Problem.of(
                        "IPAddressPool/" + pool.name(), "spec.addresses", WHY + "an IPv6 pool under a "
                                + "BGPAdvertisement (here BGPAdvertisement/" + ad.name() + "): it announces IPv4 only"
                                + THEN)));
            }
        }
        Map<String, Community> aliases = config.aliasMap();
        for (BgpAdvertisement ad : bgp) {
            for (int i = 0; i < ad.communities().size(); i++) {
                Community c = ad.communities().get(i);
                if (c instanceof Community.Large) {
                    out.add(Problem.of("BGPAdvertisement/" + ad.name(), "spec.communities[" + i + "]", WHY
                            + "the large community " + c.text() + ": it sends standard communities only" + THEN));
                } else if (c instanceof Community.Alias a && a.resolve(aliases).orElse(null) instanceof Community.Large l) {
                    out.add(Problem.of("BGPAdvertisement/" + ad.name(), "spec.communities[" + i + "]", WHY
                            + "the large community " + l.text() + " (through the alias '" + a.text()
                            + "'): it sends standard communities only" + THEN));
                }
            }
        }
        for (CommunityAlias a : config.communityAliases()) {
            if (a.value() instanceof Community.Large) {
                // the alias's name, not its index: the neutral model keeps the aliases, not their order in the object
                out.add(Problem.of("Community/" + a.group().orElse(defaultCommunityName), "spec.communities[name="
                        + a.name() + "].value", WHY
                        + "the large community " + a.value().text() + " of alias '" + a.name()
                        + "', used or not: it sends standard communities only" + THEN));
            }
        }
        return out;
    }

    private static void field(List<Problem> out, String object, boolean set, String field) {
        if (set) {
            out.add(Problem.of(object, "spec." + field, WHY + field + ", an FRR-only field" + THEN));
        }
    }
}
