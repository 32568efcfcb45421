package dev.kubelb.provider.metallb.model;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/** MetalLB's {@code Community} ({@code metallb.io/v1beta1}): named BGP communities (aliases). */
@Group(MetalLbKinds.GROUP)
@Version("v1beta1")
@Kind("Community")
@Plural("communities")
public class Community extends CustomResource<CommunitySpec, Void> implements Namespaced {
    private static final long serialVersionUID = 1L;
}
