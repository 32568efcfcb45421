package dev.kubelb.core;

import dev.kubelb.spi.LoadBalancerProvider;
import java.util.List;
import java.util.function.Supplier;

/**
 * Where providers come from: the seam behind {@link ProviderRegistry}. The default loads them with
 * {@link java.util.ServiceLoader}; tests and hosts may supply their own.
 */
@FunctionalInterface
public interface ProviderLoader {

    /**
     * Finds the providers. Each candidate is a supplier so that one that fails to instantiate is
     * reported and skipped without hiding the others.
     *
     * @return one supplier per candidate provider
     */
    List<Candidate> candidates();

    /**
     * One candidate provider.
     *
     * @param origin where it was found (class name or description), for messages
     * @param instance creates the provider; may throw
     */
    record Candidate(String origin, Supplier<LoadBalancerProvider> instance) {
    }

    /**
     * The default loader: {@link java.util.ServiceLoader} on the thread context class loader, then on the
     * library's own class loader (duplicates by class removed).
     *
     * @return the loader
     */
    static ProviderLoader serviceLoader() {
        return new dev.kubelb.core.internal.ServiceLoaderProviders();
    }

    /**
     * @param providers fixed instances
     * @return a loader that returns them
     */
    static ProviderLoader of(LoadBalancerProvider... providers) {
        List<Candidate> list = java.util.Arrays.stream(providers)
                .map(p -> new Candidate(p.getClass().getName(), () -> p))
                .toList();
        return () -> list;
    }
}
