package dev.kubelb.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The appliance configuration in neutral form: pools, advertisements, peers, community aliases and BFD
 * profiles. Providers import it from, and render it to, their own resources.
 *
 * @param pools address pools
 * @param advertisements BGP and L2 advertisements
 * @param peers BGP peers
 * @param communityAliases named communities
 * @param bfdProfiles BFD profiles
 */
public record ApplianceConfig(List<AddressPool> pools, List<Advertisement> advertisements, List<BgpPeer> peers,
        List<CommunityAlias> communityAliases, List<BfdProfile> bfdProfiles) {

    /** An empty configuration. */
    public static final ApplianceConfig EMPTY = new ApplianceConfig(List.of(), List.of(), List.of(), List.of(), List.of());

    /** Copies the lists; names must be unique per kind. */
    public ApplianceConfig {
        pools = Checks.list(pools, "pools");
        advertisements = Checks.list(advertisements, "advertisements");
        peers = Checks.list(peers, "peers");
        communityAliases = Checks.list(communityAliases, "communityAliases");
        bfdProfiles = Checks.list(bfdProfiles, "bfdProfiles");
        List<Problem> dups = new ArrayList<>();
        unique(pools.stream().map(AddressPool::name).toList(), "pool", dups);
        unique(advertisements.stream().filter(a -> a instanceof BgpAdvertisement).map(Advertisement::name).toList(),
                "BGPAdvertisement", dups);
        unique(advertisements.stream().filter(a -> a instanceof L2Advertisement).map(Advertisement::name).toList(),
                "L2Advertisement", dups);
        unique(peers.stream().map(BgpPeer::name).toList(), "peer", dups);
        unique(bfdProfiles.stream().map(BfdProfile::name).toList(), "bfdProfile", dups);
        if (!dups.isEmpty()) {
            throw new ConfigurationException(dups);
        }
    }

    private static void unique(List<String> names, String kind, List<Problem> out) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String n : names) {
            if (!seen.add(n)) {
                out.add(Problem.of(kind + "/" + n, "metadata.name", "duplicate name"));
            }
        }
    }

    /**
     * @param name a pool name
     * @return the pool of that name
     */
    public Optional<AddressPool> pool(String name) {
        return pools.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /**
     * @param name a peer name
     * @return the peer of that name
     */
    public Optional<BgpPeer> peer(String name) {
        return peers.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /**
     * @return the community aliases as a map from name to community
     */
    public Map<String, Community> aliasMap() {
        return communityAliases.stream().collect(Collectors.toUnmodifiableMap(CommunityAlias::name,
                CommunityAlias::value, (a, b) -> a));
    }

    /**
     * @return the BGP advertisements
     */
    public List<BgpAdvertisement> bgpAdvertisements() {
        return advertisements.stream().filter(BgpAdvertisement.class::isInstance).map(BgpAdvertisement.class::cast)
                .toList();
    }

    /**
     * @return the L2 advertisements
     */
    public List<L2Advertisement> l2Advertisements() {
        return advertisements.stream().filter(L2Advertisement.class::isInstance).map(L2Advertisement.class::cast)
                .toList();
    }

    /**
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds an {@link ApplianceConfig}. */
    public static final class Builder {
        private final List<AddressPool> pools = new ArrayList<>();
        private final List<Advertisement> advertisements = new ArrayList<>();
        private final List<BgpPeer> peers = new ArrayList<>();
        private final List<CommunityAlias> aliases = new ArrayList<>();
        private final List<BfdProfile> bfdProfiles = new ArrayList<>();

        private Builder() {
        }

        /** @param v a pool @return this */
        public Builder pool(AddressPool v) {
            pools.add(v);
            return this;
        }

        /** @param v an advertisement @return this */
        public Builder advertisement(Advertisement v) {
            advertisements.add(v);
            return this;
        }

        /** @param v a peer @return this */
        public Builder peer(BgpPeer v) {
            peers.add(v);
            return this;
        }

        /** @param v a community alias @return this */
        public Builder communityAlias(CommunityAlias v) {
            aliases.add(v);
            return this;
        }

        /** @param v a BFD profile @return this */
        public Builder bfdProfile(BfdProfile v) {
            bfdProfiles.add(v);
            return this;
        }

        /** @return the configuration */
        public ApplianceConfig build() {
            return new ApplianceConfig(pools, advertisements, peers, aliases, bfdProfiles);
        }
    }
}
