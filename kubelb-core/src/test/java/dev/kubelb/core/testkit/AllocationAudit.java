package dev.kubelb.core.testkit;

import dev.kubelb.core.KubeLbLabels;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the cluster says about the allocations of a set of namespaces, read from the objects the engine
 * records them on (the owned Service's {@link KubeLbLabels#ADDRESSES} annotation, rebuilt from on start) and
 * the status it copies back to each request; and the violations of "each live request holds exactly one
 * address, none is held twice, nothing is held for a request that is gone".
 *
 * @param held for each request ({@code ns/name}) that has an owned Service: the addresses recorded on it
 * @param reported for each live request: the address in its status, or null
 * @param live the requests that exist and are not being deleted
 * @param deleting the requests that exist with a deletion timestamp (the engine's finalizer not yet removed)
 */
public record AllocationAudit(Map<String, List<String>> held, Map<String, String> reported, Set<String> live,
        Set<String> deleting) {

    /**
     * @param client an admin client
     * @param namespaces the namespaces to audit
     * @return the audit
     */
    public static AllocationAudit of(KubernetesClient client, Set<String> namespaces) {
        Map<String, List<String>> held = new HashMap<>();
        Map<String, String> reported = new HashMap<>();
        Set<String> live = new TreeSet<>();
        Set<String> deleting = new TreeSet<>();
        for (String ns : namespaces) {
            for (Service s : client.services().inNamespace(ns).list().getItems()) {
                Map<String, String> labels = s.getMetadata().getLabels() == null ? Map.of() : s.getMetadata().getLabels();
                if (KubeLbLabels.MANAGER.equals(labels.get(KubeLbLabels.MANAGED_BY))) {
                    String request = ns + "/" + labels.get(KubeLbLabels.REQUEST);
                    String recorded = s.getMetadata().getAnnotations() == null ? null
                            : s.getMetadata().getAnnotations().get(KubeLbLabels.ADDRESSES);
                    held.put(request, recorded == null || recorded.isBlank() ? List.of()
                            : List.of(recorded.split(",")).stream().map(String::strip).toList());
                    continue;
                }
                String key = ns + "/" + s.getMetadata().getName();
                if (s.getMetadata().getDeletionTimestamp() != null) {
                    deleting.add(key);
                    continue;
                }
                live.add(key);
                var lb = s.getStatus() == null ? null : s.getStatus().getLoadBalancer();
                reported.put(key, lb == null || lb.getIngress() == null || lb.getIngress().isEmpty() ? null
                        : lb.getIngress().get(0).getIp());
            }
        }
        return new AllocationAudit(held, reported, live, deleting);
    }

    /** @return the violations; empty when every live request holds one address of its own and nothing else is held */
    public List<String> violations() {
        List<String> out = new ArrayList<>();
        Map<String, String> owner = new HashMap<>();
        for (String request : live) {
            List<String> addrs = held.getOrDefault(request, List.of());
            if (addrs.size() != 1) {
                out.add(request + " holds " + addrs.size() + " addresses " + addrs);
            }
            for (String a : addrs) {
                String other = owner.putIfAbsent(a, request);
                if (other != null) {
                    out.add(a + " held twice: by " + other + " and " + request);
                }
            }
            String shown = reported.get(request);
            if (addrs.size() == 1 && !addrs.get(0).equals(shown)) {
                out.add(request + " holds " + addrs.get(0) + " but its status shows " + shown);
            }
        }
        for (String request : held.keySet()) {
            if (!live.contains(request)) {
                out.add(request + " is gone (or being deleted) but still holds " + held.get(request));
            }
        }
        for (String request : deleting) {
            out.add(request + " is still being deleted (finalizer not removed)");
        }
        return out;
    }

    /** @return every address held */
    public Set<String> addresses() {
        Set<String> all = new TreeSet<>();
        held.values().forEach(all::addAll);
        return all;
    }
}
