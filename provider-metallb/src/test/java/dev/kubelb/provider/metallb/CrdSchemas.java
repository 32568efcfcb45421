package dev.kubelb.provider.metallb;

import dev.kubelb.core.testkit.EnvtestAssets;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * MetalLB's real CRDs (those {@code ci/envtest/build.sh} fetched for the pinned MetalLB version), read
 * for their {@code openAPIV3Schema}. Missing assets skip the test loudly (a failure with {@code CI=true}).
 */
final class CrdSchemas {
    private CrdSchemas() {
    }

    static Path folder() {
        Optional<Path> dir = EnvtestAssets.locate().flatMap(a -> a.crdFolders().stream()
                .filter(p -> p.getFileName().toString().equals("metallb")).findFirst()).filter(Files::isDirectory);
        if (dir.isEmpty()) {
            String why = "MetalLB CRDs unavailable: " + EnvtestAssets.whyUnavailable();
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(why);
            }
            System.err.println("SKIPPED: " + why);
            Assumptions.abort(why);
        }
        return dir.get();
    }

    /**
     * @param plural the resource's plural, e.g. {@code bgppeers}
     * @param version e.g. {@code v1beta2}
     * @return the schema of {@code spec}
     */
    static JSONSchemaProps spec(String plural, String version) {
        Path file = folder().resolve("metallb.io_" + plural + ".yaml");
        try {
            CustomResourceDefinition crd = Manifests.SERIALIZATION.unmarshal(Files.readString(file),
                    CustomResourceDefinition.class);
            CustomResourceDefinitionVersion v = crd.getSpec().getVersions().stream()
                    .filter(x -> x.getName().equals(version)).findFirst().orElseThrow();
            return v.getSchema().getOpenAPIV3Schema().getProperties().get("spec");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param schema a schema
     * @return every leaf path below it ({@code .a.b[].c}) with its schema
     */
    static Map<String, JSONSchemaProps> leaves(JSONSchemaProps schema) {
        Map<String, JSONSchemaProps> out = new LinkedHashMap<>();
        leaves(schema, "", out);
        return out;
    }

    private static void leaves(JSONSchemaProps s, String prefix, Map<String, JSONSchemaProps> out) {
        if (s.getProperties() != null && !s.getProperties().isEmpty()) {
            s.getProperties().forEach((k, v) -> leaves(v, prefix + "." + k, out));
        } else if ("array".equals(s.getType()) && s.getItems() != null && s.getItems().getSchema() != null) {
            leaves(s.getItems().getSchema(), prefix + "[]", out);
        } else {
            out.put(prefix, s);
        }
    }
}
