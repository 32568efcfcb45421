package dev.kubelb.api;

/** How many address families a request wants, as Kubernetes' {@code spec.ipFamilyPolicy}. */
public enum IpFamilyPolicy {
    /** One address, of the first requested family. */
    SINGLE_STACK("SingleStack"),
    /** One address of each family when the pool offers both, otherwise what it offers. */
    PREFER_DUAL_STACK("PreferDualStack"),
    /** One address of each family from the same pool, or failure. */
    REQUIRE_DUAL_STACK("RequireDualStack");

    private final String kubernetesName;

    IpFamilyPolicy(String kubernetesName) {
        this.kubernetesName = kubernetesName;
    }

    /**
     * @return the Kubernetes spelling
     */
    public String kubernetesName() {
        return kubernetesName;
    }

    /**
     * @param name the Kubernetes spelling; null or empty means SingleStack
     * @return the policy
     */
    public static IpFamilyPolicy fromKubernetesName(String name) {
        if (name == null || name.isEmpty()) {
            return SINGLE_STACK;
        }
        for (IpFamilyPolicy p : values()) {
            if (p.kubernetesName.equals(name)) {
                return p;
            }
        }
        throw ConfigurationException.field("ipFamilyPolicy", "unknown policy '" + name
                + "' (expected SingleStack, PreferDualStack or RequireDualStack)");
    }
}
