/**
 * The service-provider interface appliance providers implement. A provider is found with
 * {@link java.util.ServiceLoader} through a {@code META-INF/services/dev.kubelb.spi.LoadBalancerProvider}
 * entry, must be cheap to construct, and does its work in the {@link dev.kubelb.spi.ProviderSession} it
 * opens. Providers depend only on {@code dev.kubelb.api}, this package, the fabric8 API/model and SLF4J.
 * All parameters and return values are non-null unless documented otherwise.
 */
package dev.kubelb.spi;
