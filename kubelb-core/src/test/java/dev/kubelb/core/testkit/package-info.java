/**
 * What kubelb-core's test-jar gives every module's tests: the provider contract kit
 * ({@link dev.kubelb.core.testkit.ProviderContract}: the checks every appliance provider must pass, so
 * that our providers and third parties run the same ones), the real control plane
 * ({@link dev.kubelb.core.testkit.RealApi}: kube-apiserver and etcd built from their Go modules, with the
 * appliances' CRDs), the mock counterpart ({@link dev.kubelb.core.testkit.MockApi}) and waiting helpers
 * ({@link dev.kubelb.core.testkit.Clusters}). Non-null by default.
 */
package dev.kubelb.core.testkit;
