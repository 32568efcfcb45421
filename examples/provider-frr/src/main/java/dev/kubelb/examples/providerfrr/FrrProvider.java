package dev.kubelb.examples.providerfrr;

import dev.kubelb.spi.Capabilities;
import dev.kubelb.spi.ClusterInfo;
import dev.kubelb.spi.LoadBalancerProvider;
import dev.kubelb.spi.ProviderContext;
import dev.kubelb.spi.ProviderSession;

/**
 * The entry point {@link java.util.ServiceLoader} finds ({@code META-INF/services/dev.kubelb.spi.LoadBalancerProvider}):
 * announces kubelb's allocations through the host's FRR {@code bgpd}. Construction does no I/O; the speaker starts
 * in {@link #open} when the engine has a client and the host gives {@link FrrOptions#VTY_SOCKET}.
 */
public final class FrrProvider implements LoadBalancerProvider {

    /** The provider's name: {@code KubeLb.builder().provider("frr")}. */
    public static final String NAME = "frr";

    /** The {@link ClusterInfo#hints()} key and value that make this provider a candidate without naming it. */
    public static final String HINT_KEY = "appliance";

    /** Creates the provider; called by {@link java.util.ServiceLoader}. */
    public FrrProvider() {
        // nothing to do: construction must stay cheap
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Below the built-in providers: never chosen by accident. */
    @Override
    public int priority() {
        return 10;
    }

    @Override
    public Capabilities capabilities() {
        // bgp, l2, dualStack, addressPinning, sharing, delegatedAllocation
        return new Capabilities(true, false, true, true, true, false);
    }

    /** No CRD to discover: a candidate only with the hint {@code appliance=frr} (or when named). */
    @Override
    public boolean supports(ClusterInfo cluster) {
        return NAME.equals(cluster.hints().get(HINT_KEY));
    }

    @Override
    public ProviderSession open(ProviderContext context) {
        return new FrrSession(context);
    }
}
