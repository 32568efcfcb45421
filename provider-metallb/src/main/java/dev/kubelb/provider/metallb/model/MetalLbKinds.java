package dev.kubelb.provider.metallb.model;

import dev.kubelb.spi.ResourceKind;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The MetalLB kinds kubelb reads and renders, and the typed class of each. */
public final class MetalLbKinds {
    /** MetalLB's API group. */
    public static final String GROUP = "metallb.io";
    /** {@code metallb.io/v1beta1}. */
    public static final String V1BETA1 = GROUP + "/v1beta1";
    /** {@code metallb.io/v1beta2}. */
    public static final String V1BETA2 = GROUP + "/v1beta2";

    /** The configuration kinds, in rendering order. */
    public static final List<ResourceKind> CONFIG_KINDS = List.of(
            new ResourceKind(GROUP, "v1beta1", "IPAddressPool", "ipaddresspools", true),
            new ResourceKind(GROUP, "v1beta1", "Community", "communities", true),
            new ResourceKind(GROUP, "v1beta1", "BFDProfile", "bfdprofiles", true),
            new ResourceKind(GROUP, "v1beta2", "BGPPeer", "bgppeers", true),
            new ResourceKind(GROUP, "v1beta1", "BGPAdvertisement", "bgpadvertisements", true),
            new ResourceKind(GROUP, "v1beta1", "L2Advertisement", "l2advertisements", true));

    private static final Map<String, Class<? extends HasMetadata>> TYPES = Map.of(
            V1BETA1 + "/IPAddressPool", IPAddressPool.class,
            V1BETA1 + "/Community", Community.class,
            V1BETA1 + "/BFDProfile", BFDProfile.class,
            V1BETA2 + "/BGPPeer", BGPPeer.class,
            V1BETA1 + "/BGPAdvertisement", BGPAdvertisement.class,
            V1BETA1 + "/L2Advertisement", L2Advertisement.class);

    private MetalLbKinds() {
    }

    /**
     * @param apiVersion an apiVersion, e.g. {@code metallb.io/v1beta1}
     * @param kind a kind
     * @return the typed class for that apiVersion and kind, if it is a supported MetalLB configuration kind
     */
    public static Optional<Class<? extends HasMetadata>> typeOf(String apiVersion, String kind) {
        return Optional.ofNullable(TYPES.get(apiVersion + "/" + kind));
    }
}
