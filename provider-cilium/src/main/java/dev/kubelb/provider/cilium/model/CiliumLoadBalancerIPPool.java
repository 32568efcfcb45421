package dev.kubelb.provider.cilium.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/** Cilium LB-IPAM's cluster-scoped {@code CiliumLoadBalancerIPPool} ({@code cilium.io/v2}, Cilium 1.18+). */
@Group("cilium.io")
@Version("v2")
@Kind("CiliumLoadBalancerIPPool")
@Plural("ciliumloadbalancerippools")
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"apiVersion", "kind", "metadata", "spec", "status"})
public class CiliumLoadBalancerIPPool extends CustomResource<IpPoolSpec, CiliumStatus> {
}
