package dev.kubelb.examples.benchmarks;

import dev.kubelb.core.ApplyStrategy;
import dev.kubelb.core.KubeLb;
import dev.kubelb.core.testkit.BgpLab;
import dev.kubelb.core.testkit.Clusters;
import dev.kubelb.core.testkit.EnvtestAssets;
import dev.kubelb.core.testkit.FrrNode;
import dev.kubelb.core.testkit.MetalLbProcesses;
import dev.kubelb.core.testkit.RealApiServer;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Time to route: a tenant Service created on a real kube-apiserver until its /32 is in a real router's table.
 *
 * <p>{@code speaker=frr} (the default), provider-frr (examples/provider-frr): a tenant Service created on a real kube-apiserver, our
 * engine allocates and renders, the provider's speaker reloads a real FRR bgpd (zebra + bgpd in a network
 * namespace standing for the bare-metal host), BIRD in another namespace receives the /32. Measured per Service from
 * the create call to the route in BIRD's table ({@code birdc show route}, polled every 10 ms), then the same for
 * the withdrawal from the delete call. Timing starts once bgpd runs the speaker's first configuration (applied by
 * frr-reload.py at start) and its session to BIRD is up; the first Service is reported apart. A benchmark main, never run by {@code mvn verify}. Needs root, Debian's frr, frr-pythontools and
 * bird2.
 *
 * <p>{@code speaker=metallb-native} and {@code speaker=metallb-frr}: real MetalLB (controller and speaker, built by
 * {@code ci/envtest/build.sh}) serves the engine's Services; see {@link MetalLbTimeToRoute}, which also measures
 * MetalLB alone, the floor. From the repository root:
 *
 * <pre>{@code
 * mvn -B -q -pl examples/benchmarks -am package -DskipTests
 * sudo nice -n 10 java -cp examples/benchmarks/target/benchmarks.jar \
 *     dev.kubelb.examples.benchmarks.TimeToRouteBenchmark [services=20] [speaker=frr|metallb-native|metallb-frr]
 * }</pre>
 */
public final class TimeToRouteBenchmark {
    private static final Logger LOG = LoggerFactory.getLogger(TimeToRouteBenchmark.class);
    private static final String NS = "tenant-a";

    private TimeToRouteBenchmark() {
    }

    /**
     * @param args optional number of Services, and the speaker
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        String speaker = args.length > 1 ? args[1] : "frr";
        switch (speaker) {
            case "frr" -> providerFrr(n);
            case "metallb-native" -> MetalLbTimeToRoute.run(n, MetalLbProcesses.Mode.NATIVE);
            case "metallb-frr" -> MetalLbTimeToRoute.run(n, MetalLbProcesses.Mode.FRR);
            default -> throw new IllegalArgumentException("speaker " + speaker
                    + ": expected frr, metallb-native or metallb-frr");
        }
    }

    private static void providerFrr(int n) throws Exception {
        try (RealApiServer real = RealApiServer.start(EnvtestAssets.locate().orElseThrow(() ->
                new IllegalStateException("no real control plane: " + EnvtestAssets.whyUnavailable())),
                "TimeToRouteBenchmark");
                FrrNode frr = FrrNode.start(real.logs().resolve("frr"));
                BgpLab bird = BgpLab.builder(BgpLab.Router.BIRD, 64501, 64500, real.logs().resolve("bird"))
                        .hostNetns(frr.netns()).start()) {
            KubernetesClient client = real.admin();
            Clusters.prepare(client, "192.0.2.10", "kubelb-system", NS);
            String speaker = "asn: 64500\npools:\n- {name: bench, addresses: [10.10.250.0/24]}\npeers:\n"
                    + "- {name: bird, address: " + bird.routerAddress() + ", asn: 64501, holdTime: 3, keepaliveTime: 1,"
                    + " connectTime: 1}\nadvertisements:\n- {name: bench, pools: [bench], communities: [\"64512:100\"]}\n";
            try (KubeLb lb = KubeLb.builder().client(client).provider("frr")
                    .providerOption("frr.vtySocket", frr.vtySocketDir().toString())
                    .providerOption("frr.configFile", real.logs().resolve("kubelb-frr.conf").toString())
                    .configurationObjects(List.of(new ConfigMapBuilder().withNewMetadata().withName("kubelb-frr")
                            .withNamespace("kubelb-system").endMetadata().addToData("speaker.yaml", speaker).build()))
                    .applyStrategy(ApplyStrategy.serverSideApply()).build().start()) {
                // the speaker's first configuration (frr-reload.py, while no Service exists) and the session: not timed
                await(() -> frr.establishedCounts().values().stream().anyMatch(c -> c > 0), "bgpd's session to BIRD");
                long first = announce(client, bird, Clusters.tenantService(NS, "first", 1000));
                List<Long> announce = new ArrayList<>();
                List<Long> withdraw = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    announce.add(announce(client, bird, Clusters.tenantService(NS, "svc-" + i, 1001 + i)));
                }
                for (int i = 0; i < n; i++) {
                    withdraw.add(withdraw(client, bird, NS, "svc-" + i));
                }
                LOG.info("time to route, provider-frr, Service created -> /32 at BIRD: first Service {} ms; next {} Services: median {} ms, p90 {} ms, max {} ms", first, n, pct(announce, 50),
                        pct(announce, 90), pct(announce, 100));
                LOG.info("time to withdraw, provider-frr, Service deleted -> /32 gone at BIRD: {} Services: median {} "
                        + "ms, p90 {} ms, max {} ms", n, pct(withdraw, 50), pct(withdraw, 90), pct(withdraw, 100));
                LOG.info("bgpd pid {} throughout", frr.bgpdPid());
            }
        }
    }

    /** Creates the Service; milliseconds until its first address is in its status and its /32 at the router. */
    static long announce(KubernetesClient client, BgpLab router, Service service) throws Exception {
        String ns = service.getMetadata().getNamespace();
        String name = service.getMetadata().getName();
        long t0 = System.nanoTime();
        client.services().resource(service).create();
        await(() -> {
            String ip = ingress(client, ns, name);
            return ip != null && router.prefixes().contains(ip + "/32");
        }, ns + "/" + name + "'s route at the router");
        return (System.nanoTime() - t0) / 1_000_000;
    }

    /** Deletes the Service; milliseconds until its /32 is gone from the router. */
    static long withdraw(KubernetesClient client, BgpLab router, String ns, String name) throws Exception {
        String ip = ingress(client, ns, name);
        long t0 = System.nanoTime();
        client.services().inNamespace(ns).withName(name).delete();
        await(() -> !router.prefixes().contains(ip + "/32"), ns + "/" + name + "'s route gone from the router");
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private static String ingress(KubernetesClient client, String ns, String name) {
        Service s = client.services().inNamespace(ns).withName(name).get();
        return s == null || s.getStatus() == null || s.getStatus().getLoadBalancer() == null
                || s.getStatus().getLoadBalancer().getIngress() == null
                || s.getStatus().getLoadBalancer().getIngress().isEmpty() ? null
                : s.getStatus().getLoadBalancer().getIngress().get(0).getIp();
    }

    static void await(BooleanSupplier done, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no " + what + " within 60 s");
            }
            Thread.sleep(10);
        }
    }

    /** The p-th percentile (nearest rank) of the values. */
    static long pct(List<Long> values, int p) {
        List<Long> sorted = values.stream().sorted().toList();
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }
}
