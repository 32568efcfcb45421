package dev.kubelb.provider.metallb;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Loads the MetalLB manifest corpus from test resources. */
final class Manifests {
    static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private Manifests() {
    }

    static String text(String name) {
        try (InputStream in = Manifests.class.getResourceAsStream("/metallb/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses every document of a resource; MetalLB kinds arrive as GenericKubernetesResource. */
    static List<HasMetadata> load(String name) {
        return parse(text(name));
    }

    @SuppressWarnings("unchecked")
    static List<HasMetadata> parse(String yaml) {
        Object o = SERIALIZATION.unmarshal(yaml);
        List<HasMetadata> out = new ArrayList<>();
        if (o instanceof List<?> l) {
            for (Object x : l) {
                out.add((HasMetadata) x);
            }
        } else if (o instanceof KubernetesList kl) {
            out.addAll(kl.getItems());
        } else {
            out.add((HasMetadata) o);
        }
        return out;
    }

    static String yaml(List<HasMetadata> objects) {
        StringBuilder sb = new StringBuilder();
        for (HasMetadata o : objects) {
            sb.append(SERIALIZATION.asYaml(o));
        }
        return sb.toString();
    }
}
