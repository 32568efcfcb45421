package dev.kubelb.examples.benchmarks;

import dev.kubelb.core.ApplyStrategy;
import dev.kubelb.core.KubeLb;
import dev.kubelb.core.ServiceBackends;
import dev.kubelb.core.testkit.BgpLab;
import dev.kubelb.core.testkit.Clusters;
import dev.kubelb.core.testkit.EnvtestAssets;
import dev.kubelb.core.testkit.FrrNode;
import dev.kubelb.core.testkit.MetalLbProcesses;
import dev.kubelb.core.testkit.RealApiServer;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Time to route with real MetalLB (its controller and speaker as processes, {@link MetalLbProcesses}), native or FRR
 * mode, BIRD the router (eBGP, in its own network namespace; in FRR mode the node's end of the link is in the node's
 * FRR namespace). Two paths are timed, alternately, from the create call to the /32 in BIRD's table:
 * <ul>
 *   <li><b>MetalLB alone</b>, the floor: a class-less Service MetalLB serves itself from pool {@code direct}, its
 *       EndpointSlice (one ready endpoint on the speaker's node) written first;</li>
 *   <li><b>through kubelb</b>: a tenant Service of the engine's class; the engine allocates from pool {@code bench},
 *       writes its own Service (pinned address, node-port back ends on the speaker's node), MetalLB's controller
 *       assigns, the speaker announces, the address flows back to the tenant's status.</li>
 * </ul>
 * In FRR mode MetalLB's speaker waits 3 s after a change before it reloads FRR ({@code internal/bgp/frr/config.go
 * debouncer}, 3 s by default): both paths carry it. Withdrawals are timed the same way.
 */
final class MetalLbTimeToRoute {
    private static final Logger LOG = LoggerFactory.getLogger(MetalLbTimeToRoute.class);
    private static final String CLASS = "kubelb.dev/l4";
    private static final String TENANT = "tenant-a";
    private static final String DIRECT = "direct";

    private MetalLbTimeToRoute() {
    }

