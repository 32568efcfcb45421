package dev.kubelb.api;

/** Kubernetes' {@code externalTrafficPolicy}. */
public enum TrafficPolicy {
    /** Traffic may be forwarded between nodes (source address not preserved). */
    CLUSTER("Cluster"),
    /** Traffic stays on nodes with a local endpoint (source address preserved). */
    LOCAL("Local");

    private final String kubernetesName;

    TrafficPolicy(String kubernetesName) {
        this.kubernetesName = kubernetesName;
    }

    /**
     * @return the Kubernetes spelling
     */
    public String kubernetesName() {
        return kubernetesName;
    }

    /**
     * @param name the Kubernetes spelling; null or empty means Cluster
     * @return the policy
     */
    public static TrafficPolicy fromKubernetesName(String name) {
        if (name == null || name.isEmpty()) {
            return CLUSTER;
        }
        for (TrafficPolicy p : values()) {
            if (p.kubernetesName.equals(name)) {
                return p;
            }
        }
        throw ConfigurationException.field("externalTrafficPolicy", "unknown policy '" + name
                + "' (expected Cluster or Local)");
    }
}
