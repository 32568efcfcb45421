package dev.kubelb.api;

import java.util.Comparator;

/**
 * Identifies one load-balancer request: the tenant it belongs to (a namespace, e.g. a KubeLB tenant
 * namespace {@code tenant-acme}) and its name inside the tenant.
 *
 * @param tenant the tenant (namespace) name
 * @param name the request's name within the tenant
 */
public record LoadBalancerId(String tenant, String name) implements Comparable<LoadBalancerId> {
    private static final Comparator<LoadBalancerId> ORDER =
            Comparator.comparing(LoadBalancerId::tenant).thenComparing(LoadBalancerId::name);

    /** Validates both parts as Kubernetes names. */
    public LoadBalancerId {
        Checks.label(tenant, "tenant");
        Checks.name(name, "name");
    }

    /**
     * @param tenant the tenant
     * @param name the name
     * @return the id
     */
    public static LoadBalancerId of(String tenant, String name) {
        return new LoadBalancerId(tenant, name);
    }

    /**
     * @param text {@code tenant/name}
     * @return the id
     */
    public static LoadBalancerId parse(String text) {
        int slash = text.indexOf('/');
        if (slash <= 0 || slash != text.lastIndexOf('/')) {
            throw ConfigurationException.field("id", "'" + text + "' is not of the form tenant/name");
        }
        return new LoadBalancerId(text.substring(0, slash), text.substring(slash + 1));
    }

    @Override
    public int compareTo(LoadBalancerId o) {
        return ORDER.compare(this, o);
    }

    @Override
    public String toString() {
        return tenant + "/" + name;
    }
}
