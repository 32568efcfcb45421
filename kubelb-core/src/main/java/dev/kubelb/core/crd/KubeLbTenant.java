package dev.kubelb.core.crd;

import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * KubeLB's {@code Tenant} ({@code kubelb.k8c.io/v1alpha1}, cluster-scoped): registers tenant {@code <name>},
 * whose namespace in the management cluster is {@code tenant-<name>}, and carries its settings. Only the
 * fields the L4 path reads are modelled ({@code api/ce/kubelb.k8c.io/v1alpha1/tenant_types.go}); the rest is
 * ignored on read. The status is not modelled (never written).
 */
@Group("kubelb.k8c.io")
@Version("v1alpha1")
@Kind("Tenant")
@Plural("tenants")
public class KubeLbTenant extends CustomResource<KubeLbAnnotationSettings, Void> {
    private static final long serialVersionUID = 1L;
}
