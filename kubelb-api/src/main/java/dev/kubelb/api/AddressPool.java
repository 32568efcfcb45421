package dev.kubelb.api;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A pool of addresses load balancers are given from (MetalLB {@code IPAddressPool}, Cilium
 * {@code CiliumLoadBalancerIPPool}).
 *
 * @param name the pool's name
 * @param ranges the pool's blocks, in declared order (allocation walks them in this order)
 * @param autoAssign whether requests that name no pool may be given addresses from it
 * @param avoidBuggyIps whether IPv4 addresses ending in {@code .0} or {@code .255} are skipped
 * @param scope which requests the pool serves automatically; empty = unscoped
 * @param allowCrossTenantSharing whether requests of different tenants may share an address of this
 *     pool (never by default)
 * @param labels the pool's labels (matched by advertisements' pool selectors)
 */
public record AddressPool(String name, List<AddressRange> ranges, boolean autoAssign, boolean avoidBuggyIps,
        Optional<PoolScope> scope, boolean allowCrossTenantSharing, Map<String, String> labels) {

    /** Validates the name and that the pool's own ranges do not overlap. */
    public AddressPool {
        Checks.name(name, "name");
        ranges = Checks.list(ranges, "ranges");
        scope = Checks.opt(scope, "scope");
        labels = Checks.map(labels, "labels");
        for (int i = 0; i < ranges.size(); i++) {
            for (int j = i + 1; j < ranges.size(); j++) {
                if (ranges.get(i).overlaps(ranges.get(j))) {
                    throw new ConfigurationException(List.of(Problem.of("pool/" + name, "ranges[" + j + "]",
                            "'" + ranges.get(j) + "' overlaps '" + ranges.get(i) + "' (ranges[" + i + "])")));
                }
            }
        }
    }

    /**
     * @param name the pool's name
     * @return a builder with MetalLB's defaults ({@code autoAssign: true})
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /**
     * @param address an address
     * @return whether the address is one this pool can hand out (inside a range, and not a
     *     {@code .0}/{@code .255} address when {@code avoidBuggyIps})
     */
    public boolean offers(IpAddress address) {
        if (avoidBuggyIps && address.isBuggyIpv4()) {
            return false;
        }
        for (AddressRange r : ranges) {
            if (r.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param family a family
     * @return whether the pool has at least one range of that family
     */
    public boolean hasFamily(IpFamily family) {
        return ranges.stream().anyMatch(r -> r.family() == family);
    }

    /**
     * @return the number of addresses the pool can hand out (excluding avoided buggy ones)
     */
    public BigInteger capacity() {
        BigInteger total = BigInteger.ZERO;
        for (AddressRange r : ranges) {
            total = total.add(r.size());
            if (avoidBuggyIps && r.family() == IpFamily.IPV4) {
                total = total.subtract(BigInteger.valueOf(countBuggy(r.first().lo(), r.last().lo())));
            }
        }
        return total;
    }

    private static long countBuggy(long first, long last) {
        return countEndingIn(first, last, 0) + countEndingIn(first, last, 255);
    }

    private static long countEndingIn(long first, long last, long octet) {
        // numbers x in [first, last] with x % 256 == octet
        long upTo = last < octet ? 0 : (last - octet) / 256 + 1;
        long below = first <= octet ? 0 : (first - 1 - octet) / 256 + 1;
        return upTo - below;
    }

    /** Builds an {@link AddressPool}. */
    public static final class Builder {
        private final String name;
        private final List<AddressRange> ranges = new ArrayList<>();
        private boolean autoAssign = true;
        private boolean avoidBuggyIps;
        private PoolScope scope;
        private boolean allowCrossTenantSharing;
        private final Map<String, String> labels = new LinkedHashMap<>();

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        /**
         * @param ranges CIDRs or {@code first-last} ranges, parsed with {@link AddressRange#parse}
         * @return this
         */
        public Builder addresses(String... ranges) {
            for (int i = 0; i < ranges.length; i++) {
                try {
                    this.ranges.add(AddressRange.parse(ranges[i]));
                } catch (ConfigurationException e) {
                    throw e.locate("pool/" + name, "ranges[" + (this.ranges.size()) + "]");
                }
            }
            return this;
        }

        /**
         * @param range a parsed range
         * @return this
         */
        public Builder range(AddressRange range) {
            ranges.add(Objects.requireNonNull(range, "range"));
            return this;
        }

        /**
         * @param value whether the pool is auto-assigned
         * @return this
         */
        public Builder autoAssign(boolean value) {
            this.autoAssign = value;
            return this;
        }

        /**
         * @param value whether {@code .0}/{@code .255} addresses are skipped
         * @return this
         */
        public Builder avoidBuggyIps(boolean value) {
            this.avoidBuggyIps = value;
            return this;
        }

        /**
         * @param value the pool's scope
         * @return this
         */
        public Builder scope(PoolScope value) {
            this.scope = Objects.requireNonNull(value, "scope");
            return this;
        }

        /**
         * @param value whether tenants may share addresses with each other
         * @return this
         */
        public Builder allowCrossTenantSharing(boolean value) {
            this.allowCrossTenantSharing = value;
            return this;
        }

        /**
         * @param key label key
         * @param value label value
         * @return this
         */
        public Builder label(String key, String value) {
            labels.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * @return the pool
         */
        public AddressPool build() {
            return new AddressPool(name, ranges, autoAssign, avoidBuggyIps, Optional.ofNullable(scope),
                    allowCrossTenantSharing, labels);
        }
    }
}
