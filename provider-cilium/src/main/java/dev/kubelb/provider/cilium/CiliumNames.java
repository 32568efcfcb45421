package dev.kubelb.provider.cilium;

/** Names the Cilium provider writes and reads: Cilium's own, and the labels kubelb uses to line selectors up. */
public final class CiliumNames {
    /** The API group. */
    public static final String GROUP = "cilium.io";
    /** {@code cilium.io/v2}. */
    public static final String V2 = "cilium.io/v2";
    /** {@code cilium.io/v2alpha1}. */
    public static final String V2ALPHA1 = "cilium.io/v2alpha1";
    /** Pool kind. */
    public static final String POOL = "CiliumLoadBalancerIPPool";
    /** BGP cluster config kind. */
    public static final String CLUSTER_CONFIG = "CiliumBGPClusterConfig";
    /** BGP peer config kind. */
    public static final String PEER_CONFIG = "CiliumBGPPeerConfig";
    /** BGP advertisement kind. */
    public static final String ADVERTISEMENT = "CiliumBGPAdvertisement";
    /** BGP node override kind. */
    public static final String NODE_OVERRIDE = "CiliumBGPNodeConfigOverride";
    /** L2 announcement policy kind. */
    public static final String L2_POLICY = "CiliumL2AnnouncementPolicy";
    /** The removed BGP v1 kind (recognized to be refused). */
    public static final String PEERING_POLICY = "CiliumBGPPeeringPolicy";

    /** Service class served by Cilium's BGP control plane. */
    public static final String CLASS_BGP = "io.cilium/bgp-control-plane";
    /** Service class served by Cilium's L2 announcer. */
    public static final String CLASS_L2 = "io.cilium/l2-announcer";

    /** Requested addresses (comma list). */
    public static final String ANN_IPS = "lbipam.cilium.io/ips";
    /** Sharing key. */
    public static final String ANN_SHARING_KEY = "lbipam.cilium.io/sharing-key";
    /** Namespaces a shared address may be shared with (comma list or {@code *}). */
    public static final String ANN_SHARING_CROSS_NAMESPACE = "lbipam.cilium.io/sharing-cross-namespace";
    /** Older prefix of the LB-IPAM annotations, still read by Cilium. */
    public static final String OLD_ANN_PREFIX = "io.cilium/lb-ipam-";
    /** LB-IPAM annotation prefix. */
    public static final String ANN_PREFIX = "lbipam.cilium.io/";

    /** Service condition written by LB-IPAM. */
    public static final String CONDITION_SATISFIED = "cilium.io/IPAMRequestSatisfied";
    /** Older spelling of the same condition. */
    public static final String OLD_CONDITION_SATISFIED = "io.cilium/lb-ipam-request-satisfied";

    /** Label Cilium's LB-IPAM sets to a Service's real namespace before matching pool selectors. */
    public static final String LABEL_SERVICE_NAMESPACE = "io.kubernetes.service.namespace";
    /** Label Cilium's LB-IPAM sets to a Service's real name before matching pool selectors. */
    public static final String LABEL_SERVICE_NAME = "io.kubernetes.service.name";

    /** Label on rendered Services: the pool the address was allocated from (advertisements select on it). */
    public static final String LABEL_POOL = "kubelb.dev/pool";
    /** Label on rendered Services: the tenant (pool scopes select on it). */
    public static final String LABEL_TENANT = "kubelb.dev/tenant";
    /** Label on rendered CiliumBGPAdvertisements: the advertisement's name (peer configs select on it). */
    public static final String LABEL_ADVERTISEMENT = "kubelb.dev/bgp-advertisement";

    /** Pool annotation: {@code "false"} when the neutral pool does not auto-assign. */
    public static final String ANN_AUTO_ASSIGN = "kubelb.dev/auto-assign";
    /** Pool annotation: the neutral pool's scope priority. */
    public static final String ANN_PRIORITY = "kubelb.dev/priority";
    /** Pool annotation: {@code "true"} when the neutral pool avoids buggy IPs but allowFirstLastIPs could not say so. */
    public static final String ANN_AVOID_BUGGY_IPS = "kubelb.dev/avoid-buggy-ips";
    /** Pool annotation: {@code "true"} when tenants may share addresses of the pool. */
    public static final String ANN_CROSS_TENANT = "kubelb.dev/allow-cross-tenant-sharing";
    /** Advertisement/policy annotation: the neutral pool selection (JSON) when it used pool selectors. */
    public static final String ANN_POOL_SELECTION = "kubelb.dev/pool-selection";

    private CiliumNames() {
    }
}
