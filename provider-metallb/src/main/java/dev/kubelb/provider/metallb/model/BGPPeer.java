package dev.kubelb.provider.metallb.model;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/** MetalLB's {@code BGPPeer} ({@code metallb.io/v1beta2}): a router the speakers peer with. */
@Group(MetalLbKinds.GROUP)
@Version("v1beta2")
@Kind("BGPPeer")
@Plural("bgppeers")
public class BGPPeer extends CustomResource<BGPPeerSpec, Void> implements Namespaced {
    private static final long serialVersionUID = 1L;
}
