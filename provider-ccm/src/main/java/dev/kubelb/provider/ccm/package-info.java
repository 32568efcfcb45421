/**
 * The {@code ccm} provider: load balancers built by a cloud's controller (the Kubernetes service
 * controller of the cloud provider, or a controller such as the AWS Load Balancer Controller selected by
 * a load balancer class). The cloud allocates the address ({@link dev.kubelb.provider.ccm.CcmAllocator});
 * each cloud's annotation dialect is data ({@link dev.kubelb.provider.ccm.CloudProfile}, shipped as
 * {@code META-INF/kubelb/ccm-profiles/*.properties}, extensible by third parties through
 * {@link dev.kubelb.provider.ccm.CloudProfileSource} or their own profile files).
 *
 * <p>All parameters and return values are non-null unless documented otherwise; absent values are
 * expressed with {@link java.util.Optional}.
 */
package dev.kubelb.provider.ccm;
