package dev.kubelb.provider.metallb.model;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/** MetalLB's {@code IPAddressPool} ({@code metallb.io/v1beta1}): addresses load balancers are given from. */
@Group(MetalLbKinds.GROUP)
@Version("v1beta1")
@Kind("IPAddressPool")
@Plural("ipaddresspools")
public class IPAddressPool extends CustomResource<IPAddressPoolSpec, IPAddressPoolStatus> implements Namespaced {
    private static final long serialVersionUID = 1L;
}
