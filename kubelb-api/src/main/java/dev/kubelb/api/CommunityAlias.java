package dev.kubelb.api;

import java.util.Objects;
import java.util.Optional;

/**
 * A named community (an entry of MetalLB's {@code Community} resource), referenced from advertisements
 * by its name.
 *
 * @param name the alias name
 * @param value the community it stands for (never itself an alias)
 * @param group the name of the collection that defines it (MetalLB: the {@code Community} object's
 *     name), kept so that rendering restores it; empty = the provider's default
 */
public record CommunityAlias(String name, Community value, Optional<String> group) {

    /** Validates that the value is concrete. */
    public CommunityAlias {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        group = Checks.opt(group, "group");
        group.ifPresent(g -> Checks.name(g, "group"));
        if (!Community.ALIAS.matcher(name).matches()) {
            throw ConfigurationException.field("name", "'" + name + "' is not a valid community alias name");
        }
        if (value instanceof Community.Alias) {
            throw ConfigurationException.field("value", "an alias must name a concrete community, not another alias");
        }
    }

    /**
     * An alias in the provider's default collection.
     *
     * @param name the alias name
     * @param value the community it stands for
     */
    public CommunityAlias(String name, Community value) {
        this(name, value, Optional.empty());
    }
}