    static void run(int n, MetalLbProcesses.Mode mode) throws Exception {
        String name = mode.name().toLowerCase(Locale.ROOT);
        try (RealApiServer real = RealApiServer.start(EnvtestAssets.locate().orElseThrow(() ->
                new IllegalStateException("no real control plane: " + EnvtestAssets.whyUnavailable())),
                "TimeToRouteBenchmark-metallb-" + name);
                FrrNode frr = mode == MetalLbProcesses.Mode.FRR ? FrrNode.start(real.logs().resolve("frr")) : null;
                BgpLab bird = router(real, frr)) {
            KubernetesClient client = real.admin();
            for (String ns : List.of(MetalLbProcesses.NAMESPACE, TENANT, DIRECT, "kubelb-system")) {
                real.ensureNamespace(ns);
            }
            MetalLbProcesses.start(real, mode, "node-1", bird.hostAddress(), true, Optional.ofNullable(frr));
            try (KubeLb lb = KubeLb.builder().client(client).provider("metallb")
                    .configurationObjects(client.load(new ByteArrayInputStream(config(bird)
                            .getBytes(StandardCharsets.UTF_8))).items())
                    .providerOption("metallb.bgpType", name).loadBalancerClass(CLASS)
                    .applyStrategy(ApplyStrategy.serverSideApply()).serviceBackends(ServiceBackends.NODE_PORTS)
                    .build().start()) {
                // MetalLB's first configuration and the session to BIRD: not timed
                long first = TimeToRouteBenchmark.announce(client, bird, direct(client, "first", 999));
                List<Long> alone = new ArrayList<>();
                List<Long> engine = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    alone.add(TimeToRouteBenchmark.announce(client, bird, direct(client, "svc-" + i, 1000 + i)));
                    engine.add(TimeToRouteBenchmark.announce(client, bird, tenant("svc-" + i, 2000 + i)));
                }
                List<Long> aloneGone = new ArrayList<>();
                List<Long> engineGone = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    aloneGone.add(TimeToRouteBenchmark.withdraw(client, bird, DIRECT, "svc-" + i));
                    engineGone.add(TimeToRouteBenchmark.withdraw(client, bird, TENANT, "svc-" + i));
                }
                LOG.info("time to route, MetalLB {} mode, Service created -> /32 at BIRD: first (session and "
                        + "first configuration) {} ms; {} Services each path", name, first, n);
                report("announce", "MetalLB alone", alone, "through kubelb", engine);
                report("withdraw", "MetalLB alone", aloneGone, "through kubelb", engineGone);
            }
        }
    }

    private static BgpLab router(RealApiServer real, FrrNode frr) {
        BgpLab.Builder b = BgpLab.builder(BgpLab.Router.BIRD, 64501, 64500, real.logs().resolve("bird"));
        return (frr == null ? b : b.hostNetns(frr.netns())).start();
    }

    private static void report(String what, String floorName, List<Long> floor, String oursName, List<Long> ours) {
        long f = TimeToRouteBenchmark.pct(floor, 50);
        long o = TimeToRouteBenchmark.pct(ours, 50);
        LOG.info("{}: {} median {} ms (p90 {}, max {}); {} median {} ms (p90 {}, max {}); kubelb adds {} ms at the "
                + "median, {} the floor", what, floorName, f, TimeToRouteBenchmark.pct(floor, 90),
                TimeToRouteBenchmark.pct(floor, 100), oursName, o, TimeToRouteBenchmark.pct(ours, 90),
                TimeToRouteBenchmark.pct(ours, 100), o - f, String.format(Locale.ROOT, "%.2fx", (double) o / f));
    }

    /** The pools (not auto-assigned), the peer, one advertisement with a community. */
    private static String config(BgpLab bird) {
        StringBuilder y = new StringBuilder();
        for (String[] pool : new String[][] {{"bench", "10.10.250.0/24"}, {"direct", "10.10.251.0/24"}}) {
            y.append("---\napiVersion: metallb.io/v1beta1\nkind: IPAddressPool\nmetadata:\n  name: ").append(pool[0])
                    .append("\n  namespace: metallb-system\nspec:\n  autoAssign: false\n  addresses:\n  - ")
                    .append(pool[1]).append('\n');
        }
        return y + "---\napiVersion: metallb.io/v1beta2\nkind: BGPPeer\nmetadata:\n  name: bird\n"
                + "  namespace: metallb-system\nspec:\n  myASN: 64500\n  peerASN: 64501\n  peerAddress: "
                + bird.routerAddress() + "\n  holdTime: 3s\n" // keepaliveTime, connectTime: FRR-only (native refuses)
                + "---\napiVersion: metallb.io/v1beta1\nkind: BGPAdvertisement\nmetadata:\n  name: bench\n"
                + "  namespace: metallb-system\nspec:\n  ipAddressPools:\n  - bench\n  - direct\n  communities:\n"
                + "  - 64512:100\n";
    }

    /** A tenant Service of the engine's class, from pool bench. */
    private static Service tenant(String name, int port) {
        return new ServiceBuilder(Clusters.tenantService(TENANT, name, port)).editSpec().withLoadBalancerClass(CLASS)
                .endSpec().editMetadata().addToAnnotations("metallb.io/address-pool", "bench").endMetadata().build();
    }

    /** A Service MetalLB serves itself, from pool direct; its EndpointSlice (a ready pod on node-1) is created. */
    private static Service direct(KubernetesClient client, String name, int port) {
        client.discovery().v1().endpointSlices().resource(Clusters.podSlice(DIRECT, name, 8080,
                Map.of("10.244.1." + (port % 250 + 1), "node-1"))).create();
        return new ServiceBuilder(Clusters.tenantService(DIRECT, name, port)).editSpec().withLoadBalancerClass(null)
                .endSpec().editMetadata().addToAnnotations("metallb.io/address-pool", "direct").endMetadata().build();
    }
}
