package dev.kubelb.core;

import dev.kubelb.api.LoadBalancerId;
import dev.kubelb.api.ProviderException;
import dev.kubelb.spi.ResourceKind;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes plans to a cluster through an {@link ApplyStrategy}, retrying optimistic-lock conflicts, and
 * prunes the objects it owns that a plan no longer contains. Only objects labelled
 * {@code app.kubernetes.io/managed-by=kubelb} are ever pruned; a failed request's objects are kept.
 */
public final class Applier {
    private static final Logger LOG = LoggerFactory.getLogger(Applier.class);
    private static final int CONFLICT_RETRIES = 5;

    private final KubernetesClient client;
    private final ApplyStrategy strategy;
    private final List<ResourceKind> configKinds;

    /**
     * @param client the client
     * @param strategy how objects are written
     * @param configKinds the appliance configuration kinds (pruned only when the plan manages configuration)
     */
    public Applier(KubernetesClient client, ApplyStrategy strategy, List<ResourceKind> configKinds) {
        this.client = Objects.requireNonNull(client, "client");
        this.strategy = Objects.requireNonNull(strategy, "strategy");
        this.configKinds = List.copyOf(configKinds);
    }

    /**
     * @param plan a plan
     * @return what was written
     * @throws ProviderException when the API server refuses a write (with its HTTP code)
     */
    public ApplyReport apply(Plan plan) {
        return run(plan, false);
    }

    /**
     * @param plan a plan
     * @return what {@link #apply} would write; nothing is written
     */
    public ApplyReport diff(Plan plan) {
        return run(plan, true);
    }

    private ApplyReport run(Plan plan, boolean dryRun) {
        List<String> created = new ArrayList<>();
        List<String> updated = new ArrayList<>();
        List<String> unchanged = new ArrayList<>();
        List<String> deleted = new ArrayList<>();
        Set<String> wanted = new java.util.HashSet<>();
        for (HasMetadata o : plan.objects()) {
            wanted.add(key(o));
            ApplyStrategy.Outcome outcome = dryRun ? preview(o) : applyOne(o);
            switch (outcome) {
                case CREATED -> created.add(key(o));
                case UPDATED -> updated.add(key(o));
                default -> unchanged.add(key(o));
            }
        }
        Set<LoadBalancerId> keep = new java.util.HashSet<>(plan.failedIds());
        for (HasMetadata o : owned()) {
            if (wanted.contains(key(o))) {
                continue;
            }
            Map<String, String> labels = o.getMetadata().getLabels();
            String tenant = labels.get(KubeLbLabels.TENANT);
            String request = labels.get(KubeLbLabels.REQUEST);
            boolean perRequest = tenant != null && request != null;
            if (perRequest && keep.contains(new LoadBalancerId(tenant, request))) {
                continue;
            }
            if (!perRequest && !plan.managesConfiguration()) {
                continue;
            }
            if (!dryRun) {
                delete(o);
            }
            deleted.add(key(o));
        }
        java.util.Collections.sort(deleted);
        return new ApplyReport(created, updated, unchanged, deleted);
    }

    private ApplyStrategy.Outcome preview(HasMetadata desired) {
        HasMetadata existing = get(desired);
        if (existing == null) {
            return ApplyStrategy.Outcome.CREATED;
        }
        return dev.kubelb.core.internal.Trees.covers(existing, desired) ? ApplyStrategy.Outcome.UNCHANGED
                : ApplyStrategy.Outcome.UPDATED;
    }

    /**
     * Applies one object, re-reading and retrying on optimistic-lock conflicts (409).
     *
     * @param desired a freshly built object
     * @return what happened
     */
    public ApplyStrategy.Outcome applyOne(HasMetadata desired) {
        return applyOne(desired, null);
    }

