package dev.kubelb.examples.cli;

import dev.kubelb.api.AddressPool;
import dev.kubelb.api.ApplianceConfig;
import dev.kubelb.api.BfdProfile;
import dev.kubelb.api.BgpAdvertisement;
import dev.kubelb.api.BgpPeer;
import dev.kubelb.api.CommunityAlias;
import dev.kubelb.api.Problem;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * What a migration would lose: the source configuration compared with what the target appliance gives
 * back when its rendered objects are read again (its own import). An object missing on the way back (not
 * representable, or renamed) and a field that comes back different are each one loss naming the object
 * and the fields.
 */
final class ConfigLoss {
    private ConfigLoss() {
    }

    /**
     * @param source the configuration migrated
     * @param back the target's reading of what it rendered for it
     * @param target the target provider's name
     * @return one problem per object not kept as it was
     */
    static List<Problem> between(ApplianceConfig source, ApplianceConfig back, String target) {
        List<Problem> out = new ArrayList<>();
        compare("IPAddressPool", source.pools(), back.pools(), AddressPool::name, target, out);
        compare("BGPAdvertisement", source.bgpAdvertisements(), back.bgpAdvertisements(), BgpAdvertisement::name,
                target, out);
        compare("L2Advertisement", source.l2Advertisements(), back.l2Advertisements(),
                dev.kubelb.api.L2Advertisement::name, target, out);
        compare("BGPPeer", source.peers(), back.peers(), BgpPeer::name, target, out);
        compare("BFDProfile", source.bfdProfiles(), back.bfdProfiles(), BfdProfile::name, target, out);
        compare("Community alias", source.communityAliases().stream().map(a -> new CommunityAlias(a.name(), a.value()))
                .toList(), back.communityAliases().stream().map(a -> new CommunityAlias(a.name(), a.value())).toList(),
                CommunityAlias::name, target, out);
        return out;
    }

    private static <T extends Record> void compare(String kind, List<T> source, List<T> back,
            Function<T, String> name, String target, List<Problem> out) {
        Map<String, T> returned = new TreeMap<>();
        back.forEach(b -> returned.put(name.apply(b), b));
        for (T s : source) {
            String object = kind + "/" + name.apply(s);
            T b = returned.get(name.apply(s));
            if (b == null) {
                out.add(Problem.of(object, "", target + " does not keep it under this name (not representable, "
                        + "merged or renamed)"));
            } else if (!s.equals(b)) {
                out.add(Problem.of(object, "", target + " does not keep " + String.join(", ", changed(s, b))));
            }
        }
    }

    /** @return the names of the record components that differ */
    private static List<String> changed(Record a, Record b) {
        List<String> out = new ArrayList<>();
        for (RecordComponent c : a.getClass().getRecordComponents()) {
            try {
                if (!Objects.equals(c.getAccessor().invoke(a), c.getAccessor().invoke(b))) {
                    out.add(c.getName());
                }
            } catch (ReflectiveOperationException e) {
                out.add(c.getName());
            }
        }
        return out;
    }
}
