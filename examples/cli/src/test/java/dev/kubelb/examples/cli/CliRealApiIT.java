package dev.kubelb.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelb.core.testkit.RealApi;
import dev.kubelb.core.testkit.RealApiServer;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18 items 2, 3 and 5 against a real kube-apiserver (with MetalLB's CRDs), through the shaded jar: diff is
 * the API server's own dry-run server-side apply shown field by field and writes nothing; an unauthorised
 * identity fails at once naming the server and (403) the verb and resource refused, (401) the credentials; a
 * wrong certificate authority is a TLS failure; {@code --context} picks a context; the real kubectl takes
 * {@code plan -o manifests}.
 */
@RealApi(namespaces = {"metallb-system", "tenant-a", "tenant-b", "tenant-c"})
class CliRealApiIT {
    static RealApiServer real;
    static KubernetesClient admin;

    @TempDir
    Path dir;

    private Jar j;

    @BeforeEach
    void setUp() throws Exception {
        j = new Jar(dir);
        Files.writeString(dir.resolve("seed.yaml"), DemoCommand.manifests());
    }

    private String kubeconfig(String name, String server, String token, boolean withCa) throws Exception {
        Config admin = CliRealApiIT.admin.getConfiguration();
        String kc = "apiVersion: v1\nkind: Config\nclusters:\n- name: " + name + "\n  cluster:\n    server: " + server
                + (withCa ? "\n    certificate-authority-data: " + admin.getCaCertData() : "")
                + "\nusers:\n- name: " + name + "\n  user:\n    token: " + token
                + "\ncontexts:\n- name: " + name + "\n  context:\n    cluster: " + name + "\n    user: " + name
                + "\ncurrent-context: " + name + "\n";
        Path p = dir.resolve(name + ".kubeconfig");
        Files.writeString(p, kc);
        return p.toString();
    }

    private String adminKubeconfig() throws Exception {
        return kubeconfig("real", real.url(), admin.getConfiguration().getOauthToken(), true);
    }

    @Test
    void diffIsTheServersDryRunApplyFieldByFieldAndWritesNothing() throws Exception {
        String kc = adminKubeconfig();
        j.run("apply", "-f", "seed.yaml", "-q", "--kubeconfig", kc).assertExit(0);
        Jar.Proc same = j.run("diff", "-f", "seed.yaml", "-q", "--kubeconfig", kc).assertExit(0);
        assertThat(same.out()).endsWith("CHANGES: 0 to create, 0 to update, 0 to delete, 7 unchanged\n");

        String narrower = DemoCommand.manifests().replace("10.10.255.250", "10.10.255.240")
                .replace("port: 443, nodePort: 30443", "port: 8443, nodePort: 30443");
        assertThat(narrower).contains("port: 8443");
        Files.writeString(dir.resolve("narrower.yaml"), narrower);
        Jar.Proc d = j.run("diff", "-f", "narrower.yaml", "-q", "--kubeconfig", kc);
        assertThat(d.exit()).as(d.err()).isEqualTo(ExitCodes.DIFFERENCES);
        assertThat(d.out()).contains("--- live/IPAddressPool/metallb-system/extern\n"
                        + "+++ merged/IPAddressPool/metallb-system/extern\n@@ ")
                .contains("\n-  - \"10.10.255.200-10.10.255.250\"\n+  - \"10.10.255.200-10.10.255.240\"\n")
                .endsWith("to delete, 5 unchanged\n");
        // the tenant's port moved: the managed Service's port, as the server would merge it into the live object
        assertThat(d.out()).containsPattern("\\+\\+\\+ merged/Service/tenant-a/kubelb-web\n@@ [^\n]+\n(( |-|\\+)[^\n]*\n)*"
                + "-    port: 443\n(( |-|\\+)[^\n]*\n)*\\+    port: 8443\n");
        // the server's defaults (clusterIP, ipFamilies, sessionAffinity…) are on both sides: no spurious change
        assertThat(d.out()).doesNotContain("clusterIP").doesNotContain("managedFields").doesNotContain("resourceVersion");
        GenericKubernetesResource pool = admin.genericKubernetesResources("metallb.io/v1beta1", "IPAddressPool")
                .inNamespace("metallb-system").withName("extern").get();
        assertThat(pool.getAdditionalProperties().get("spec").toString()).contains("10.10.255.200-10.10.255.250");
    }

    @Test
    void forbiddenNamesTheServerVerbAndResourceWithinSeconds() throws Exception {
        String token = real.clientAs("tenant-a", "nobody").getConfiguration().getOauthToken();
        String kc = kubeconfig("nobody", real.url(), token, true);
        Jar.Proc p = j.run("status", "-q", "--kubeconfig", kc, "--provider", "metallb");
        assertThat(p.exit()).isEqualTo(ExitCodes.CLUSTER);
        assertThat(p.out()).isEmpty();
        // the first thing the engine reads is refused: the API server's own words name the verb and the resource
        assertThat(p.err()).matches("kubelb: cluster " + java.util.regex.Pattern.quote(real.url()) + "/: 403 Forbidden: "
                + "[a-z.]+ is forbidden: User \"system:serviceaccount:tenant-a:nobody\" cannot list resource "
                + "\"[a-z]+\" in API group \"[a-z.]*\" at the cluster scope; ask for RBAC allowing it \\(see deploy/ "
                + "for the verbs kubelb needs\\)\n");
        assertThat(p.millis()).isLessThan(10_000);
        Jar.Proc apply = j.run("apply", "-f", "seed.yaml", "-q", "--kubeconfig", kc);
        assertThat(apply.exit()).isEqualTo(ExitCodes.CLUSTER);
        assertThat(apply.err()).startsWith("kubelb: cluster " + real.url() + "/: 403 Forbidden: ")
                .contains("User \"system:serviceaccount:tenant-a:nobody\" cannot ");
    }

    @Test
    void unauthorisedAndTlsFailuresNameTheServerAndCause() throws Exception {
        Jar.Proc p = j.run("status", "-q", "--kubeconfig", kubeconfig("bad-token", real.url(), "not-a-token", true));
        assertThat(p.exit()).isEqualTo(ExitCodes.CLUSTER);
        assertThat(p.err()).isEqualTo("kubelb: cluster " + real.url() + "/: 401 Unauthorized: the server did not accept "
                + "the credentials (expired or revoked token, wrong client certificate?)\n");
        assertThat(p.millis()).isLessThan(10_000);
        Jar.Proc tls = j.run("status", "-q", "--kubeconfig", kubeconfig("no-ca", real.url(),
                admin.getConfiguration().getOauthToken(), false));
        assertThat(tls.exit()).isEqualTo(ExitCodes.CLUSTER);
        assertThat(tls.err()).startsWith("kubelb: cluster " + real.url() + "/: TLS handshake failed: ")
                .endsWith("(wrong certificate-authority-data, or not a TLS endpoint?)\n");
    }

    @Test
    void contextPicksTheClusterLikeKubectl() throws Exception {
        String kc = adminKubeconfig();
        String text = Files.readString(Path.of(kc));
        // a second context, current, pointing nowhere: --context real must be used
        String both = text.replace("current-context: real\n", "")
                .replace("clusters:\n", "clusters:\n- name: dead\n  cluster:\n    server: https://127.0.0.1:1\n")
                .replace("contexts:\n", "contexts:\n- name: dead\n  context:\n    cluster: dead\n    user: real\n")
                + "current-context: dead\n";
        Path p = dir.resolve("two.kubeconfig");
        Files.writeString(p, both);
        assertThat(j.run("pools", "-q", "--kubeconfig", p.toString(), "--provider", "metallb").exit())
                .isEqualTo(ExitCodes.CLUSTER);
        Jar.Proc ok = j.run("pools", "-q", "--kubeconfig", p.toString(), "--context", "real", "--provider", "metallb",
                "-o", "json").assertExit(0);
        assertThat(Cli.JSON.readTree(ok.out()).get("cluster").asString()).isEqualTo(real.url() + "/");
        Jar.Proc unknown = j.run("pools", "-q", "--kubeconfig", p.toString(), "--context", "prod");
        assertThat(unknown.exit()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(unknown.err()).isEqualTo("kubelb: kubeconfig " + p + ": no context named 'prod' (contexts: dead, "
                + "real)\n");
    }

    @Test
    void kubectlApplyTakesPlanManifests() throws Exception {
        j.path(Kubectl.folder());
        j.env.put("KUBECONFIG", adminKubeconfig());
        Jar.Proc p = j.sh("kubelb plan -f seed.yaml -o manifests | kubectl apply --dry-run=server -f -").assertExit(0);
        assertThat(p.out().lines().toList()).containsExactlyInAnyOrderElementsOf(List.of(
                "ipaddresspool.metallb.io/extern " + verb(p.out(), "ipaddresspool.metallb.io/extern"),
                "bgppeer.metallb.io/router-a " + verb(p.out(), "bgppeer.metallb.io/router-a"),
                "bgpadvertisement.metallb.io/extern " + verb(p.out(), "bgpadvertisement.metallb.io/extern"),
                "service/kubelb-web " + verb(p.out(), "service/kubelb-web"),
                "service/kubelb-api " + verb(p.out(), "service/kubelb-api"),
                "service/kubelb-dns-tcp " + verb(p.out(), "service/kubelb-dns-tcp"),
                "service/kubelb-dns-udp " + verb(p.out(), "service/kubelb-dns-udp")));
        assertThat(p.out()).contains("(server dry run)");
    }

    /** @return kubectl's verb for the object (created / configured / unchanged, with "(server dry run)") */
    private static String verb(String out, String name) {
        return out.lines().filter(l -> l.startsWith(name + " ")).findFirst().map(l -> l.substring(name.length() + 1))
                .filter(v -> v.matches("(created|configured|unchanged)( \\(server dry run\\))?")).orElse("<missing>");
    }
}
