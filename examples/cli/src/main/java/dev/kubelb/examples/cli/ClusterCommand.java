package dev.kubelb.examples.cli;

import dev.kubelb.api.Allocation;
import dev.kubelb.api.ConfigurationException;
import dev.kubelb.api.LoadBalancerId;
import dev.kubelb.core.ApplyReport;
import dev.kubelb.core.KubeLb;
import dev.kubelb.core.KubeLbLabels;
import dev.kubelb.core.Plan;
import dev.kubelb.core.Requests;
import io.fabric8.kubernetes.api.model.Service;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * A command that works on a cluster ({@link Cluster}): the one of {@code --kubeconfig} / {@code KUBECONFIG}
 * ({@code --context} picks a context), else the embedded default {@code kubelb up} started, else an in-process
 * embedded default which starts empty and is loaded from {@code -f}.
 */
abstract class ClusterCommand extends InputCommand {
    @Option(names = "--kubeconfig", paramLabel = "PATH",
            description = "The cluster to use; default: $KUBECONFIG, else the embedded default of kubelb up, else an "
                    + "in-process one (mock API server + simulated appliance).")
    String kubeconfig;

    @Option(names = "--context", paramLabel = "NAME", description = "The kubeconfig context to use (default: its "
            + "current-context).")
    String context;

    /** The server's URL once known, so that a failure can name it. */
    String server;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "How long to wait for the appliance "
            + "to answer (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds = 20;

    /** The outcome of {@link #applyInput}. */
    record Applied(Scenario scenario, KubeLb engine, Plan plan, ApplyReport report) {
    }

    Cluster openCluster() {
        Cluster.Target target = Cluster.locate(Optional.ofNullable(kubeconfig), Optional.ofNullable(context),
                root().env);
        server = target.server();
        Cluster c = Cluster.connect(target);
        server = c.client.getMasterUrl().toString();
        progress(c.describe());
        c.simulateAppliance();
        return c;
    }

    /**
     * Plans the input against what the cluster already holds (its recorded allocations are reserved first,
     * then the input's pinned ones) and applies (or diffs) it through the engine.
     *
     * @param s the input
     * @param c the cluster
     * @param dryRun diff only
     * @return what was (or would be) written
     */
    Applied applyInput(Scenario s, Cluster c, boolean dryRun) {
        KubeLb lb;
        try {
            KubeLb.Builder b = KubeLb.builder().client(c.client).provider(s.provider.name()).clusterInfo(s.cluster)
                    .configurationObjects(s.applianceObjects).applyStrategy(c.strategy());
            s.options.forEach(b::providerOption);
            lb = b.build();
        } catch (ConfigurationException e) {
            throw CliException.invalid(s.locate(e));
        }
        if (c.embedded && !dryRun) {
            // the tenants' namespaces, with the labels the input gives them (pool namespace selectors match them)
            java.util.Set<String> tenants = new java.util.TreeSet<>(s.namespaceLabels.keySet());
            s.requests.forEach(r -> tenants.add(r.id().tenant()));
            for (String t : tenants) {
                c.client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata()
                        .withName(t).withLabels(s.namespaceLabels.getOrDefault(t, Map.of())).endMetadata().build())
                        .createOr(n -> n.update());
            }
        }
        Map<LoadBalancerId, Allocation> existing = new LinkedHashMap<>();
        for (Service m : c.client.services().inAnyNamespace()
                .withLabel(KubeLbLabels.MANAGED_BY, KubeLbLabels.MANAGER).list().getItems()) {
            Requests.recordedAllocation(m).ifPresent(a -> existing.put(a.id(), a));
        }
        s.existing.forEach(a -> existing.putIfAbsent(a.id(), a));
        Plan plan;
        try {
            plan = lb.plan(s.requests, new ArrayList<>(existing.values()));
        } catch (ConfigurationException e) {
            lb.close();
            throw CliException.invalid(s.locate(e));
        }
        progress((dryRun ? "diffing " : "applying ") + plan.objects().size() + " objects for " + s.requests.size()
                + " requests (provider " + plan.provider() + ")");
        ApplyReport report;
        try (Progress p = progressLine(dryRun ? "diffing objects" : "applying objects", plan.objects().size())) {
            c.requests.listen(p::step);
            report = dryRun ? lb.diff(plan) : lb.apply(plan);
        } finally {
            c.requests.listen(null);
        }
        if (!dryRun && c.embedded) {
            if (!c.inProcess()) {
                EmbeddedState.of(root().env).provider(plan.provider());
            }
            awaitAnswers(c, plan);
        }
        return new Applied(s, lb, plan, report);
    }

    private void awaitAnswers(Cluster c, Plan plan) {
        long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
        int wanted = plan.allocations().size();
        progress("waiting for the simulated appliance to answer " + wanted + " Services");
        while (System.nanoTime() < deadline) {
            long answered = c.client.services().inAnyNamespace()
                    .withLabel(KubeLbLabels.MANAGED_BY, KubeLbLabels.MANAGER).list().getItems().stream()
                    .filter(m -> m.getStatus() != null && m.getStatus().getLoadBalancer() != null
                            && m.getStatus().getLoadBalancer().getIngress() != null
                            && !m.getStatus().getLoadBalancer().getIngress().isEmpty())
                    .count();
            if (answered >= wanted) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        progress("timed out after " + timeoutSeconds + " s waiting for the appliance");
    }

    /**
     * The read side of status / pools / advertisements. On the embedded default (which starts empty) the input is
     * applied first; on a real cluster nothing is written and the configuration is read from the cluster.
     *
     * @param c the cluster
     * @return the engine (not started) and, on the embedded default, the scenario applied
     */
    KubeLb engineFor(Cluster c) {
        if (c.inProcess()) {
            if (files.isEmpty()) {
                throw CliException.invalid("kubelb: " + spec.name() + ": the in-process embedded default starts "
                        + "empty: pass -f FILE to load manifests into it, or start one that lives between commands "
                        + "with kubelb up (or --kubeconfig PATH / KUBECONFIG for a real cluster)");
            }
            readOnly = true;
            Scenario s = scenario();
            return applyInput(s, c, false).engine();
        }
        if (!files.isEmpty()) {
            throw CliException.invalid("kubelb: " + spec.name() + ": reads the cluster and writes nothing; -f is only "
                    + "for the embedded default (use apply -f to write)");
        }
        KubeLb.Builder b = KubeLb.builder().client(c.client);
        providerOptions.forEach(b::providerOption);
        Optional<String> name = Optional.ofNullable(provider)
                .or(() -> c.embedded ? EmbeddedState.of(root().env).provider() : Optional.empty());
        name.ifPresent(b::provider);
        try {
            return b.build();
        } catch (ConfigurationException e) {
            throw CliException.invalid(e.problems().stream().map(p -> "kubelb: " + spec.name() + ": " + p.message()
                    + (c.embedded && name.isEmpty() ? " (nothing applied yet? kubelb apply -f FILE first)" : ""))
                    .toList());
        }
    }

    Map<String, Object> header(Cluster c, String providerName) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("cluster", c.inProcess() ? "embedded" : c.client.getMasterUrl().toString());
        root.put("simulated", c.embedded);
        root.put("provider", providerName);
        return root;
    }

    void printHeader(Map<String, Object> root, Cluster c) {
        out().println("Cluster: " + c.describe());
        out().println("Provider: " + root.get("provider"));
    }

    /** @return the cluster's load balancers (of {@code -n} only, when given), with a progress line */
    ClusterView view(Cluster c, KubeLb lb) {
        return ClusterView.read(c.client, lb.session(), namespace, n -> progressLine("reading load balancers", n));
    }
}
