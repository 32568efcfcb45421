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
import java.util.HashMap;
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
        java.util.logging.Logger.getLogger("io.fabric8.mockwebserver").setLevel(java.util.logging.Level.WARNING);
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(List.of()), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        try (KubernetesClient client = server.createClient()) {
            for (String ns : new String[] {"warmup", "plain", "plain-watched", "tenant-a"}) {
                client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata()
                        .build()).create();
            }
            // warm up the client and the server (JIT, connections)
            create(client, "warmup", 200, "ClusterIP");

            long t0 = System.nanoTime();
            create(client, "plain", n, "ClusterIP");
            long plain = System.nanoTime() - t0;

            ApplianceConfig config = ApplianceConfig.builder()
                    .pool(AddressPool.builder("bench").addresses("10.20.0.0/16").build())
                    .advertisement(BgpAdvertisement.builder("bench").pools("bench").build())
                    .build();
            try (SimulatedAppliance simulated = SimulatedAppliance.start(client);
                    KubeLb lb = KubeLb.builder().client(client).provider("metallb").configuration(config)
                            .applyStrategy(ApplyStrategy.createOrUpdate()).workers(workers).build().start()) {
                lb.awaitIdle(Duration.ofSeconds(30));
                // the same plain Services again, now with the engine's and the appliance's watches open
                long t2 = System.nanoTime();
                create(client, "plain-watched", n, "ClusterIP");
                long plainWatched = System.nanoTime() - t2;
                lb.awaitIdle(Duration.ofSeconds(30));
                drain(server);
                long t1 = System.nanoTime();
                create(client, "tenant-a", n, "LoadBalancer");
                while (served(client) < n) {
                    Thread.sleep(250);
                }
                long engine = System.nanoTime() - t1;
                LOG.info(String.format(Locale.ROOT, "plain Services: %d created in %.2f s (%.0f/s)", n, plain / 1e9,
                        n / (plain / 1e9)));
                LOG.info(String.format(Locale.ROOT, "load balancers: %d created and served in %.2f s (%.0f/s), %d workers",
                        n, engine / 1e9, n / (engine / 1e9), workers));
                LOG.info(String.format(Locale.ROOT, "plain Services while the engine watches: %d created in %.2f s", n,
                        plainWatched / 1e9));
                LOG.info(String.format(Locale.ROOT, "ratio: %.2fx to plain creation before the engine started, %.2fx to"
                        + " plain creation while it runs (target <= 1.5x)", (double) engine / plain,
                        (double) engine / plainWatched));
                lb.awaitIdle(Duration.ofSeconds(30));
                java.util.Map<String, Integer> counts = drain(server);
                LOG.info("requests the API server received during the load-balancer phase (all clients: the benchmark,"
                        + " the engine, the simulated appliance; the benchmark's polling excluded):");
                counts.forEach((k, v) -> LOG.info(String.format(Locale.ROOT, "  %6d  %s", v, k)));
            }
        } finally {
            server.destroy();
        }
    }

    private static java.util.Map<String, Integer> drain(KubernetesMockServer server) throws InterruptedException {
        java.util.Map<String, Integer> counts = new java.util.TreeMap<>();
        io.fabric8.mockwebserver.http.RecordedRequest r;
        while ((r = server.takeRequest(100, java.util.concurrent.TimeUnit.MILLISECONDS)) != null) {
            String path = r.getPath().replaceAll("\\?.*", "").replaceAll("/svc-[0-9]+", "/svc-N")
                    .replaceAll("/kubelb-svc-[0-9]+(-ipv4)?", "/kubelb-svc-N$1")
                    .replaceAll("/events/.*", "/events/N");
            if (r.getMethod().equals("GET") && path.equals("/api/v1/namespaces/tenant-a/services")) {
                continue; // the benchmark's own polling
            }
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

    private static long served(KubernetesClient client) {
        return client.services().inNamespace("tenant-a").withoutLabel("app.kubernetes.io/managed-by")
                .list().getItems().stream()
                .filter(s -> !s.getMetadata().getName().startsWith("kubelb-"))
                .filter(s -> s.getStatus() != null && s.getStatus().getLoadBalancer() != null
                        && s.getStatus().getLoadBalancer().getIngress() != null
                        && !s.getStatus().getLoadBalancer().getIngress().isEmpty())
                .count();
    }
}
