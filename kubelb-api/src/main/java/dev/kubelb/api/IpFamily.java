package dev.kubelb.api;

/** An IP address family. */
public enum IpFamily {
    /** IPv4, 32-bit addresses. */
    IPV4(32, "IPv4"),
    /** IPv6, 128-bit addresses. */
    IPV6(128, "IPv6");

    private final int bits;
    private final String kubernetesName;

    IpFamily(int bits, String kubernetesName) {
        this.bits = bits;
        this.kubernetesName = kubernetesName;
    }

    /**
     * @return the address length in bits (32 or 128)
     */
    public int bits() {
        return bits;
    }

    /**
     * @return the name Kubernetes uses in {@code spec.ipFamilies}: {@code IPv4} or {@code IPv6}
     */
    public String kubernetesName() {
        return kubernetesName;
    }

    /**
     * @param name {@code IPv4} or {@code IPv6} (case-insensitive)
     * @return the family
     * @throws ConfigurationException for any other name
     */
    public static IpFamily fromKubernetesName(String name) {
        for (IpFamily f : values()) {
            if (f.kubernetesName.equalsIgnoreCase(name)) {
                return f;
            }
        }
        throw ConfigurationException.field("ipFamily", "unknown IP family '" + name + "' (expected IPv4 or IPv6)");
    }
}
