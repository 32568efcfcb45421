package dev.kubelb.core;

/**
 * Where a Service request's back ends come from. A Service request lives in the cluster the engine serves
 * (single-cluster use), so the owned Service that the appliance announces and the tenant's Service are two
 * Services of one cluster; their back ends must be the same pods, and no path may loop through a node's own
 * NodePort (in kube-proxy's iptables mode a packet DNAT-ed to the local node's NodePort is not DNAT-ed
 * again). KubeLB {@code LoadBalancer} requests are not concerned: their back ends are what the tenant
 * cluster's agent wrote (its nodes × NodePorts, in another cluster).
 */
public enum ServiceBackends {
    /**
     * The tenant Service's own EndpointSlices (its ready pods, each with its node and zone), followed as
     * they change: both Services reach the same pods, {@code externalTrafficPolicy: Local} keeps its
     * meaning, nothing loops through a NodePort. The default.
     */
    ENDPOINTS,
    /**
     * The cluster's nodes × the tenant Service's NodePorts: only for an appliance outside the cluster's
     * datapath that sends traffic to the nodes itself (never to the owned Service's endpoints through
     * kube-proxy), as the engine did before {@link #ENDPOINTS}.
     */
    NODE_PORTS
}
