/**
 * The {@code kubelb} command-line harness: {@code plan}, {@code apply}, {@code diff}, {@code status},
 * {@code pools}, {@code advertisements}, {@code migrate}, {@code providers} and {@code demo}, on a real
 * cluster (kubeconfig) or on the embedded default (an in-process API server plus a simulated appliance).
 *
 * <p>Everything in this package is non-null by default: parameters, return values and fields are never
 * {@code null} unless documented otherwise; absent values are {@link java.util.Optional}.
 */
package dev.kubelb.examples.cli;
