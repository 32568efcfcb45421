/**
 * Typed models of KubeLB's own resources ({@code kubelb.k8c.io/v1alpha1}): the {@code LoadBalancer}
 * requests the engine serves, the {@code Addresses} they may reference, and the {@code Tenant} and {@code Config} settings. Non-null by default; unset
 * fields are null in these Jackson-bound classes.
 */
package dev.kubelb.core.crd;
