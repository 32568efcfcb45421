package dev.kubelb.api;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The addresses a request holds, and where they came from.
 *
 * @param id the request
 * @param pool the pool the addresses came from (for delegated allocation, the appliance's name for it
 *     or empty)
 * @param addresses the addresses, at most one per family, IPv4 first
 * @param sharingKey the sharing key the addresses are held under, if any
 */
public record Allocation(LoadBalancerId id, String pool, List<IpAddress> addresses, Optional<String> sharingKey) {

    /** Validates at most one address per family, and sorts them IPv4 first. */
    public Allocation {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(pool, "pool");
        addresses = Checks.list(addresses, "addresses").stream().sorted().toList();
        sharingKey = Checks.opt(sharingKey, "sharingKey");
        if (addresses.isEmpty()) {
            throw ConfigurationException.field("addresses", "an allocation holds at least one address");
        }
        if (addresses.size() > 2 || (addresses.size() == 2 && addresses.get(0).family() == addresses.get(1).family())) {
            throw ConfigurationException.field("addresses", "at most one address per family, got " + addresses);
        }
    }

    /**
     * @param family a family
     * @return the address of that family
     */
    public Optional<IpAddress> address(IpFamily family) {
        return addresses.stream().filter(a -> a.family() == family).findFirst();
    }
}
