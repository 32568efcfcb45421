package dev.kubelb.core.testkit;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs CRDs into a real API server and waits until each is {@code Established}: the appliances' own
 * (MetalLB's and Cilium's, from the Go module cache) and KubeLB's (hand-written from upstream, shipped in
 * this test-jar under {@code crds/kubelb/}, since KubeLB's module is not served by the Go module proxy).
 */
final class CrdInstaller {
    private static final Logger LOG = LoggerFactory.getLogger(CrdInstaller.class);
    /** KubeLB's CRDs in this test-jar. */
    static final List<String> KUBELB = List.of("crds/kubelb/kubelb.k8c.io_loadbalancers.yaml",
            "crds/kubelb/kubelb.k8c.io_addresses.yaml", "crds/kubelb/kubelb.k8c.io_tenants.yaml",
            "crds/kubelb/kubelb.k8c.io_configs.yaml");

    private CrdInstaller() {
    }

    static void install(KubernetesClient client, List<Path> folders) throws IOException {
        List<CustomResourceDefinition> crds = new ArrayList<>();
        for (Path folder : folders) {
            if (!Files.isDirectory(folder)) {
                throw new IllegalStateException("CRD folder missing: " + folder + " (run ci/envtest/build.sh)");
            }
            try (Stream<Path> files = Files.list(folder)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                    try (InputStream in = Files.newInputStream(f)) {
                        crds.add(read(client, in, f.toString()));
                    }
                }
            }
        }
        for (String r : KUBELB) {
            try (InputStream in = CrdInstaller.class.getClassLoader().getResourceAsStream(r)) {
                if (in == null) {
                    throw new IllegalStateException("missing test resource " + r);
                }
                crds.add(read(client, in, r));
            }
        }
        for (CustomResourceDefinition crd : crds) {
            client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
        }
        for (CustomResourceDefinition crd : crds) {
            client.apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName())
                    .waitUntilCondition(c -> c != null && c.getStatus() != null && c.getStatus().getConditions()
                            .stream().anyMatch(x -> "Established".equals(x.getType()) && "True".equals(x.getStatus())),
                            60, TimeUnit.SECONDS);
        }
        LOG.info("installed {} CRDs", crds.size());
    }

    private static CustomResourceDefinition read(KubernetesClient client, InputStream in, String source) {
        Object o = client.getKubernetesSerialization().unmarshal(in);
        if (!(o instanceof CustomResourceDefinition crd)) {
            throw new UncheckedIOException(new IOException(source + " is not one CustomResourceDefinition"));
        }
        return crd;
    }
}
