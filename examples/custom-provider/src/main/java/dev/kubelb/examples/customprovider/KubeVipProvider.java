package dev.kubelb.examples.customprovider;

import dev.kubelb.spi.Capabilities;
import dev.kubelb.spi.ClusterInfo;
import dev.kubelb.spi.LoadBalancerProvider;
import dev.kubelb.spi.ProviderContext;
import dev.kubelb.spi.ProviderSession;

/**
 * Step 1 of writing a provider: the {@link java.util.ServiceLoader} entry point. It is listed in
 * {@code META-INF/services/dev.kubelb.spi.LoadBalancerProvider}, has a public no-argument constructor
 * and does no I/O: it only describes the appliance and opens sessions.
 *
 * <p>kube-vip announces Service addresses over ARP/NDP or BGP. kubelb-java allocates the addresses from
 * the pools of kube-vip's {@code kubevip} ConfigMap and pins them with the
 * {@code kube-vip.io/loadbalancerIPs} annotation; kube-vip announces them and writes the Service status.
 */
public final class KubeVipProvider implements LoadBalancerProvider {

    /** The provider's name, used with {@code --provider kube-vip}. */
    public static final String NAME = "kube-vip";

    /** The {@link ClusterInfo#hints()} key and value that make this provider a candidate without naming it. */
    public static final String HINT_KEY = "appliance";

    /** Creates the provider; called by {@link java.util.ServiceLoader}. */
    public KubeVipProvider() {
        // nothing to do: construction must stay cheap
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Below the built-in providers: a sample should never win a selection by accident. */
    @Override
    public int priority() {
        return 10;
    }

    @Override
    public Capabilities capabilities() {
        // bgp, l2, dualStack, addressPinning, sharing, delegatedAllocation
        return new Capabilities(true, true, true, true, false, false);
    }

    /**
     * kube-vip has no CRDs to discover, so it is only a candidate when the host says so with the hint
     * {@code appliance=kube-vip} (or names the provider explicitly).
     */
    @Override
    public boolean supports(ClusterInfo cluster) {
        return NAME.equals(cluster.hints().get(HINT_KEY));
    }

    @Override
    public ProviderSession open(ProviderContext context) {
        return new KubeVipSession();
    }
}
