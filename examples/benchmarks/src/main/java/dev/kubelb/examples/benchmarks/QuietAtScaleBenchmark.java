package dev.kubelb.examples.benchmarks;

import dev.kubelb.api.AddressPool;
import dev.kubelb.api.ApplianceConfig;
import dev.kubelb.api.BgpAdvertisement;
import dev.kubelb.core.ApplyStrategy;
import dev.kubelb.core.KubeLb;
import dev.kubelb.core.testkit.EnvtestAssets;
import dev.kubelb.core.testkit.RealApiServer;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Quiet at scale (issue #13, item 7), on a real kube-apiserver: with the engine running, M Services that are
 * no request (headless ClusterIP and class-less LoadBalancer Services) are created, and every request the
 * engine's client sends meanwhile is counted (target: 0); then N load balancers of the engine's class are
 * served; then the engine is restarted and its rebuild timed (target: at most 2 s for 10,000). Heap is the
 * used heap after a full GC, before and after each phase. A benchmark main, never run by {@code mvn verify}:
 *
 * <pre>{@code
 * java -cp examples/benchmarks/target/benchmarks.jar dev.kubelb.examples.benchmarks.QuietAtScaleBenchmark [M] [N]
 * }</pre>
 * (defaults 50,000 and 10,000; run from the repository so that {@code ci/envtest/build.sh} is found).
 */
public final class QuietAtScaleBenchmark {
    private static final Logger LOG = LoggerFactory.getLogger(QuietAtScaleBenchmark.class);

    private QuietAtScaleBenchmark() {
    }

    /**
     * @param args optional M (non-request Services) and N (load balancers)
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        int m = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        RealApiServer server = RealApiServer.start(EnvtestAssets.locate().orElseThrow(() -> new IllegalStateException(
                "no real control plane: " + EnvtestAssets.whyUnavailable())), "QuietAtScaleBenchmark");
        ConcurrentLinkedQueue<String> engineRequests = new ConcurrentLinkedQueue<>();
        try (KubernetesClient admin = server.admin(); KubernetesClient engineClient = server.adminRecording(engineRequests)) {
            for (String ns : List.of("metallb-system", "other", "tenant")) {
                admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
                        .create();
            }
            admin.nodes().resource(new NodeBuilder().withNewMetadata().withName("node-1").endMetadata()
                    .withNewStatus().addNewAddress().withType("InternalIP").withAddress("192.0.2.11").endAddress()
                    .endStatus().build()).create();
            ApplianceConfig config = ApplianceConfig.builder()
                    .pool(AddressPool.builder("bench").addresses("10.20.0.0/16").build())
                    .advertisement(BgpAdvertisement.builder("bench").pools("bench").build()).build();
            long heap0 = heap();
            KubeLb engine = engine(engineClient, config).start();
            engine.awaitIdle(Duration.ofSeconds(30));
            int before = engineRequests.size();
            long t0 = System.nanoTime();
            create(admin, m, i -> i % 10 == 0
                    ? service("other", "classless-" + i, "LoadBalancer", null)      // MetalLB's, not ours
                    : new ServiceBuilder(service("other", "headless-" + i, "ClusterIP", null)).editSpec()
                            .withClusterIP("None").endSpec().build());
            double createM = (System.nanoTime() - t0) / 1e9;
            engine.awaitIdle(Duration.ofSeconds(60));
            List<String> caused = new ArrayList<>(engineRequests).subList(before, engineRequests.size());
            long heapM = heap();

            t0 = System.nanoTime();
            create(admin, n, i -> service("tenant", "lb-" + i, "LoadBalancer", KubeLb.DEFAULT_CLASS));
            long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
            while (engine.snapshot().map(s -> s.pool("bench").orElseThrow().used().longValue()).orElse(0L) < n
                    && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            engine.awaitIdle(Duration.ofMinutes(5));
            double serveN = (System.nanoTime() - t0) / 1e9;
            long heapN = heap();
            engine.close();

            t0 = System.nanoTime();
            try (KubeLb again = engine(engineClient, config).start()) {
                double rebuild = (System.nanoTime() - t0) / 1e9;
                long restored = again.snapshot().map(s -> s.pool("bench").orElseThrow().used().longValue()).orElse(0L);
                report(m, n, caused, createM, serveN, rebuild, restored, heap0, heapM, heapN);
            }
        } finally {
            server.close();
        }
    }

    private static KubeLb engine(KubernetesClient client, ApplianceConfig config) {
        return KubeLb.builder().client(client).provider("metallb").configuration(config)
                .applyStrategy(ApplyStrategy.serverSideApply()).workers(4).build();
    }

    private static Service service(String ns, String name, String type, String cls) {
        return new ServiceBuilder().withNewMetadata().withName(name).withNamespace(ns).endMetadata()
                .withNewSpec().withType(type).withLoadBalancerClass(cls)
                // no NodePorts: a real server holds 2,768 of them; the count of Services is what is measured here
                .withAllocateLoadBalancerNodePorts("LoadBalancer".equals(type) ? false : null)
                .addNewPort().withName("http").withProtocol("TCP").withPort(80).endPort().endSpec().build();
    }

    private static void create(KubernetesClient client, int count, IntFunction<Service> make) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                Service s = make.apply(i);
                done.add(pool.submit(() -> client.resource(s).create()));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    private static long heap() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static void report(int m, int n, List<String> caused, double createM, double serveN, double rebuild,
            long restored, long heap0, long heapM, long heapN) {
        LOG.info("non-request Services: {} created in {} s; requests the engine sent meanwhile: {} {}", m,
                String.format("%.1f", createM), caused.size(), caused.stream().limit(5).toList());
        LOG.info("heap: {} MiB at start, {} MiB with {} non-request Services ({} bytes each), {} MiB with {} load"
                + " balancers", heap0 >> 20, heapM >> 20, m, m == 0 ? 0 : (heapM - heap0) / m, heapN >> 20, n);
        LOG.info("{} load balancers served in {} s; rebuild after a restart: {} s, {} allocations restored", n,
                String.format("%.1f", serveN), String.format("%.2f", rebuild), restored);
    }
}
