/**
 * The Cilium appliance provider: LB-IPAM pools, BGP control plane v2 and L2 announcements, with
 * Cilium's own allocation rules checked on kubelb's allocations ({@link dev.kubelb.provider.cilium.CiliumSession#vet})
 * and a migration planner ({@link dev.kubelb.provider.cilium.CiliumMigration}). Everything is non-null by
 * default.
 */
package dev.kubelb.provider.cilium;
