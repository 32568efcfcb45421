package dev.kubelb.core.crd;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * KubeLB's {@code Config} ({@code kubelb.k8c.io/v1alpha1}, namespaced): the global defaults, read from the
 * object named {@code default} in the manager's namespace ({@code internal/config/config.go}
 * {@code DefaultConfigResourceName}). Only the fields the L4 path reads are modelled
 * ({@code api/ce/kubelb.k8c.io/v1alpha1/config_types.go}); Envoy, Ingress, Gateway API, DNS and certificate
 * settings are ignored on read.
 */
@Group("kubelb.k8c.io")
@Version("v1alpha1")
@Kind("Config")
@Plural("configs")
public class KubeLbConfig extends CustomResource<KubeLbAnnotationSettings, Void> implements Namespaced {
    private static final long serialVersionUID = 1L;

    /** The name of the Config the manager reads. */
    public static final String DEFAULT_NAME = "default";
}
