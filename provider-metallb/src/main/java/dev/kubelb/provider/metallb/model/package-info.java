/**
 * Typed fabric8 custom resources for MetalLB's {@code metallb.io} API: {@code IPAddressPool},
 * {@code BGPAdvertisement}, {@code L2Advertisement}, {@code Community}, {@code BFDProfile}
 * ({@code v1beta1}) and {@code BGPPeer} ({@code v1beta2}). Spec types are records whose unset fields are
 * {@code null} and are omitted when serialised, so an object renders exactly the fields it was given.
 * All parameters and return values are non-null by default unless documented otherwise; spec record
 * components are nullable (an absent field).
 */
package dev.kubelb.provider.metallb.model;
