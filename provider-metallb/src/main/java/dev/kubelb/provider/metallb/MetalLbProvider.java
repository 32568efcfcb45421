package dev.kubelb.provider.metallb;

import dev.kubelb.provider.metallb.model.MetalLbKinds;
import dev.kubelb.spi.Capabilities;
import dev.kubelb.spi.ClusterInfo;
import dev.kubelb.spi.LoadBalancerProvider;
import dev.kubelb.spi.ProviderContext;
import dev.kubelb.spi.ProviderSession;

/**
 * The MetalLB provider ({@code metallb}, priority 100): BGP and L2, dual-stack, address pinning through
 * {@code metallb.io/loadBalancerIPs} and sharing through {@code metallb.io/allow-shared-ip}; kubelb
 * allocates, MetalLB announces. Supports a cluster that serves {@code metallb.io}, or offline input
 * containing a {@code metallb.io} kind.
 */
public final class MetalLbProvider implements LoadBalancerProvider {
    /** The provider's name. */
    public static final String NAME = "metallb";
    /** The provider's priority. */
    public static final int PRIORITY = 100;

    private static final Capabilities CAPABILITIES = new Capabilities(true, true, true, true, true, false);

    /** ServiceLoader constructor; does nothing. */
    public MetalLbProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String defaultNamespace() {
        return "metallb-system";
    }

    @Override
    public int priority() {
        return PRIORITY;
    }

    @Override
    public Capabilities capabilities() {
        return CAPABILITIES;
    }

    @Override
    public boolean supports(ClusterInfo cluster) {
        return cluster.offersGroup(MetalLbKinds.GROUP);
    }

    @Override
    public ProviderSession open(ProviderContext context) {
        return new MetalLbSession(context);
    }
}
