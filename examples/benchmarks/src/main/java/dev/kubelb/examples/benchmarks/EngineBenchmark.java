package dev.kubelb.examples.benchmarks;

import dev.kubelb.api.AddressPool;
import dev.kubelb.api.ApplianceConfig;
import dev.kubelb.api.BgpAdvertisement;
import dev.kubelb.api.LabelSelector;
import dev.kubelb.core.ApplyStrategy;
import dev.kubelb.core.KubeLb;
import dev.kubelb.core.SimulatedAppliance;
import dev.kubelb.core.testkit.EnvtestAssets;
import dev.kubelb.core.testkit.RealApiServer;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServiceStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's API-call budget at scale: reconciles N load balancers against the fabric8 mock server
 * (CRUD mode) and reports the time as a ratio to creating N plain Services with the same client in the
 * same run. A benchmark main, never run by {@code mvn verify}:
 *
 * <pre>{@code
 * java -cp examples/benchmarks/target/benchmarks.jar dev.kubelb.examples.benchmarks.EngineBenchmark [--real] [N] [workers] [rounds]
 * }</pre>
 *
 * <p>With {@code --real} (run from the repository, so {@code ci/envtest/build.sh} is found) the same three
 * phases run against a real kube-apiserver and etcd ({@code RealApiServer}, kubelb-core's test-jar), the
 * engine applying with server-side apply as a deployed one does, and NodePorts allocated by the server;
 * the per-path request counts are then not available (only the mock server records requests).
 *
 * <p>Each round measures three phases against one server, with the engine and the simulated appliance
 * running (their watches open) throughout:
 * <ol>
 * <li><b>plain</b>: N ClusterIP Services created one after another (the baseline of the target);</li>
 * <li><b>direct</b>: the requests the budget allows per load balancer (the tenant's create, the finalizer,
 *     the Event, the owned Service and its EndpointSlice, the appliance's status write, the status copied
 *     back) sent straight from this class with as many threads as the engine has workers, in a namespace the
 *     engine does not serve: what the server itself needs for the requests the budget allows;</li>
 * <li><b>engine</b>: N LoadBalancer Services created one after another, timed until every one shows
 *     its address in status (counted through a watch).</li>
 * </ol>
 * The mock server's cost per request grows with the number of objects it stores, so every phase is
 * cleaned up before the next starts from the same store. The median of the rounds is reported.
 */
public final class EngineBenchmark {
    private static final Logger LOG = LoggerFactory.getLogger(EngineBenchmark.class);
    /** Held strongly: java.util.logging forgets the level of a logger nobody references. */
    private static final java.util.logging.Logger MOCK_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");
    /**
     * Requests per load balancer: the tenant's create, the finalizer, the Event, the owned Service and its
     * EndpointSlice, two status writes.
     */
    private static final int DIRECT_REQUESTS = 7;
    private static final String TENANT_LABEL = "bench.kubelb.dev/tenant";
    /** Not the engine's finalizer: the engine cleans up any object carrying its own, tenant or not. */
    private static final String DIRECT_FINALIZER = "bench.kubelb.dev/cleanup";

    /** Against a real kube-apiserver ({@code --real}) rather than the mock server. */
    private static boolean real;

    private EngineBenchmark() {
    }

    /**
     * @param args optional N (default 1000), worker count (default 4) and rounds (default 3)
     * @throws Exception on failure
     */
    public static void main(String[] argv) throws Exception {
        real = argv.length > 0 && argv[0].equals("--real");
        String[] args = real ? Arrays.copyOfRange(argv, 1, argv.length) : argv;
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int workers = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        // the mock server logs every request at INFO through java.util.logging
        MOCK_LOG.setLevel(Boolean.getBoolean("bench.trace") ? java.util.logging.Level.INFO
                : java.util.logging.Level.WARNING);
        KubernetesMockServer server = null;
        RealApiServer realServer = null;
        if (real) {
            realServer = RealApiServer.start(EnvtestAssets.locate().orElseThrow(() -> new IllegalStateException(
                    "no real control plane: " + EnvtestAssets.whyUnavailable())), "EngineBenchmark");
        } else {
            server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                    new KubernetesCrudDispatcher(List.of()), false);
            server.init(InetAddress.getLoopbackAddress(), 0);
        }
        try (KubernetesClient client = real ? realServer.admin() : server.createClient()) {
            // one tenant node: every load balancer gets an EndpointSlice listing it, as in a real cluster
            client.nodes().resource(new io.fabric8.kubernetes.api.model.NodeBuilder().withNewMetadata()
                    .withName("node-1").endMetadata().withNewStatus().addNewAddress().withType("InternalIP")
                    .withAddress("192.0.2.11").endAddress().endStatus().build()).create();
            if (real) {
                namespace(client, "metallb-system", false); // where the engine applies the pool; a real server needs it
            }
            namespace(client, "warmup", false);
            namespace(client, "plain", false);
            namespace(client, "direct", false);
            ApplianceConfig config = ApplianceConfig.builder()
                    .pool(AddressPool.builder("bench").addresses("10.20.0.0/16").build())
                    .advertisement(BgpAdvertisement.builder("bench").pools("bench").build())
                    .build();
            double[] plain = new double[rounds];
            double[] direct = new double[rounds];
            double[] engine = new double[rounds];
            Map<String, Integer> counts = new TreeMap<>();
            try (SimulatedAppliance simulated = SimulatedAppliance.start(client);
                    KubeLb lb = KubeLb.builder().client(client).provider("metallb").configuration(config)
                            .applyStrategy(real ? ApplyStrategy.serverSideApply() : ApplyStrategy.createOrUpdate())
                            .workers(workers)
                            .tenantSelector(LabelSelector.of(Map.of(TENANT_LABEL, "true")))
                            .build().start()) {
                lb.awaitIdle(Duration.ofSeconds(30));
                // warm up the client, the server and the engine (JIT, connections)
                create(client, "warmup", 200, "ClusterIP");
                client.services().inNamespace("warmup").delete();
                direct(client, "direct", 200, workers);
                clean(client, "direct");
                for (int r = 0; r < rounds; r++) {
                    long t0 = System.nanoTime();
                    create(client, "plain", n, "ClusterIP");
                    plain[r] = (System.nanoTime() - t0) / 1e9;
                    clean(client, "plain");

                    long t1 = System.nanoTime();
                    direct(client, "direct", n, workers);
                    direct[r] = (System.nanoTime() - t1) / 1e9;
                    clean(client, "direct");

                    String ns = "tenant-" + r;
                    namespace(client, ns, true);
                    lb.awaitIdle(Duration.ofSeconds(30));
                    drain(server); // what came before is not the engine phase's
                    long t2 = System.nanoTime();
                    served(client, ns, n, () -> create(client, ns, n, "LoadBalancer"));
                    engine[r] = (System.nanoTime() - t2) / 1e9;
                    lb.awaitIdle(Duration.ofSeconds(60));
                    if (r == 0) {
                        counts = drain(server);
                    }
                    LOG.info(String.format(Locale.ROOT, "round %d: plain %.2f s, direct %.2f s, engine %.2f s", r + 1,
                            plain[r], direct[r], engine[r]));
                    client.services().inNamespace(ns).delete();
                    awaitEmpty(client, ns);
                    clean(client, ns);
                }
            }
            double p = median(plain);
            double f = median(direct);
            double e = median(engine);
            LOG.info(String.format(Locale.ROOT, "N=%d, %d workers, median of %d rounds:", n, workers, rounds));
            LOG.info(String.format(Locale.ROOT, "  plain Services, one after another: %.2f s (%.0f/s)", p, n / p));
            LOG.info(String.format(Locale.ROOT, "  direct (no engine), %d requests per load balancer on %d threads: %.2f s", DIRECT_REQUESTS,
                    workers, f));
            LOG.info(String.format(Locale.ROOT, "  load balancers created and served by the engine: %.2f s (%.0f/s)", e,
                    n / e));
            LOG.info(String.format(Locale.ROOT, "  ratio engine/plain %.2fx (target <= 1.5x); direct/plain %.2fx;"
                    + " engine/direct %.2fx", e / p, f / p, e / f));
            LOG.info("requests the API server received in round 1's engine phase (the benchmark's creates, the"
                    + " engine, the simulated appliance):");
            counts.forEach((k, v) -> LOG.info(String.format(Locale.ROOT, "  %6d  %s", v, k)));
        } finally {
            if (server != null) {
                server.destroy();
            }
            if (realServer != null) {
                realServer.close();
            }
        }
    }

    private static void namespace(KubernetesClient client, String name, boolean tenant) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name)
                .addToLabels(TENANT_LABEL, String.valueOf(tenant)).endMetadata().build()).create();
    }

    /** Runs {@code action} and returns once n Services of the namespace show an address in status. */
    private static void served(KubernetesClient client, String ns, int n, Runnable action) throws InterruptedException {
        Set<String> served = ConcurrentHashMap.newKeySet();
        CountDownLatch all = new CountDownLatch(1);
        try (Watch watch = client.services().inNamespace(ns).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action a, Service s) {
                if (!s.getMetadata().getName().startsWith("kubelb-") && s.getStatus() != null
                        && s.getStatus().getLoadBalancer() != null && s.getStatus().getLoadBalancer().getIngress() != null
                        && !s.getStatus().getLoadBalancer().getIngress().isEmpty()
                        && served.add(s.getMetadata().getName()) && served.size() == n) {
                    all.countDown();
                }
            }

            @Override
            public void onClose(WatcherException cause) {
                // closed when the phase ends
            }
        })) {
            action.run();
            if (!all.await(10, TimeUnit.MINUTES)) {
                throw new IllegalStateException("only " + served.size() + " of " + n + " served in " + ns);
            }
        }
    }

    private static void awaitEmpty(KubernetesClient client, String ns) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (!client.services().inNamespace(ns).list().getItems().isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the engine did not clean up " + ns);
            }
            Thread.sleep(200);
        }
    }

    private static void clean(KubernetesClient client, String ns) {
        client.discovery().v1().endpointSlices().inNamespace(ns).delete();
        for (Service s : client.services().inNamespace(ns).list().getItems()) {
            if (s.getMetadata().getFinalizers() != null && s.getMetadata().getFinalizers().contains(DIRECT_FINALIZER)) {
                client.services().resource(s).edit(x -> new ServiceBuilder(x).editMetadata().withFinalizers()
                        .endMetadata().build());
            }
        }
        client.services().inNamespace(ns).delete();
        client.v1().events().inNamespace(ns).delete();
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static Map<String, Integer> drain(KubernetesMockServer server) throws InterruptedException {
        Map<String, Integer> counts = new TreeMap<>();
        if (server == null) {
            return counts; // a real server: requests are not recorded
        }
        RecordedRequest r;
        while ((r = server.takeRequest(100, TimeUnit.MILLISECONDS)) != null) {
            String path = r.getPath().replaceAll("\\?.*", "").replaceAll("/svc-[0-9]+", "/svc-N")
                    .replaceAll("/kubelb-svc-[0-9]+(-ipv4)?", "/kubelb-svc-N$1")
                    .replaceAll("/events/.*", "/events/N");
            counts.merge(r.getMethod() + " " + path, 1, Integer::sum);
        }
        return counts;
    }

    /**
     * Sends, per load balancer, exactly the requests the engine and the appliance make (each object written
     * once, no reads), from {@code threads} threads.
     */
    private static void direct(KubernetesClient client, String ns, int n, int threads) throws Exception {
        ExecutorService exec = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int k = i;
                done.add(exec.submit(() -> directOne(client, ns, k)));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            exec.shutdown();
        }
    }

    private static void directOne(KubernetesClient client, String ns, int i) {
        Service tenant = client.services().resource(service(ns, "svc-" + i, "LoadBalancer", i)).create();
        PatchContext json = new PatchContext.Builder().withPatchType(PatchType.JSON).build();
        tenant = client.services().resource(tenant).patch(json, "[{\"op\":\"test\",\"path\":\"/metadata/resourceVersion\","
                + "\"value\":\"" + tenant.getMetadata().getResourceVersion() + "\"},{\"op\":\"add\",\"path\":"
                + "\"/metadata/finalizers\",\"value\":[\"" + DIRECT_FINALIZER + "\"]}]");
        client.v1().events().inNamespace(ns).resource(new EventBuilder()
                .withNewMetadata().withNamespace(ns).withName("svc-" + i + ".1").endMetadata()
                .withNewInvolvedObject().withKind("Service").withName("svc-" + i).withNamespace(ns).endInvolvedObject()
                .withType("Normal").withReason("Allocated").withMessage("Allocated [10.30.0.1] from pool bench")
                .build()).create();
        // labelled like an owned Service, but not managed-by kubelb: the simulated appliance must not answer it
        Service owned = new ServiceBuilder(service(ns, "kubelb-svc-" + i, "LoadBalancer", i)).editMetadata()
                .addToLabels("app.kubernetes.io/part-of", "kubelb-direct").endMetadata().build();
        owned = client.services().resource(owned).create();
        owned.setStatus(new ServiceStatusBuilder().withNewLoadBalancer().addNewIngress().withIp("10.30.0.1")
                .endIngress().endLoadBalancer().build());
        client.discovery().v1().endpointSlices().resource(new io.fabric8.kubernetes.api.model.discovery.v1
                .EndpointSliceBuilder().withNewMetadata().withNamespace(ns).withName("kubelb-svc-" + i + "-ipv4")
                .addToLabels("kubernetes.io/service-name", "kubelb-svc-" + i).endMetadata().withAddressType("IPv4")
                .addNewEndpoint().withAddresses("192.0.2.11").endEndpoint().addNewPort().withName("http")
                .withProtocol("TCP").withPort(30000 + i % 2000).endPort().build()).create();
        client.services().resource(owned).updateStatus();
        tenant.setStatus(owned.getStatus());
        client.services().resource(tenant).updateStatus();
    }

    private static Service service(String ns, String name, String type, int i) {
        return new ServiceBuilder().withNewMetadata().withName(name).withNamespace(ns).endMetadata()
                .withNewSpec().withType(type)
                .withLoadBalancerClass(type.equals("LoadBalancer") ? dev.kubelb.core.KubeLb.DEFAULT_CLASS : null)
                .addNewPort().withName("http").withProtocol("TCP").withPort(80)
                .withNodePort(type.equals("LoadBalancer") && !real ? 30000 + (i % 2000) : null).endPort().endSpec()
                .build();
    }

    private static void create(KubernetesClient client, String ns, int n, String type) {
        for (int i = 0; i < n; i++) {
            client.services().resource(service(ns, "svc-" + i, type, i)).create();
        }
    }
}
