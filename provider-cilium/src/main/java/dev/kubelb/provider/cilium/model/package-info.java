/**
 * Typed fabric8 models of the Cilium custom resources the Cilium provider reads and renders
 * ({@code cilium.io/v2} LB-IPAM pools and BGP control plane v2 resources, {@code cilium.io/v2alpha1}
 * pools and L2 announcement policies). Unset fields are {@code null} and are omitted when serialized.
 * Everything else is non-null by default.
 */
package dev.kubelb.provider.cilium.model;
