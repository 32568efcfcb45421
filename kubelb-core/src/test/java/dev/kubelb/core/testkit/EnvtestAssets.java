package dev.kubelb.core.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the real control plane's binaries and the appliances' CRDs are: the folder printed by
 * {@code ci/envtest/build.sh} (which builds kube-apiserver, etcd and kubectl from their pinned Go modules
 * into a cache outside the work tree, once), or, following envtest's convention, {@code KUBEBUILDER_ASSETS}
 * when it already holds {@code kube-apiserver} and {@code etcd} and no Go toolchain is there to build.
 *
 * <p>Looked up once per JVM. Unavailable (with the reason) when neither Go nor {@code KUBEBUILDER_ASSETS}
 * is at hand: {@link RealApiServer} then skips loudly, or fails when {@code CI=true}.
 *
 * @param bin folder holding {@code kube-apiserver}, {@code etcd} and (optionally) {@code kubectl}
 * @param crdFolders folders of CRD YAML files to install (MetalLB's, Cilium's)
 */
public record EnvtestAssets(Path bin, List<Path> crdFolders) {
    private static final Logger LOG = LoggerFactory.getLogger(EnvtestAssets.class);
    private static Optional<EnvtestAssets> found;
    private static String whyNot = "";

    /** @return the {@code kube-apiserver} binary */
    public Path apiServer() {
        return bin.resolve("kube-apiserver");
    }

    /** @return the {@code etcd} binary */
    public Path etcd() {
        return bin.resolve("etcd");
    }

    /**
     * @param name {@code controller} or {@code speaker}
     * @return MetalLB's binary of that name (built by {@code ci/envtest/build.sh}), when there is one
     */
    public Optional<Path> metallb(String name) {
        Path p = bin.resolve("metallb-" + name);
        return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
    }

    /** @return the {@code kubectl} binary, when there is one */
    public Optional<Path> kubectl() {
        Path p = bin.resolve("kubectl");
        return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
    }

    /**
     * Finds (building on first use) the assets.
     *
     * @return the assets, or empty with {@link #whyUnavailable()} saying why
     */
    public static synchronized Optional<EnvtestAssets> locate() {
        if (found == null) {
            found = lookUp();
        }
        return found;
    }

    /** @return why {@link #locate()} found nothing */
    public static synchronized String whyUnavailable() {
        return whyNot;
    }

    private static Optional<EnvtestAssets> lookUp() {
        Optional<Path> script = buildScript();
        if (script.isPresent()) {
            try {
                Optional<Path> bin = runBuild(script.get());
                if (bin.isPresent()) {
                    Path crds = bin.get().getParent().resolve("crds");
                    return Optional.of(new EnvtestAssets(bin.get(),
                            List.of(crds.resolve("metallb"), crds.resolve("cilium"))));
                }
            } catch (IOException e) {
                whyNot = "ci/envtest/build.sh could not run: " + e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                whyNot = "interrupted while building the control plane";
                return Optional.empty();
            }
        } else {
            whyNot = "ci/envtest/build.sh not found above " + Path.of("").toAbsolutePath();
        }
        String assets = System.getenv("KUBEBUILDER_ASSETS");
        if (assets != null && Files.isExecutable(Path.of(assets, "kube-apiserver"))
                && Files.isExecutable(Path.of(assets, "etcd"))) {
            LOG.warn("using KUBEBUILDER_ASSETS={} without the appliances' CRDs ({})", assets, whyNot);
            return Optional.of(new EnvtestAssets(Path.of(assets), List.of()));
        }
        return Optional.empty();
    }

    private static Optional<Path> buildScript() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path s = dir.resolve("ci/envtest/build.sh");
            if (Files.isRegularFile(s)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    private static Optional<Path> runBuild(Path script) throws IOException, InterruptedException {
        Path log = Files.createTempFile("kubelb-envtest-build", ".log");
        LOG.info("locating the real control plane with {} (first run builds it from Go modules: minutes)", script);
        Process p = new ProcessBuilder("bash", script.toString()).redirectError(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!p.waitFor(60, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            whyNot = "ci/envtest/build.sh did not finish within 60 minutes; log: " + log;
            return Optional.empty();
        }
        if (p.exitValue() != 0) {
            String tail = tail(log);
            whyNot = "ci/envtest/build.sh exited " + p.exitValue() + " (" + tail + "); log: " + log;
            return Optional.empty();
        }
        Files.deleteIfExists(log);
        String[] lines = out.split("\n");
        Path bin = Path.of(lines[lines.length - 1].strip());
        if (!Files.isExecutable(bin.resolve("kube-apiserver")) || !Files.isExecutable(bin.resolve("etcd"))) {
            whyNot = "ci/envtest/build.sh printed " + bin + ", which lacks kube-apiserver or etcd";
            return Optional.empty();
        }
        return Optional.of(bin);
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
