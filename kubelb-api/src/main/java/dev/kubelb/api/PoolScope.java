package dev.kubelb.api;

import java.util.List;
import java.util.Optional;

/**
 * Which requests a pool serves automatically, as MetalLB's {@code serviceAllocation}: a pool with a
 * scope is a <em>scoped</em> pool and is tried before unscoped ones.
 *
 * @param priority lower numbers are tried first; pools without a priority come after those with one
 * @param tenants tenants (namespaces) admitted by name; empty = no restriction by name
 * @param tenantSelectors tenants admitted by their namespace labels; empty = no restriction by label
 * @param serviceSelectors requests admitted by their labels; empty = no restriction
 */
public record PoolScope(Optional<Integer> priority, List<String> tenants, List<LabelSelector> tenantSelectors,
        List<LabelSelector> serviceSelectors) {

    /** Copies the lists. */
    public PoolScope {
        priority = Checks.opt(priority, "priority");
        tenants = Checks.list(tenants, "tenants");
        tenantSelectors = Checks.list(tenantSelectors, "tenantSelectors");
        serviceSelectors = Checks.list(serviceSelectors, "serviceSelectors");
        if (priority.isPresent() && priority.get() < 0) {
            throw ConfigurationException.field("priority", "must not be negative");
        }
    }

    /**
     * @param tenant the request's tenant
     * @param tenantLabels the tenant namespace's labels
     * @param serviceLabels the request's labels
     * @return whether this scope admits the request: the tenant restriction (by name or by label, either
     *     admitting) AND the service selectors both hold when both are given
     */
    public boolean admits(String tenant, java.util.Map<String, String> tenantLabels,
            java.util.Map<String, String> serviceLabels) {
        boolean tenantOk = (tenants.isEmpty() && tenantSelectors.isEmpty())
                || tenants.contains(tenant)
                || tenantSelectors.stream().anyMatch(s -> s.matches(tenantLabels));
        boolean serviceOk = serviceSelectors.isEmpty()
                || serviceSelectors.stream().anyMatch(s -> s.matches(serviceLabels));
        return tenantOk && serviceOk;
    }
}
