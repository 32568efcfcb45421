/**
 * The tenant agent's internals (KubeLB's CCM, re-created): mapping a tenant Service to a KubeLB
 * {@code LoadBalancer}, the tenant's node addresses, and the loop that keeps both clusters in step. Not API;
 * may change at any time. Non-null by default.
 */
package dev.kubelb.core.internal.tenant;
