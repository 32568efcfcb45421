package dev.kubelb.provider.metallb.model;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/** MetalLB's {@code BGPAdvertisement} ({@code metallb.io/v1beta1}): announces pools over BGP. */
@Group(MetalLbKinds.GROUP)
@Version("v1beta1")
@Kind("BGPAdvertisement")
@Plural("bgpadvertisements")
public class BGPAdvertisement extends CustomResource<BGPAdvertisementSpec, Void> implements Namespaced {
    private static final long serialVersionUID = 1L;
}
