/**
 * The MetalLB provider: translates kubelb's neutral model to and from MetalLB's {@code metallb.io}
 * resources, validates configurations as MetalLB's webhooks do, renders pinned {@code LoadBalancer}
 * Services and previews what MetalLB announces over BGP and L2. Registered as {@code metallb} through
 * {@code META-INF/services/dev.kubelb.spi.LoadBalancerProvider}. All parameters and return values are
 * non-null by default unless documented otherwise.
 */
package dev.kubelb.provider.metallb;
