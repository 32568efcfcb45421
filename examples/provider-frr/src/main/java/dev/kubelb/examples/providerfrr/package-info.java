/**
 * A third-party provider for bare metal without an in-cluster appliance: kubelb's allocations are announced over
 * BGP by a real FRR {@code bgpd} on the host, which this provider configures (a full {@code frr.conf}: peers,
 * timers, passwords from Secrets, communities, large communities, local preference, aggregation, a prefix-list and
 * route-map per peer) and reloads with {@code frr-reload.py}, never restarting it. Written against the kubelb-java
 * SPI only; the README's "provider-frr" section shows its configuration and figures.
 *
 * <p>All parameters and return values are non-null unless documented otherwise.
 */
package dev.kubelb.examples.providerfrr;
