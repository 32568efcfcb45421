package dev.kubelb.provider.metallb;

import dev.kubelb.spi.ClusterInfo;
import dev.kubelb.spi.ProviderContext;
import java.util.Map;
import java.util.Optional;

/** Sessions told a speaker backend ({@value MetalLbSession#OPTION_BGP_TYPE}), and the smallest BGP configuration. */
final class BgpTypeSessions {
    /** One pool ({@code extern}) and one peer ({@code router}), for backend rules to be added to. */
    static final String POOL_AND_PEER = """
            apiVersion: metallb.io/v1beta1
            kind: IPAddressPool
            metadata: {name: extern, namespace: metallb-system}
            spec: {addresses: [10.10.255.200-10.10.255.250]}
            ---
            apiVersion: metallb.io/v1beta2
            kind: BGPPeer
            metadata: {name: router, namespace: metallb-system}
            spec: {myASN: 64500, peerASN: 64501, peerAddress: 10.0.0.1}
            """;

    private BgpTypeSessions() {
    }

    /** A session in {@code metallb-system} with the given options. */
    static MetalLbSession withOptions(Map<String, String> options) {
        return new MetalLbSession(new ProviderContext(Optional.empty(), "metallb-system", ClusterInfo.UNKNOWN, options));
    }

    /** A session told the speakers' backend: {@code frr}, {@code frr-k8s} or {@code native}. */
    static MetalLbSession told(String bgpType) {
        return withOptions(Map.of(MetalLbSession.OPTION_BGP_TYPE, bgpType));
    }
}
