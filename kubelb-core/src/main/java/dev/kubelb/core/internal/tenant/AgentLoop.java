package dev.kubelb.core.internal.tenant;

import dev.kubelb.core.TenantAgentListener;
import dev.kubelb.core.crd.KubeLbAddresses;
import dev.kubelb.core.crd.KubeLbLoadBalancer;
import dev.kubelb.core.internal.Trees;
import dev.kubelb.core.internal.WorkQueue;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.LoadBalancerStatus;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tenant agent's loop: informers on the tenant's Services and Nodes and on the LoadBalancers and
 * {@code Addresses} of its namespace in the management cluster, a de-duplicating queue of tenant Service keys
 * (plus one key for the shared {@code Addresses}), and workers that keep both clusters in step while this
 * replica leads. What one Service's pass does is in {@link ServicePass}.
 */
public final class AgentLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AgentLoop.class);
    /** The queue key of the shared Addresses object (no Service key starts with '#'). */
    static final String ADDRESSES_KEY = "#addresses";

    /** What the loop is told. */
    public record Settings(KubernetesClient tenant, KubernetesClient management, String namespace,
            String loadBalancerClass, boolean serveClassless, String nodeAddressType, int workers,
            Duration retryBase, Duration retryMax, TenantAgentListener listener) {
    }

    private final Settings settings;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "kubelb-agent-retry"));
    private final ExecutorService workers;
    private final WorkQueue<String> queue;
    private final AtomicInteger busy = new AtomicInteger();
    private final AtomicLong lastActivity = new AtomicLong(System.nanoTime());
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();
    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
    private final Map<SharedIndexInformer<?>, String> descriptions = new IdentityHashMap<>();
    private SharedIndexInformer<Service> services;
    private SharedIndexInformer<Node> nodes;
    private SharedIndexInformer<KubeLbLoadBalancer> loadBalancers;
    private SharedIndexInformer<KubeLbAddresses> addresses;
    private volatile boolean leading;
    private volatile boolean closed;

    /** @param settings what the loop is told */
    public AgentLoop(Settings settings) {
        this.settings = settings;
        this.queue = new WorkQueue<>(timer, settings.retryBase(), settings.retryMax());
        this.workers = Executors.newFixedThreadPool(settings.workers(), r -> daemon(r, "kubelb-agent-worker"));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /**
     * Starts the informers (waiting until each has listed once) and the workers. Nothing is written before
     * {@link #lead()}.
     *
     * @param timeout how long the first lists may take
     */
    public void start(Duration timeout) {
        services = inform(settings.tenant().services().inAnyNamespace().runnableInformer(0),
                s -> queue.add(key(s)), "Services of the tenant cluster");
        nodes = inform(settings.tenant().nodes().runnableInformer(0), n -> queue.add(ADDRESSES_KEY),
                "Nodes of the tenant cluster");
        loadBalancers = inform(settings.management().resources(KubeLbLoadBalancer.class).inNamespace(settings.namespace())
                .runnableInformer(0), this::enqueueOrigin, "LoadBalancers in " + settings.namespace() + " of the management cluster");
        addresses = inform(settings.management().resources(KubeLbAddresses.class).inNamespace(settings.namespace())
                .runnableInformer(0), a -> queue.add(ADDRESSES_KEY), "Addresses in " + settings.namespace() + " of the management cluster");
        for (SharedIndexInformer<?> i : informers) {
            try {
                i.start().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                throw new IllegalStateException(describe(i) + ": " + rootMessage(e), e);
            } catch (TimeoutException e) {
                throw new IllegalStateException(describe(i) + ": no answer within " + timeout, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting " + describe(i), e);
            }
        }
        for (int i = 0; i < settings.workers(); i++) {
            workers.submit(this::work);
        }
    }

    private String describe(SharedIndexInformer<?> i) {
        return "cannot list " + descriptions.get(i);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t instanceof KubernetesClientException kce ? "HTTP " + kce.getCode() + " " + kce.getStatus().getMessage()
                : String.valueOf(t.getMessage());
    }

    private <T extends HasMetadata> SharedIndexInformer<T> inform(SharedIndexInformer<T> informer, Consumer<T> onEvent,
            String what) {
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(T o) {
                onEvent.accept(o);
            }

            @Override
            public void onUpdate(T a, T b) {
                onEvent.accept(b);
            }

            @Override
            public void onDelete(T o, boolean unknown) {
                onEvent.accept(o);
            }
        });
        informers.add(informer);
        descriptions.put(informer, what);
        return informer;
    }

    private void enqueueOrigin(KubeLbLoadBalancer lb) {
        Map<String, String> l = lb.getMetadata().getLabels();
        if (l != null && l.get(LoadBalancerMapper.ORIGIN_NAMESPACE) != null && l.get(LoadBalancerMapper.ORIGIN_NAME) != null) {
            queue.add(l.get(LoadBalancerMapper.ORIGIN_NAMESPACE) + "/" + l.get(LoadBalancerMapper.ORIGIN_NAME));
        }
    }

    private static String key(HasMetadata o) {
        return o.getMetadata().getNamespace() + "/" + o.getMetadata().getName();
    }

    /** This replica now leads: every Service, every mirrored LoadBalancer's origin and the Addresses are passed again. */
    public void lead() {
        leading = true;
        LOG.info("tenant agent for {} leads: rebuilding from both clusters", settings.namespace());
        enqueueAll();
    }

    /** This replica no longer leads: it stops writing. */
    public void follow() {
        leading = false;
        LOG.info("tenant agent for {} no longer leads", settings.namespace());
    }

    /** @return whether this replica writes */
    public boolean isLeading() {
        return leading;
    }

    /** Passes every known key again (a resync). */
    public void enqueueAll() {
        services.getStore().list().forEach(s -> queue.add(key(s)));
        loadBalancers.getStore().list().forEach(this::enqueueOrigin);
        queue.add(ADDRESSES_KEY);
    }

    private void work() {
        try {
            while (true) {
                Optional<String> next = queue.take();
                if (next.isEmpty()) {
                    return;
                }
                String key = next.get();
                busy.incrementAndGet();
                try {
                    if (leading) {
                        pass(key);
                    }
                } finally {
                    lastActivity.set(System.nanoTime());
                    busy.decrementAndGet();
                    queue.done(key);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void pass(String key) {
        try {
            if (ADDRESSES_KEY.equals(key)) {
                new AddressesPass(settings, nodes.getStore().list(), addresses.getStore()
                        .getByKey(settings.namespace() + "/" + LoadBalancerMapper.ADDRESSES_NAME)).run();
            } else {
                new ServicePass(settings, key, services.getStore().getByKey(key), loadBalancers.getStore().list()).run();
            }
            failures.remove(key);
        } catch (KubernetesClientException e) {
            String why = "HTTP " + e.getCode() + " " + (e.getStatus() == null ? e.getMessage() : e.getStatus().getMessage());
            retry(key, why);
        } catch (RuntimeException e) {
            retry(key, String.valueOf(e.getMessage()));
            LOG.debug("tenant agent pass of {} failed", key, e);
        }
    }

    private void retry(String key, String why) {
        if (closed) {
            return; // a write cut short by close(): nothing to report or retry
        }
        int n = failures.merge(key, 1, Integer::sum);
        long ms = Math.min(settings.retryMax().toMillis(), settings.retryBase().toMillis() * (1L << Math.min(n - 1, 30)));
        LOG.warn("tenant agent: {} failed ({}); retrying in {} ms", key.equals(ADDRESSES_KEY) ? "Addresses" : key, why, ms);
        settings.listener().failed(key.equals(ADDRESSES_KEY) ? "Addresses" : key, why);
        queue.addAfter(key, Duration.ofMillis(ms));
    }

    /**
     * @param timeout how long to wait
     * @return whether no work is queued, running or waiting for a retry
     * @throws InterruptedException when interrupted
     */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (queue.size() == 0 && busy.get() == 0 && failures.isEmpty()
                    && System.nanoTime() - lastActivity.get() > Duration.ofMillis(200).toNanos()) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    /** @param s a Service @return whether the agent serves it (type LoadBalancer of the configured class) */
    boolean served(Service s) {
        return ServicePass.served(s, settings);
    }

    @Override
    public void close() {
        closed = true;
        leading = false;
        queue.shutdown();
        workers.shutdownNow();
        timer.shutdownNow();
        informers.forEach(i -> {
            try {
                i.close();
            } catch (RuntimeException e) {
                LOG.debug("closing an informer: {}", e.toString());
            }
        });
    }

    /** @param status a load balancer status @return its ingress as text (IP, else host name) */
    static List<String> ingressText(LoadBalancerStatus status) {
        if (status == null || status.getIngress() == null) {
            return List.of();
        }
        return status.getIngress().stream().map(AgentLoop::text).toList();
    }

    private static String text(LoadBalancerIngress i) {
        return i.getIp() != null && !i.getIp().isEmpty() ? i.getIp() : i.getHostname();
    }

    /** @param o an object from an informer's cache @return a deep copy (cache objects are never mutated) */
    @SuppressWarnings("unchecked")
    static <T extends HasMetadata> T copy(T o) {
        return (T) Trees.SERIALIZATION.clone(o);
    }
}
