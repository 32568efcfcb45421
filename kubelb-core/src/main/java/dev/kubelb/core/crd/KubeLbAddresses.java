package dev.kubelb.core.crd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;
import java.util.ArrayList;
import java.util.List;

/** KubeLB's {@code Addresses} resource: a shared list of tenant node addresses. */
@Group("kubelb.k8c.io")
@Version("v1alpha1")
@Kind("Addresses")
@Plural("addresses")
public class KubeLbAddresses extends CustomResource<KubeLbAddresses.Spec, Void> implements Namespaced {
    private static final long serialVersionUID = 1L;

    /** The spec. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static class Spec {
        /** The addresses. */
        public List<KubeLbLoadBalancer.EndpointAddress> addresses = new ArrayList<>();
    }
}
