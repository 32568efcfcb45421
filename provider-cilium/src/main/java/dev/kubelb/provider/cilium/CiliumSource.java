package dev.kubelb.provider.cilium;

import dev.kubelb.api.ApplianceConfig;
import dev.kubelb.api.Problem;
import dev.kubelb.provider.cilium.model.IpPoolSpec;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A user's Cilium configuration as imported: its neutral form, the objects themselves (rendered back
 * verbatim while the configuration is unchanged, so nothing the neutral model cannot say is lost or
 * renamed), the pools as Cilium reads them, and what the neutral form does not express.
 *
 * @param config the neutral configuration
 * @param objects the objects, without status and server-set metadata, in input order
 * @param pools the pools' specs by name
 * @param differences what the neutral configuration leaves out or approximates (one per object and field)
 * @param warnings what Cilium does with the configuration that differs from what it says (e.g. a conflicting pool)
 */
record CiliumSource(ApplianceConfig config, List<HasMetadata> objects, Map<String, IpPoolSpec> pools,
        List<Problem> differences, List<Problem> warnings) {

    CiliumSource {
        objects = List.copyOf(objects);
        pools = Map.copyOf(pools);
        differences = List.copyOf(differences);
        warnings = List.copyOf(warnings);
    }

    /**
     * @return deep copies of the objects, safe for the caller to label
     */
    List<HasMetadata> copies() {
        return objects.stream().map(o -> (HasMetadata) CiliumRender.JSON.clone((GenericKubernetesResource) o)).toList();
    }

    /**
     * @param o an object as written by a user or read from a cluster
     * @return a copy with what the user wrote: apiVersion, kind, name, labels, annotations and the rest but
     *     status; no server-set metadata (uid, resourceVersion, managedFields…)
     */
    @SuppressWarnings("unchecked")
    static HasMetadata sanitize(HasMetadata o) {
        Map<String, Object> tree = new LinkedHashMap<>(CiliumRender.JSON.convertValue(o, Map.class));
        tree.remove("status");
        GenericKubernetesResource out = CiliumRender.JSON.convertValue(tree, GenericKubernetesResource.class);
        ObjectMeta in = o.getMetadata() == null ? new ObjectMeta() : o.getMetadata();
        ObjectMeta m = new ObjectMeta();
        m.setName(in.getName());
        if (in.getLabels() != null && !in.getLabels().isEmpty()) {
            m.setLabels(new LinkedHashMap<>(in.getLabels()));
        }
        if (in.getAnnotations() != null) {
            Map<String, String> ann = new LinkedHashMap<>(in.getAnnotations());
            ann.remove("kubectl.kubernetes.io/last-applied-configuration");
            if (!ann.isEmpty()) {
                m.setAnnotations(ann);
            }
        }
        out.setMetadata(m);
        return out;
    }
}
