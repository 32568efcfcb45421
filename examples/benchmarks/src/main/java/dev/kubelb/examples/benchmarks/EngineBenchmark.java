package dev.kubelb.examples.benchmarks;

import dev.kubelb.api.AddressPool;
import dev.kubelb.api.ApplianceConfig;
import dev.kubelb.api.BgpAdvertisement;
import dev.kubelb.core.ApplyStrategy;
import dev.kubelb.core.KubeLb;
import dev.kubelb.core.SimulatedAppliance;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.List;
import java.time.Duration;
import java.util.Locale;

/**
 * The engine's API-call budget at scale: reconciles N load balancers against the fabric8 mock server
 * (CRUD mode) and reports the time as a ratio to creating N plain Services with the same client in the
 * same run. A benchmark main, never run by {@code mvn verify}:
 *
 * <pre>{@code
 * java -cp examples/benchmarks/target/benchmarks.jar dev.kubelb.examples.benchmarks.EngineBenchmark [N] [workers]
 * }</pre>
 */
public final class EngineBenchmark {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(EngineBenchmark.class);
    /** Held strongly: java.util.logging forgets the level of a logger nobody references. */
    private static final java.util.logging.Logger MOCK_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    private EngineBenchmark() {
    }

    /**
     * @param args optional N (default 1000) and worker count (default 4)
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int workers = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        // the mock server logs every request at INFO through java.util.logging: silence it for both phases
        MOCK_LOG.setLevel(Boolean.getBoolean("bench.trace") ? java.util.logging.Level.INFO : java.util.logging.Level.WARNING);
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(List.of()), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        try (KubernetesClient client = server.createClient()) {
            for (String ns : new String[] {"warmup", "plain", "tenant-a"}) {
                client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata()
                        .build()).create();
            }
            // warm up the client and the server (JIT, connections), then leave the store as it was: the mock
            // server's cost per request grows with the number of objects it holds, so both measured phases
            // start from the same store
            create(client, "warmup", 200, "ClusterIP");
            client.services().inNamespace("warmup").delete();

            long t0 = System.nanoTime();
            create(client, "plain", n, "ClusterIP");
            long plain = System.nanoTime() - t0;
            client.services().inNamespace("plain").delete();

            ApplianceConfig config = ApplianceConfig.builder()
                    .pool(AddressPool.builder("bench").addresses("10.20.0.0/16").build())
                    .advertisement(BgpAdvertisement.builder("bench").pools("bench").build())
                    .build();
            Set<String> served = ConcurrentHashMap.newKeySet();
            CountDownLatch allServed = new CountDownLatch(1);
            try (SimulatedAppliance simulated = SimulatedAppliance.start(client);
                    KubeLb lb = KubeLb.builder().client(client).provider("metallb").configuration(config)
                            .applyStrategy(ApplyStrategy.createOrUpdate()).workers(workers).build().start();
                    Watch watch = client.services().inNamespace("tenant-a").watch(new Watcher<>() {
                        @Override
                        public void eventReceived(Action action, Service s) {
                            if (!s.getMetadata().getName().startsWith("kubelb-") && s.getStatus() != null
                                    && s.getStatus().getLoadBalancer() != null
                                    && s.getStatus().getLoadBalancer().getIngress() != null
                                    && !s.getStatus().getLoadBalancer().getIngress().isEmpty()
                                    && served.add(s.getMetadata().getName()) && served.size() == n) {
                                allServed.countDown();
                            }
                        }

                        @Override
                        public void onClose(WatcherException cause) {
                            // closed at the end of the run
                        }
                    })) {
                lb.awaitIdle(Duration.ofSeconds(30));
                drain(server);
                long t1 = System.nanoTime();
                create(client, "tenant-a", n, "LoadBalancer");
                if (!allServed.await(10, TimeUnit.MINUTES)) {
                    throw new IllegalStateException("only " + served.size() + " of " + n + " served");
                }
                long engine = System.nanoTime() - t1;
                LOG.info(String.format(Locale.ROOT, "plain Services: %d created in %.2f s (%.0f/s)", n, plain / 1e9,
                        n / (plain / 1e9)));
                LOG.info(String.format(Locale.ROOT, "load balancers: %d created and served in %.2f s (%.0f/s), %d workers",
                        n, engine / 1e9, n / (engine / 1e9), workers));
                LOG.info(String.format(Locale.ROOT, "ratio: %.2fx (target <= 1.5x)", (double) engine / plain));
                lb.awaitIdle(Duration.ofSeconds(30));
                Map<String, Integer> counts = drain(server);
                LOG.info("requests the API server received during the load-balancer phase (all clients: the benchmark,"
                        + " the engine, the simulated appliance):");
                counts.forEach((k, v) -> LOG.info(String.format(Locale.ROOT, "  %6d  %s", v, k)));
            }
        } finally {
            server.destroy();
        }
    }

    private static Map<String, Integer> drain(KubernetesMockServer server) throws InterruptedException {
        Map<String, Integer> counts = new java.util.TreeMap<>();
        io.fabric8.mockwebserver.http.RecordedRequest r;
        while ((r = server.takeRequest(100, TimeUnit.MILLISECONDS)) != null) {
            String path = r.getPath().replaceAll("\\?.*", "").replaceAll("/svc-[0-9]+", "/svc-N")
                    .replaceAll("/kubelb-svc-[0-9]+(-ipv4)?", "/kubelb-svc-N$1")
                    .replaceAll("/events/.*", "/events/N");
            counts.merge(r.getMethod() + " " + path, 1, Integer::sum);
        }
        return counts;
    }

    private static void create(KubernetesClient client, String ns, int n, String type) {
        for (int i = 0; i < n; i++) {
            Service s = new ServiceBuilder().withNewMetadata().withName("svc-" + i).withNamespace(ns).endMetadata()
                    .withNewSpec().withType(type).addNewPort().withName("http").withProtocol("TCP").withPort(80)
                    .withNodePort(type.equals("LoadBalancer") ? 30000 + (i % 2000) : null).endPort().endSpec().build();
            client.services().resource(s).create();
        }
    }
}
