package dev.kubelb.provider.cilium;

import dev.kubelb.api.ConfigurationException;
import java.util.Optional;

/**
 * The Cilium release whose LB-IPAM rules the provider follows (provider option {@value #OPTION}):
 * {@code 1.16}, {@code 1.17} or {@code 1.18} (also any later release), newest by default.
 */
public enum CiliumVersion {
    /** Cilium 1.16: sharing compares port numbers only. */
    V1_16,
    /** Cilium 1.17. */
    V1_17,
    /** Cilium 1.18 and later. */
    V1_18;

    /** Provider option naming the Cilium release. */
    public static final String OPTION = "cilium.version";

    /**
     * Whether two Services sharing an address may use the same port number with different protocols.
     * Cilium's LB-IPAM compares port <em>and</em> protocol when protocol differentiation is on
     * ({@code operator/pkg/lbipam/service_store.go} {@code isCompatible}, cilium/cilium PR #34691, in 1.17).
     * In 1.18 the operator flag {@code bpf-lb-proto-diff} defaults to true ({@code operator/cmd/flags.go},
     * cilium/cilium #40642); the operator of 1.16 and of the early 1.17 releases compared port numbers only (a later
     * 1.17 patch got the flag with #40643: choose 1.18 for it).
     *
     * @return whether TCP/53 and UDP/53 may share
     */
    public boolean protocolDifferentiation() {
        return this == V1_18;
    }

    /**
     * @param value the option's value, e.g. {@code 1.17}, {@code 1.18.4}, {@code v1.19}
     * @return the version; empty values give the newest
     * @throws ConfigurationException for a value that is not a Cilium release from 1.16 on
     */
    public static CiliumVersion parse(Optional<String> value) {
        if (value.isEmpty() || value.get().isBlank()) {
            return V1_18;
        }
        String v = value.get().trim();
        String bare = v.startsWith("v") ? v.substring(1) : v;
        if (bare.endsWith("+")) {
            bare = bare.substring(0, bare.length() - 1);
        }
        String[] parts = bare.split("\\.");
        try {
            int major = Integer.parseInt(parts[0]);
            int minor = parts.length > 1 ? Integer.parseInt(parts[1]) : -1;
            if (major == 1 && minor == 16) {
                return V1_16;
            }
            if (major == 1 && minor == 17) {
                return V1_17;
            }
            if ((major == 1 && minor >= 18) || major > 1) {
                return V1_18;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigurationException("", OPTION, "'" + v + "' is not a supported Cilium release (1.16, 1.17, "
                + "1.18 or later)");
    }

    @Override
    public String toString() {
        return name().substring(1).replace('_', '.');
    }
}
