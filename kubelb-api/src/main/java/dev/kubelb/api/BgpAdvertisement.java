package dev.kubelb.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Announces the addresses of the selected pools over BGP (MetalLB {@code BGPAdvertisement}).
 *
 * @param name the name
 * @param pools pools by name
 * @param poolSelectors pools by label
 * @param aggregationLength prefix length IPv4 addresses are announced with (default 32)
 * @param aggregationLengthV6 prefix length IPv6 addresses are announced with (default 128)
 * @param localPref the LOCAL_PREF attribute (iBGP only), if set
 * @param communities communities attached to the routes
 * @param peers peers that receive the routes by name; empty = every peer
 * @param nodeSelectors nodes that announce; empty = every node
 * @param serviceSelectors services announced, by label; empty = every service of the selected pools
 *     (only with the default aggregation lengths)
 * @param asPathPrepend how many times the local AS is prepended to the AS path (1..10), if set
 */
public record BgpAdvertisement(String name, List<String> pools, List<LabelSelector> poolSelectors,
        int aggregationLength, int aggregationLengthV6, Optional<Long> localPref, List<Community> communities,
        List<String> peers, List<LabelSelector> nodeSelectors, List<LabelSelector> serviceSelectors,
        Optional<Integer> asPathPrepend) implements Advertisement {

    /** Validates lengths and local preference. */
    public BgpAdvertisement {
        Checks.name(name, "name");
        pools = Checks.list(pools, "pools");
        poolSelectors = Checks.list(poolSelectors, "poolSelectors");
        localPref = Checks.opt(localPref, "localPref");
        communities = Checks.list(communities, "communities");
        peers = Checks.list(peers, "peers");
        nodeSelectors = Checks.list(nodeSelectors, "nodeSelectors");
        serviceSelectors = Checks.list(serviceSelectors, "serviceSelectors");
        asPathPrepend = Checks.opt(asPathPrepend, "asPathPrepend");
        if (asPathPrepend.isPresent() && (asPathPrepend.get() < 1 || asPathPrepend.get() > 10)) {
            throw ConfigurationException.field("asPathPrepend", "must be between 1 and 10, got " + asPathPrepend.get());
        }
        if (aggregationLength < 0 || aggregationLength > 32) {
            throw ConfigurationException.field("aggregationLength", "must be between 0 and 32, got " + aggregationLength);
        }
        if (aggregationLengthV6 < 0 || aggregationLengthV6 > 128) {
            throw ConfigurationException.field("aggregationLengthV6", "must be between 0 and 128, got " + aggregationLengthV6);
        }
        if (localPref.isPresent() && (localPref.get() < 0 || localPref.get() > 0xFFFFFFFFL)) {
            throw ConfigurationException.field("localPref", "must be between 0 and 4294967295");
        }
    }

    /**
     * An advertisement of every service of the selected pools, without AS-path prepending.
     *
     * @param name the name
     * @param pools pools by name
     * @param poolSelectors pools by label
     * @param aggregationLength IPv4 prefix length
     * @param aggregationLengthV6 IPv6 prefix length
     * @param localPref the LOCAL_PREF attribute, if set
     * @param communities communities attached to the routes
     * @param peers peers by name; empty = every peer
     * @param nodeSelectors nodes that announce; empty = every node
     */
    public BgpAdvertisement(String name, List<String> pools, List<LabelSelector> poolSelectors,
            int aggregationLength, int aggregationLengthV6, Optional<Long> localPref, List<Community> communities,
            List<String> peers, List<LabelSelector> nodeSelectors) {
        this(name, pools, poolSelectors, aggregationLength, aggregationLengthV6, localPref, communities, peers,
                nodeSelectors, List.of(), Optional.empty());
    }

    /**
     * @param name the name
     * @return a builder with MetalLB's defaults
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** Builds a {@link BgpAdvertisement}. */
    public static final class Builder {
        private final String name;
        private final List<String> pools = new ArrayList<>();
        private final List<LabelSelector> poolSelectors = new ArrayList<>();
        private int aggregationLength = 32;
        private int aggregationLengthV6 = 128;
        private Long localPref;
        private final List<Community> communities = new ArrayList<>();
        private final List<String> peers = new ArrayList<>();
        private final List<LabelSelector> nodeSelectors = new ArrayList<>();
        private final List<LabelSelector> serviceSelectors = new ArrayList<>();
        private Integer asPathPrepend;

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        /** @param names pool names @return this */
        public Builder pools(String... names) {
            pools.addAll(List.of(names));
            return this;
        }

        /** @param selector a pool selector @return this */
        public Builder poolSelector(LabelSelector selector) {
            poolSelectors.add(Objects.requireNonNull(selector, "selector"));
            return this;
        }

        /** @param v4 IPv4 aggregation length @param v6 IPv6 aggregation length @return this */
        public Builder aggregation(int v4, int v6) {
            this.aggregationLength = v4;
            this.aggregationLengthV6 = v6;
            return this;
        }

        /** @param value local preference @return this */
        public Builder localPref(long value) {
            this.localPref = value;
            return this;
        }

        /** @param values communities, parsed with {@link Community#parse} @return this */
        public Builder communities(String... values) {
            for (String v : values) {
                communities.add(Community.parse(v));
            }
            return this;
        }

        /** @param names peer names @return this */
        public Builder peers(String... names) {
            peers.addAll(List.of(names));
            return this;
        }

        /** @param selector a node selector @return this */
        public Builder nodeSelector(LabelSelector selector) {
            nodeSelectors.add(Objects.requireNonNull(selector, "selector"));
            return this;
        }

        /** @param selector a service selector @return this */
        public Builder serviceSelector(LabelSelector selector) {
            serviceSelectors.add(Objects.requireNonNull(selector, "selector"));
            return this;
        }

        /** @param times how many times the local AS is prepended @return this */
        public Builder asPathPrepend(int times) {
            this.asPathPrepend = times;
            return this;
        }

        /** @return the advertisement */
        public BgpAdvertisement build() {
            return new BgpAdvertisement(name, pools, poolSelectors, aggregationLength, aggregationLengthV6,
                    Optional.ofNullable(localPref), communities, peers, nodeSelectors, serviceSelectors,
                    Optional.ofNullable(asPathPrepend));
        }
    }
}
