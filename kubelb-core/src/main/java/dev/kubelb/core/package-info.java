/**
 * The kubelb-java engine: provider discovery ({@link dev.kubelb.core.ProviderRegistry}), the pool
 * allocator ({@link dev.kubelb.core.PoolAllocator}), the planner, the applier and the reconciler, all
 * reached from {@link dev.kubelb.core.KubeLb#builder()}. Implementation details live in
 * {@code dev.kubelb.core.internal} and are not API. Non-null by default.
 */
package dev.kubelb.core;
