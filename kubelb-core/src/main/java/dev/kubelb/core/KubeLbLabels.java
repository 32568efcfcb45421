package dev.kubelb.core;

/** Label, annotation and finalizer keys the engine writes and reads. */
public final class KubeLbLabels {
    /** {@code app.kubernetes.io/managed-by}: set to {@link #MANAGER} on every object the engine owns. */
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    /** The value of {@link #MANAGED_BY}. */
    public static final String MANAGER = "kubelb";
    /** The request's tenant, on every owned object. */
    public static final String TENANT = "kubelb.dev/tenant";
    /** The request's name, on every owned object. */
    public static final String REQUEST = "kubelb.dev/request";
    /** The request's source kind ({@code Service} or {@code LoadBalancer}), on every owned object. */
    public static final String SOURCE = "kubelb.dev/source";
    /** The addresses allocated, comma-separated, recorded on the managed Service (rebuilt on start). */
    public static final String ADDRESSES = "kubelb.dev/addresses";
    /** The pool the addresses came from, recorded on the managed Service. */
    public static final String POOL = "kubelb.dev/pool";
    /** The sharing key the addresses are held under, recorded on the managed Service. */
    public static final String SHARING_KEY = "kubelb.dev/sharing-key";
    /** Finalizer the engine puts on requests it serves. */
    public static final String FINALIZER = "kubelb.dev/cleanup";
    /** The field manager used for server-side apply. */
    public static final String FIELD_MANAGER = "kubelb";
    /** EndpointSlice controller label; slices with another value are left alone by Kubernetes. */
    public static final String ENDPOINTSLICE_MANAGED_BY = "endpointslice.kubernetes.io/managed-by";
    /** The value of {@link #ENDPOINTSLICE_MANAGED_BY} on slices the engine owns. */
    public static final String ENDPOINTSLICE_MANAGER = "kubelb.dev";
    /** The label that binds an EndpointSlice to its Service. */
    public static final String SERVICE_NAME = "kubernetes.io/service-name";
    /** The condition type the engine sets on requests. */
    public static final String READY = "Ready";
    /**
     * The engine's Ready condition (JSON: status, reason, message, lastTransitionTime, observedGeneration)
     * on a KubeLB {@code LoadBalancer}, whose CRD has no {@code status.conditions} (upstream
     * {@code api/ce/kubelb.k8c.io/v1alpha1/loadbalancer_types.go}: the server would prune them).
     */
    public static final String READY_ANNOTATION = "kubelb.dev/ready";

    private KubeLbLabels() {
    }
}
