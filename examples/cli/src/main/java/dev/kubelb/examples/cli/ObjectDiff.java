package dev.kubelb.examples.cli;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code apply} would change, object by object and field by field, as {@code kubectl diff} shows it
 * (staging/src/k8s.io/kubectl/pkg/cmd/diff/diff.go): the live object against the object as it would be after the
 * apply. On a real cluster "after" is the API server's own answer to a server-side apply with {@code dryRun=All}
 * (field manager {@code kubelb}, forced conflicts: exactly what {@code apply} sends), defaults, admission and
 * merging included; on an embedded default (no server-side apply) it is the desired object. Fields only the server
 * owns ({@code managedFields}, {@code resourceVersion}, {@code uid}, {@code generation}, {@code creationTimestamp})
 * and {@code status} are left out on both sides; keys are sorted; secrets are masked.
 */
final class ObjectDiff {
    private static final List<String> SERVER_FIELDS = List.of("managedFields", "resourceVersion", "uid", "generation",
            "creationTimestamp", "selfLink");

    /** One object's change: {@code op} is created, updated, deleted or unchanged. */
    record Change(String key, String op, List<String> diff) {
    }

    private ObjectDiff() {
    }

    /**
     * @param client the cluster
     * @param serverSide whether to ask the server (dry-run server-side apply) for the object after the apply
     * @param desired the plan's objects
     * @param pruned keys ({@code Kind/namespace/name}) of owned objects apply would delete
     * @param tick told of each object compared
     * @return one change per object, in the plan's order, then the deletions
     */
    static List<Change> changes(KubernetesClient client, boolean serverSide, List<HasMetadata> desired,
            List<String> pruned, Runnable tick) {
        List<Change> out = new ArrayList<>();
        Map<String, String> apiVersions = new TreeMap<>(Map.of("Service", "v1", "EndpointSlice", "discovery.k8s.io/v1"));
        for (HasMetadata d : desired) {
            apiVersions.putIfAbsent(d.getKind(), d.getApiVersion());
            HasMetadata live = client.resource(d).get();
            tick.run();
            Object after = serverSide ? client.resource(d).dryRun().fieldManager("kubelb").forceConflicts()
                    .serverSideApply() : d;
            String key = dev.kubelb.core.Applier.key(d);
            List<String> diff = UnifiedDiff.diff(live == null ? "/dev/null" : "live/" + key, "merged/" + key,
                    lines(live), lines(after));
            out.add(new Change(key, live == null ? "created" : diff.isEmpty() ? "unchanged" : "updated", diff));
        }
        for (String key : pruned) {
            HasMetadata live = find(client, apiVersions, key);
            out.add(new Change(key, "deleted", UnifiedDiff.diff("live/" + key, "/dev/null", lines(live), List.of())));
        }
        return out;
    }

    private static HasMetadata find(KubernetesClient client, Map<String, String> apiVersions, String key) {
        String[] k = key.split("/");
        String apiVersion = apiVersions.get(k[0]);
        if (apiVersion == null) {
            return null;
        }
        try {
            var r = client.genericKubernetesResources(apiVersion, k[0]);
            return k.length == 3 ? r.inNamespace(k[1]).withName(k[2]).get() : r.withName(k[1]).get();
        } catch (KubernetesClientException e) {
            return null;
        }
    }

    /** @return the object as sorted, masked YAML lines without server-owned fields and status; none for null */
    @SuppressWarnings("unchecked")
    static List<String> lines(Object o) {
        if (o == null) {
            return List.of();
        }
        Map<String, Object> m = (Map<String, Object>) Output.masked(o);
        m.remove("status");
        if (m.get("metadata") instanceof Map<?, ?> meta) {
            SERVER_FIELDS.forEach(meta::remove);
        }
        String yaml = Documents.SERIALIZATION.asYaml(sorted(m));
        List<String> lines = new ArrayList<>(Arrays.asList(yaml.split("\n")));
        if (!lines.isEmpty() && lines.get(0).equals("---")) {
            lines.remove(0);
        }
        return lines;
    }

    @SuppressWarnings("unchecked")
    private static Object sorted(Object o) {
        if (o instanceof Map<?, ?> m) {
            Map<String, Object> out = new TreeMap<>();
            ((Map<String, Object>) m).forEach((k, v) -> out.put(k, sorted(v)));
            return new LinkedHashMap<>(out);
        }
        if (o instanceof List<?> l) {
            return l.stream().map(ObjectDiff::sorted).toList();
        }
        return o;
    }
}
