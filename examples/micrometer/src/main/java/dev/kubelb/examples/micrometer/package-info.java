/**
 * Optional Micrometer binding for the kubelb engine: {@link dev.kubelb.examples.micrometer.MicrometerListener}
 * turns the engine's {@link dev.kubelb.core.KubeLbListener} callbacks into meters on a host's
 * {@code MeterRegistry}. Only hosts that add this artifact depend on Micrometer; kubelb-api and kubelb-core
 * never do.
 *
 * <p>Everything in this package is non-null by default: parameters and return values are never
 * {@code null} unless documented otherwise.
 */
package dev.kubelb.examples.micrometer;
