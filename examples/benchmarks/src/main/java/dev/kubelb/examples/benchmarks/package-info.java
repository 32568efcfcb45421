/**
 * JMH benchmarks of {@link dev.kubelb.core.PoolAllocator}, side by side with a linear-scan allocator
 * (first free address scanning from the start of the pool, as MetalLB's allocator does), and a main that
 * measures the heap retained per allocation. Built into {@code target/benchmarks.jar}; never run by the
 * build. All parameters and return values are non-null unless documented otherwise.
 */
package dev.kubelb.examples.benchmarks;
