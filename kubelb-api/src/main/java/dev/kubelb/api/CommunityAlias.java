package dev.kubelb.api;

import java.util.Objects;

/**
 * A named community (an entry of MetalLB's {@code Community} resource), referenced from advertisements
 * by its name.
 *
 * @param name the alias name
 * @param value the community it stands for (never itself an alias)
 */
public record CommunityAlias(String name, Community value) {

    /** Validates that the value is concrete. */
    public CommunityAlias {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        if (!Community.ALIAS.matcher(name).matches()) {
            throw ConfigurationException.field("name", "'" + name + "' is not a valid community alias name");
        }
        if (value instanceof Community.Alias) {
            throw ConfigurationException.field("value", "an alias must name a concrete community, not another alias");
        }
    }
}
