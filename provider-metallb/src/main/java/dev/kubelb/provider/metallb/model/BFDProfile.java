package dev.kubelb.provider.metallb.model;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/** MetalLB's {@code BFDProfile} ({@code metallb.io/v1beta1}): BFD settings peers may reference. */
@Group(MetalLbKinds.GROUP)
@Version("v1beta1")
@Kind("BFDProfile")
@Plural("bfdprofiles")
public class BFDProfile extends CustomResource<BFDProfileSpec, Void> implements Namespaced {
    private static final long serialVersionUID = 1L;
}
