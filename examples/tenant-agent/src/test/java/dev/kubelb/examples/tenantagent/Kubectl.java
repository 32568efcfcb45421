package dev.kubelb.examples.tenantagent;

import dev.kubelb.core.testkit.RealApiServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** kubectl against a real test server, and where {@code deploy/tenant-agent} is. */
final class Kubectl {
    private Kubectl() {
    }

    static Path deploy() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("deploy/tenant-agent/management/kustomization.yaml"))) {
                return d.resolve("deploy/tenant-agent");
            }
        }
        throw new IllegalStateException("deploy/tenant-agent not found above " + Path.of("").toAbsolutePath());
    }

    /** @return kubectl's output; fails unless it exits 0 */
    static String run(RealApiServer server, String... args) throws IOException, InterruptedException {
        Path kubeconfig = server.writeKubeconfig(Files.createTempFile("kubeconfig", ".yaml"));
        try {
            List<String> cmd = new ArrayList<>(List.of(server.assets().kubectl().orElseThrow().toString(),
                    "--kubeconfig", kubeconfig.toString()));
            cmd.addAll(List.of(args));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("kubectl " + String.join(" ", args) + ": " + out);
            }
            return out;
        } finally {
            Files.deleteIfExists(kubeconfig);
        }
    }
}
