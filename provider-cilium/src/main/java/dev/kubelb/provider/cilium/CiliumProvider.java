package dev.kubelb.provider.cilium;

import dev.kubelb.spi.Capabilities;
import dev.kubelb.spi.ClusterInfo;
import dev.kubelb.spi.LoadBalancerProvider;
import dev.kubelb.spi.ProviderContext;

/**
 * The Cilium provider ({@code cilium}): Cilium LB-IPAM pools with every address pinned by kubelb, BGP
 * control plane v2 and L2 announcements. Selected when the cluster serves {@code cilium.io}.
 */
public final class CiliumProvider implements LoadBalancerProvider {
    /** The provider's name. */
    public static final String NAME = "cilium";
    /** The provider's priority. */
    public static final int PRIORITY = 90;

    /** No-op constructor, as {@link java.util.ServiceLoader} needs. */
    public CiliumProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String defaultNamespace() {
        return "kube-system";
    }

    @Override
    public int priority() {
        return PRIORITY;
    }

    @Override
    public Capabilities capabilities() {
        return new Capabilities(true, true, true, true, true, false);
    }

    @Override
    public boolean supports(ClusterInfo cluster) {
        return cluster.offersGroup(CiliumNames.GROUP);
    }

    @Override
    public CiliumSession open(ProviderContext context) {
        return new CiliumSession(context);
    }

    /**
     * Typed convenience for callers that need the Cilium-specific session methods.
     *
     * @param context the context
     * @return the session
     */
    public static CiliumSession session(ProviderContext context) {
        return new CiliumSession(context);
    }
}
