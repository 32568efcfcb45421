/**
 * Implementation of {@link dev.kubelb.core.PoolAllocator}: per-range occupancy kept as sorted runs of
 * allocated addresses, open-addressing indexes keyed by 128-bit address values and by request id, and
 * the MetalLB-compatible allocation rules. Not API: may change without notice.
 *
 * <p>All parameters and return values are non-null unless documented otherwise. Classes here are not
 * thread-safe on their own; {@link dev.kubelb.core.internal.alloc.AllocatorCore} serialises access.
 */
package dev.kubelb.core.internal.alloc;