    /**
     * Applies one object, starting from an observed copy (e.g. from an informer cache) when one is given,
     * so that an unchanged object costs no request; on a conflict (409) it re-reads and retries.
     *
     * @param desired a freshly built object
     * @param observed the object as last observed, or null to read it
     * @return what happened
     */
    public ApplyStrategy.Outcome applyOne(HasMetadata desired, HasMetadata observed) {
        KubernetesClientException last = null;
        for (int attempt = 0; attempt <= CONFLICT_RETRIES; attempt++) {
            HasMetadata existing = attempt == 0 && observed != null ? observed : get(desired);
            if (existing != null && !KubeLbLabels.MANAGER.equals(labelOf(existing, KubeLbLabels.MANAGED_BY))) {
                throw new OwnershipConflictException(key(desired));
            }
            if (immutableFieldChanges(existing, desired)) {
                return recreate(existing, desired);
            }
            try {
                ApplyStrategy.Outcome outcome = strategy.apply(client, desired, existing);
                if (outcome != ApplyStrategy.Outcome.UNCHANGED) {
                    LOG.debug("{} {}", outcome, key(desired));
                }
                return outcome;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw wrap("apply " + key(desired), e);
                }
                last = e;
                LOG.debug("Conflict writing {}, retrying ({}/{})", key(desired), attempt + 1, CONFLICT_RETRIES);
            }
        }
        throw wrap("apply " + key(desired) + " after " + CONFLICT_RETRIES + " conflicts", last);
    }

    /**
     * @return whether applying {@code desired} over {@code existing} would change a field the API server
     *     refuses to change: a LoadBalancer Service's {@code spec.loadBalancerClass} (apis/core/validation:
     *     "may not change once set")
     */
    static boolean immutableFieldChanges(HasMetadata existing, HasMetadata desired) {
        if (!(existing instanceof io.fabric8.kubernetes.api.model.Service e)
                || !(desired instanceof io.fabric8.kubernetes.api.model.Service d)
                || e.getSpec() == null || d.getSpec() == null || !"LoadBalancer".equals(e.getSpec().getType())) {
            return false;
        }
        return !java.util.Objects.equals(e.getSpec().getLoadBalancerClass(), d.getSpec().getLoadBalancerClass());
    }

    /**
     * Replaces an owned object whose immutable field must change: deleted (only the copy observed, by its
     * uid) and created again. What the engine records on it (the addresses) is in {@code desired}, so the
     * address is kept; between the two requests the record lives only in the engine's memory.
     */
    private ApplyStrategy.Outcome recreate(HasMetadata existing, HasMetadata desired) {
        LOG.info("Recreating {}: an immutable field changes", key(desired));
        try {
            client.resource(existing).delete();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw wrap("delete " + key(existing) + " to recreate it", e);
            }
        }
        try {
            strategy.apply(client, desired, null);
            return ApplyStrategy.Outcome.UPDATED;
        } catch (KubernetesClientException e) {
            throw wrap("recreate " + key(desired), e);
        }
    }

    /**
     * Applies an object expected to be absent without reading it first; when it exists after all (409), it
     * is applied the usual way.
     *
     * @param desired a freshly built object
     * @return what happened
     */
    public ApplyStrategy.Outcome create(HasMetadata desired) {
        if (!strategy.createFailsWhenPresent()) {
            return applyOne(desired, null); // the write would change an object already there: look first
        }
        try {
            return strategy.apply(client, desired, null);
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw wrap("create " + key(desired), e);
            }
            return applyOne(desired, null);
        }
    }

    /**
     * @param o an object (only its kind, namespace and name are used)
     * @return the observed object, or null
     */
    public HasMetadata get(HasMetadata o) {
        try {
            return client.resource(o).get();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return null;
            }
            throw wrap("read " + key(o), e);
        }
    }

    /**
     * Deletes an object; a missing object is not an error.
     *
     * @param o the object
     */
    public void delete(HasMetadata o) {
        try {
            client.resource(o).delete();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw wrap("delete " + key(o), e);
            }
        }
    }

    /**
     * @return every object the engine owns (managed Services, EndpointSlices and configuration objects),
     *     sorted by key
     */
    public List<HasMetadata> owned() {
        Map<String, HasMetadata> out = new java.util.TreeMap<>();
        try {
            client.services().inAnyNamespace().withLabel(KubeLbLabels.MANAGED_BY, KubeLbLabels.MANAGER).list()
                    .getItems().forEach(s -> out.put(key(s), s));
            client.discovery().v1().endpointSlices().inAnyNamespace()
                    .withLabel(KubeLbLabels.MANAGED_BY, KubeLbLabels.MANAGER).list()
                    .getItems().forEach(s -> out.put(key(s), s));
            for (ResourceKind k : configKinds) {
                ResourceDefinitionContext ctx = new ResourceDefinitionContext.Builder().withGroup(k.group())
                        .withVersion(k.version()).withKind(k.kind()).withPlural(k.plural())
                        .withNamespaced(k.namespaced()).build();
                List<GenericKubernetesResource> items = k.namespaced()
                        ? client.genericKubernetesResources(ctx).inAnyNamespace()
                                .withLabel(KubeLbLabels.MANAGED_BY, KubeLbLabels.MANAGER).list().getItems()
                        : client.genericKubernetesResources(ctx)
                                .withLabel(KubeLbLabels.MANAGED_BY, KubeLbLabels.MANAGER).list().getItems();
                items.forEach(i -> out.put(key(i), i));
            }
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw wrap("list owned objects", e);
            }
        }
        return new ArrayList<>(out.values());
    }

    private static String labelOf(HasMetadata o, String label) {
        return o.getMetadata().getLabels() == null ? null : o.getMetadata().getLabels().get(label);
    }

    /**
     * @param o an object
     * @return {@code Kind/namespace/name} (or {@code Kind/name} when cluster-scoped)
     */
    public static String key(HasMetadata o) {
        String ns = o.getMetadata().getNamespace();
        return o.getKind() + "/" + (ns == null || ns.isEmpty() ? "" : ns + "/") + o.getMetadata().getName();
    }

    /**
     * @param what what was being done
     * @param e the client failure
     * @return the failure as the library's exception, with the HTTP code
     */
    public static ProviderException wrap(String what, KubernetesClientException e) {
        return new ProviderException("kubernetes", what + ": " + e.getMessage(), Math.max(e.getCode(), 0), e);
    }
}
