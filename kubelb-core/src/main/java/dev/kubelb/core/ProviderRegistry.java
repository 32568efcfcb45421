package dev.kubelb.core;

import dev.kubelb.api.ConfigurationException;
import dev.kubelb.api.Problem;
import dev.kubelb.spi.ClusterInfo;
import dev.kubelb.spi.LoadBalancerProvider;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The providers found on the class path and the rules for choosing one.
 *
 * <p>Selection: a provider named explicitly wins (an unknown name is a {@link ConfigurationException}
 * listing the available names); otherwise the highest {@link LoadBalancerProvider#priority()} among the
 * providers whose {@link LoadBalancerProvider#supports(ClusterInfo)} holds. A tie or no candidate is an
 * error: never a random pick. A provider that fails to load is reported (WARN) and skipped.
 */
public final class ProviderRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(ProviderRegistry.class);

    private final Map<String, LoadBalancerProvider> providers;
    private final List<String> failures;

    private ProviderRegistry(Map<String, LoadBalancerProvider> providers, List<String> failures) {
        this.providers = providers;
        this.failures = failures;
    }

    /**
     * @return the registry of providers found by {@link java.util.ServiceLoader}
     */
    public static ProviderRegistry load() {
        return load(ProviderLoader.serviceLoader());
    }

    /**
     * @param loader where providers come from
     * @return the registry
     */
    public static ProviderRegistry load(ProviderLoader loader) {
        Objects.requireNonNull(loader, "loader");
        Map<String, LoadBalancerProvider> found = new LinkedHashMap<>();
        List<String> failed = new ArrayList<>();
        for (ProviderLoader.Candidate c : loader.candidates()) {
            LoadBalancerProvider p;
            String name;
            try {
                p = c.instance().get();
                name = Objects.requireNonNull(p.name(), "name()");
            } catch (RuntimeException | LinkageError | java.util.ServiceConfigurationError e) {
                Throwable root = e;
                while (root.getCause() != null && root.getCause() != root) {
                    root = root.getCause();
                }
                String msg = c.origin() + ": failed to load: " + (root == e ? e.getMessage() : e.getMessage()
                        + " (caused by " + root + ")");
                LOG.warn("Skipping load-balancer provider {}", msg);
                failed.add(msg);
                continue;
            }
            if (!name.matches("[a-z0-9][a-z0-9-]*")) {
                String msg = c.origin() + ": invalid provider name '" + name + "' (lowercase letters, digits, '-')";
                LOG.warn("Skipping load-balancer provider {}", msg);
                failed.add(msg);
                continue;
            }
            LoadBalancerProvider previous = found.putIfAbsent(name, p);
            if (previous != null && previous.getClass() != p.getClass()) {
                String msg = c.origin() + ": duplicate provider name '" + name + "' (already provided by "
                        + previous.getClass().getName() + ")";
                LOG.warn("Skipping load-balancer provider {}", msg);
                failed.add(msg);
            }
        }
        Map<String, LoadBalancerProvider> sorted = new LinkedHashMap<>();
        found.keySet().stream().sorted().forEach(k -> sorted.put(k, found.get(k)));
        return new ProviderRegistry(java.util.Collections.unmodifiableMap(sorted), List.copyOf(failed));
    }

    /**
     * @return the providers found, by name, sorted by name
     */
    public Map<String, LoadBalancerProvider> providers() {
        return providers;
    }

    /**
     * @return one message per provider that failed to load
     */
    public List<String> failures() {
        return failures;
    }

    /**
     * @param name a provider name
     * @return the provider of that name
     */
    public Optional<LoadBalancerProvider> find(String name) {
        return Optional.ofNullable(providers.get(name));
    }

    /**
     * Chooses a provider.
     *
     * @param explicitName a name given by the host or user, or empty
     * @param cluster what the cluster offers
     * @return the chosen provider
     * @throws ConfigurationException for an unknown name, no candidate or a tie
     */
    public LoadBalancerProvider select(Optional<String> explicitName, ClusterInfo cluster) {
        Objects.requireNonNull(explicitName, "explicitName");
        Objects.requireNonNull(cluster, "cluster");
        if (explicitName.isPresent()) {
            String name = explicitName.get();
            LoadBalancerProvider p = providers.get(name);
            if (p == null) {
                throw new ConfigurationException(List.of(Problem.of("", "provider",
                        "unknown provider '" + name + "'; available: " + available())));
            }
            LOG.info("Using load-balancer provider '{}' (named explicitly)", name);
            return p;
        }
        List<LoadBalancerProvider> candidates = new ArrayList<>();
        for (LoadBalancerProvider p : providers.values()) {
            try {
                if (p.supports(cluster)) {
                    candidates.add(p);
                }
            } catch (RuntimeException e) {
                LOG.warn("Provider '{}' failed in supports(); skipping it: {}", p.name(), e.toString());
            }
        }
        if (candidates.isEmpty()) {
            throw new ConfigurationException(List.of(Problem.of("", "provider",
                    "no provider supports this cluster; available: " + available() + " (name one explicitly)")));
        }
        candidates.sort(Comparator.comparingInt(LoadBalancerProvider::priority).reversed()
                .thenComparing(LoadBalancerProvider::name));
        LoadBalancerProvider best = candidates.get(0);
        List<String> tied = candidates.stream().filter(p -> p.priority() == best.priority())
                .map(LoadBalancerProvider::name).toList();
        if (tied.size() > 1) {
            throw new ConfigurationException(List.of(Problem.of("", "provider",
                    "providers " + String.join(", ", tied) + " tie at priority " + best.priority()
                            + "; name one explicitly")));
        }
        LOG.info("Using load-balancer provider '{}' (priority {}, among {})", best.name(), best.priority(),
                candidates.stream().map(LoadBalancerProvider::name).collect(Collectors.joining(", ")));
        return best;
    }

    private String available() {
        return providers.isEmpty() ? "(none found)" : String.join(", ", providers.keySet());
    }
}
