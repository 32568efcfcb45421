package dev.kubelb.spi;

/**
 * What an appliance can do.
 *
 * @param bgp announces over BGP
 * @param l2 announces over L2 (ARP/NDP)
 * @param dualStack serves IPv4 and IPv6 on one load balancer
 * @param addressPinning accepts an address chosen by kubelb
 * @param sharing lets several load balancers share one address
 * @param delegatedAllocation the appliance chooses addresses itself (a cloud CCM)
 */
public record Capabilities(boolean bgp, boolean l2, boolean dualStack, boolean addressPinning, boolean sharing,
        boolean delegatedAllocation) {
}
