package dev.kubelb.examples.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code -n/--namespace} on input, as {@code kubectl apply -n} treats it: a tenant object (Service, KubeLB
 * LoadBalancer) without a namespace gets it; one naming another namespace is an error
 * (kubectl: "the namespace from the provided object … does not match the namespace …").
 */
final class Namespaces {
    private static final Set<String> TENANT_KINDS = Set.of("Service", "LoadBalancer");

    private Namespaces() {
    }

    /**
     * @param docs the input, changed in place
     * @param namespace the option, or null
     * @throws CliException (exit 2) for every object naming another namespace
     */
    static void apply(List<Documents.Doc> docs, String namespace) {
        if (namespace == null) {
            return;
        }
        List<String> problems = new ArrayList<>();
        for (Documents.Doc d : docs) {
            if (!TENANT_KINDS.contains(d.object().getKind())) {
                continue;
            }
            String ns = d.object().getMetadata().getNamespace();
            if (ns == null || ns.isBlank()) {
                d.object().getMetadata().setNamespace(namespace);
            } else if (!ns.equals(namespace)) {
                problems.add(d.where() + ": metadata.namespace: '" + ns + "' does not match --namespace '" + namespace
                        + "'");
            }
        }
        if (!problems.isEmpty()) {
            throw CliException.invalid(problems);
        }
    }
}
