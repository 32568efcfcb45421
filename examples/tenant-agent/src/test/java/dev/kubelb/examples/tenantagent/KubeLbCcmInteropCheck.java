package dev.kubelb.examples.tenantagent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelb.core.KubeLb;
import dev.kubelb.core.SimulatedAppliance;
import dev.kubelb.core.crd.KubeLbAddresses;
import dev.kubelb.core.crd.KubeLbLoadBalancer;
import dev.kubelb.core.testkit.Clusters;
import dev.kubelb.core.testkit.RealApi;
import dev.kubelb.core.testkit.RealApiServer;
import dev.kubelb.core.testkit.SecondCluster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real KubeLB CCM ({@code cmd/ccm} of kubermatic/kubelb@80d164b, given as {@code KUBELB_CCM}) in
 * front of our manager: it runs against the tenant API server with a kubeconfig of the management API server
 * (its {@code --kubelb-kubeconfig}), exactly as deployed beside a tenant cluster, and our engine serves what it
 * writes. The tenant Service gets the seed's {@code 10.10.255.200}; deleted, it is released everywhere.
 *
 * <p>Not run by {@code mvn verify} (its name matches neither {@code *Test} nor {@code *IT}): KubeLB's module is not
 * served by the Go module proxy (403), so CI cannot build the CCM from permitted sources, and this repository holds
 * no recipe that builds a fetched program. Run it by hand with a CCM built from KubeLB's source at that commit:
 * {@code KUBELB_CCM=/path/to/ccm mvn -pl examples/tenant-agent verify -Dit.test=KubeLbCcmInteropCheck -Dtest=none
 * -Dsurefire.failIfNoSpecifiedTests=false}. Without {@code KUBELB_CCM} it is skipped, loudly.
 */
@RealApi(namespaces = {"metallb-system", "tenant-t"})
class KubeLbCcmInteropCheck {
    private static final Logger LOG = LoggerFactory.getLogger(KubeLbCcmInteropCheck.class);
    static RealApiServer real;
    static SecondCluster tenantCluster;
    static Path ccm;

    @BeforeAll
    static void ccmAndTenantCluster() throws Exception {
        ccm = locateCcm();
        tenantCluster = SecondCluster.likeTheFirst("KubeLbCcmInteropCheck-tenant");
        for (io.fabric8.kubernetes.api.model.HasMetadata crd : HubAndSpoke.parse(HubAndSpoke.resource("kubelb-l7-standins.yaml"))) {
            real.admin().resource(crd).create();
            real.admin().apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName())
                    .waitUntilCondition(c -> c != null && c.getStatus() != null && c.getStatus().getConditions() != null
                            && c.getStatus().getConditions().stream().anyMatch(x -> "Established".equals(x.getType())
                                    && "True".equals(x.getStatus())), 60, TimeUnit.SECONDS);
        }
    }

    @AfterAll
    static void stop() {
        if (tenantCluster != null) {
            tenantCluster.close();
        }
    }

    static Path locateCcm() {
        String given = System.getenv("KUBELB_CCM");
        if (given != null && Files.isExecutable(Path.of(given))) {
            return Path.of(given);
        }
        String why = "no KubeLB CCM binary (set KUBELB_CCM to cmd/ccm built from kubermatic/kubelb@80d164b)";
        LOG.warn("!!! SKIPPED {}", why);
        throw new TestAbortedException(why);
    }

    @Test
    void theRealKubeLbCcmIsServedByOurManager() throws Exception {
        RealApiServer tenantServer = tenantCluster.real().orElseThrow();
        var tenant = tenantCluster.admin();
        HubAndSpoke.namespaces(tenant, "apps");
        HubAndSpoke.node(tenant, "tenant-node-1", "198.51.100.11");
        HubAndSpoke.node(tenant, "tenant-node-2", "198.51.100.12");
        try (SimulatedAppliance appliance = SimulatedAppliance.start(real.admin());
                KubeLb manager = HubAndSpoke.manager(real.admin())) {
            Path tenantKc = tenantServer.writeKubeconfig(Files.createTempFile("tenant", ".kubeconfig"));
            Path mgmtKc = real.writeKubeconfig(Files.createTempFile("management", ".kubeconfig"));
            Process ccmProcess = tenantServer.startBeside("kubelb-ccm", List.of(ccm.toString(),
                    "--kubeconfig", tenantKc.toString(), "--kubelb-kubeconfig", mgmtKc.toString(),
                    "--cluster-name", "t", "--enable-leader-election=false", "--use-loadbalancer-class=true",
                    "--disable-ingress-controller=true", "--metrics-addr=0", "--health-probe-bind-address=0",
                    "--node-address-type=ExternalIP"));
            try {
                // the CCM's node controller writes the shared Addresses
                Clusters.await(() -> addresses().equals(List.of("198.51.100.11", "198.51.100.12")),
                        "the CCM's Addresses (log: " + tenantServer.logs().resolve("kubelb-ccm.log") + ")", Duration.ofSeconds(90));
                tenant.services().resource(HubAndSpoke.service("web", 80)).create();
                Clusters.await(() -> "10.10.255.200".equals(HubAndSpoke.ingressIp(tenant, "web")),
                        "the tenant Service shows the address our manager assigned", Duration.ofSeconds(90));
                KubeLbLoadBalancer lb = real.admin().resources(KubeLbLoadBalancer.class).inNamespace("tenant-t").list()
                        .getItems().get(0);
                assertThat(lb.getMetadata().getName()).isEqualTo(tenant.services().inNamespace("apps").withName("web").get()
                        .getMetadata().getUid());
                assertThat(lb.getSpec().endpoints.get(0).addressesReference.name).isEqualTo("default");
                assertThat(tenant.services().inNamespace("apps").withName("web").get().getMetadata().getFinalizers())
                        .contains("kubelb.k8c.io/cleanup");

                tenant.services().inNamespace("apps").withName("web").delete();
                Clusters.await(() -> tenant.services().inNamespace("apps").withName("web").get() == null
                        && real.admin().resources(KubeLbLoadBalancer.class).inNamespace("tenant-t").list().getItems().isEmpty(),
                        "deleted in both clusters", Duration.ofSeconds(90));
                Clusters.await(() -> manager.allocator().orElseThrow().allocations().isEmpty(), "released",
                        Duration.ofSeconds(30));
            } finally {
                ccmProcess.destroy();
                ccmProcess.waitFor(10, TimeUnit.SECONDS);
                Files.deleteIfExists(tenantKc);
                Files.deleteIfExists(mgmtKc);
            }
        }
    }

    static List<String> addresses() {
        KubeLbAddresses a = real.admin().resources(KubeLbAddresses.class).inNamespace("tenant-t").withName("default").get();
        return a == null ? List.of() : a.getSpec().addresses.stream().map(x -> x.ip).toList();
    }
}
