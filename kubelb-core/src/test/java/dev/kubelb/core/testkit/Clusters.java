package dev.kubelb.core.testkit;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.function.BooleanSupplier;

/**
 * Helpers for tests that run the engine against the fabric8 mock server (CRUD mode): waiting for a
 * condition without fixed sleeps, reading what the engine copied back, and resetting the server between
 * tests. Shipped in kubelb-core's test-jar beside {@link ProviderContract}.
 */
public final class Clusters {
    /** Whether tenant Services leave their NodePorts to the server (a real one refuses one port twice). */
    private static volatile boolean serverAllocatesNodePorts;

    private Clusters() {
    }

    /** Tenant Services built from here carry fixed NodePorts ({@code 30000 + port}): the mock allocates none. */
    public static void onMockServer() {
        serverAllocatesNodePorts = false;
    }

    /** Tenant Services built from here leave their NodePorts to the real server, which allocates them. */
    public static void onRealServer() {
        serverAllocatesNodePorts = true;
    }

    /** @return whether the server refuses changes of immutable fields (a real one; the mock does not) */
    public static boolean serverEnforcesImmutability() {
        return serverAllocatesNodePorts;
    }

    /**
     * @param port a Service port
     * @return the NodePort a test Service asks for: {@code 30000 + port} on the mock server, none (the real
     *     server allocates one) otherwise
     */
    public static Integer nodePortFor(int port) {
        return serverAllocatesNodePorts ? null : 30000 + port;
    }

    /**
     * @param client the client
     * @param ns namespace
     * @param name Service name
     * @return the NodePort of the Service's first port
     */
    public static int nodePort(KubernetesClient client, String ns, String name) {
        return client.services().inNamespace(ns).withName(name).get().getSpec().getPorts().get(0).getNodePort();
    }

    /**
     * Polls every 25 ms until the condition holds. A request that fails while polling counts as "not yet":
     * fabric8's mock server can stall for up to 30 s when a client closes a watch while an event is being
     * sent on it (its send thread and its event loop wait on each other; see fabric8io/kubernetes-client
     * #7857 and #7787), so a test that stops an engine midway must not fail on a read that times out then.
     *
     * @param condition what to wait for
     * @param what a description for the failure message
     * @param timeout how long to wait
     * @throws InterruptedException when interrupted
     * @throws AssertionError on timeout
     */
    public static void await(BooleanSupplier condition, String what, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
                // not yet: the server did not answer
            }
            Thread.sleep(25);
        }
        throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
    }

    /**
     * Waits until the API server answers again. Closing an engine closes its watches; on fabric8's mock
     * server that can block every request for a while (see {@link #awaitServedByList}), so a test that
     * stops an engine and then writes waits for this first; a real server answers at once.
     *
     * @param client the client
     * @throws InterruptedException when interrupted
     */
    public static void awaitResponsive(KubernetesClient client) throws InterruptedException {
        await(() -> {
            client.namespaces().withName("default").get();
            return true;
        }, "the API server answering again", Duration.ofSeconds(90));
    }

    /**
     * Waits until the Service shows an address in its status, polling with list requests (each carries a
     * query, {@code ?limit=}), never a read of the object itself, so that a test counting single-object
     * reads sees only those of the code under test. Not a watch: closing a watch on fabric8's mock server
     * while it sends an event blocks the server's event loop (its {@code WatchEventsListener.onClosed}
     * waits for the sender, which needs that loop) until every request of the next seconds times out.
     *
     * @param client the client
     * @param ns namespace
     * @param name Service name
     * @throws InterruptedException when interrupted
     */
    public static void awaitServedByList(KubernetesClient client, String ns, String name) throws InterruptedException {
        await(() -> listed(client, ns, name) != null && listed(client, ns, name).getStatus() != null
                && listed(client, ns, name).getStatus().getLoadBalancer() != null
                && listed(client, ns, name).getStatus().getLoadBalancer().getIngress() != null
                && !listed(client, ns, name).getStatus().getLoadBalancer().getIngress().isEmpty(),
                ns + "/" + name + " served", Duration.ofSeconds(30));
    }

    /**
     * Waits until the Service is gone, polling with list requests like {@link #awaitServedByList}.
     *
     * @param client the client
     * @param ns namespace
     * @param name Service name
     * @throws InterruptedException when interrupted
     */
    public static void awaitGoneByList(KubernetesClient client, String ns, String name) throws InterruptedException {
        await(() -> listed(client, ns, name) == null, ns + "/" + name + " gone", Duration.ofSeconds(30));
    }

    private static Service listed(KubernetesClient client, String ns, String name) {
        return client.services().inNamespace(ns)
                .list(new io.fabric8.kubernetes.api.model.ListOptionsBuilder().withLimit(10_000L).build()).getItems()
                .stream().filter(s -> name.equals(s.getMetadata().getName())).findFirst().orElse(null);
    }

    /**
     * @param lb a KubeLB LoadBalancer
     * @return "status/reason" of the engine's Ready condition, kept in the {@code kubelb.dev/ready}
     *     annotation (KubeLB's CRD has no status.conditions), or null
     */
    public static String readyOf(io.fabric8.kubernetes.api.model.HasMetadata lb) {
        java.util.Map<String, String> a = lb == null ? null : lb.getMetadata().getAnnotations();
        String json = a == null ? null : a.get(dev.kubelb.core.KubeLbLabels.READY_ANNOTATION);
        if (json == null) {
            return null;
        }
        io.fabric8.kubernetes.api.model.Condition c = new io.fabric8.kubernetes.client.utils.KubernetesSerialization()
                .unmarshal(json, io.fabric8.kubernetes.api.model.Condition.class);
        return c.getStatus() + "/" + c.getReason();
    }

    /**
     * @param client the client
     * @param ns namespace
     * @param name Service name
     * @return the first IP in the Service's {@code status.loadBalancer.ingress}, or null
     */
    public static String ingressIp(KubernetesClient client, String ns, String name) {
        Service s = client.services().inNamespace(ns).withName(name).get();
        if (s == null || s.getStatus() == null || s.getStatus().getLoadBalancer() == null
                || s.getStatus().getLoadBalancer().getIngress() == null
                || s.getStatus().getLoadBalancer().getIngress().isEmpty()) {
            return null;
        }
        return s.getStatus().getLoadBalancer().getIngress().get(0).getIp();
    }

    /**
     * @param ns namespace
     * @param name name
     * @param port the port (named {@code http}, TCP); its NodePort is {@code 30000 + port} on the mock server,
     *     the one a real server allocates otherwise ({@link #nodePort})
     * @return a tenant Service of type LoadBalancer, of the engine's default class ({@code kubelb.dev/l4})
     */
    public static Service tenantService(String ns, String name, int port) {
        return new ServiceBuilder().withNewMetadata().withName(name).withNamespace(ns).endMetadata()
                .withNewSpec().withType("LoadBalancer").withLoadBalancerClass(dev.kubelb.core.KubeLb.DEFAULT_CLASS)
                .addNewPort().withName("http").withProtocol("TCP")
                .withPort(port).withNodePort(nodePortFor(port)).endPort().endSpec()
                .build();
    }

    /**
     * The EndpointSlice Kubernetes' endpointslice controller would write for a tenant Service's pods (no
     * controller manager runs in the tests): labelled with the Service's name, one port {@code http}/TCP.
     *
     * @param ns the Service's namespace
     * @param service the Service's name
     * @param targetPort the pods' port
     * @param pods each pod's address and the node it runs on; a node name starting with {@code !} marks
     *     the pod not ready (e.g. {@code "!node-1"})
     * @return the slice, to create or update
     */
    public static io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice podSlice(String ns, String service,
            int targetPort, java.util.Map<String, String> pods) {
        var b = new io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder().withNewMetadata()
                .withName(service + "-pods").withNamespace(ns)
                .addToLabels("kubernetes.io/service-name", service)
                .addToLabels("endpointslice.kubernetes.io/managed-by", "endpointslice-controller.k8s.io")
                .endMetadata()
                .withAddressType(pods.keySet().stream().anyMatch(a -> a.contains(":")) ? "IPv6" : "IPv4")
                .addNewPort().withName("http").withProtocol("TCP").withPort(targetPort).endPort();
        new java.util.TreeMap<>(pods).forEach((address, node) -> b.addNewEndpoint().withAddresses(address)
                .withNodeName(node.replace("!", "")).withNewConditions().withReady(!node.startsWith("!"))
                .endConditions().endEndpoint());
        return b.build();
    }

    /**
     * Creates (or keeps) the namespaces and one node with an InternalIP, the tenant back end.
     *
     * @param client the client
     * @param nodeAddress the node's InternalIP
     * @param namespaces namespaces to create
     */
    public static void prepare(KubernetesClient client, String nodeAddress, String... namespaces) {
        for (String ns : namespaces) {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
                    .createOr(n -> n.update());
        }
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName("node-1").endMetadata()
                .withNewStatus().addNewAddress().withType("InternalIP").withAddress(nodeAddress).endAddress()
                .endStatus().build()).createOr(n -> n.update());
    }

    /**
     * Deletes every Service (finalizers stripped first), EndpointSlice and Event, so the next test starts
     * from an empty server.
     *
     * @param client the client
     */
    public static void reset(KubernetesClient client) {
        // retried: an engine just closed may have left fabric8's mock server stalled for a while (see
        // awaitServedByList); a real server answers at once
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
            try {
                resetOnce(client);
                return;
            } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
        }
    }

    private static void resetOnce(KubernetesClient client) {
        client.services().inAnyNamespace().list().getItems().stream()
                .filter(s -> !("default".equals(s.getMetadata().getNamespace())
                        && "kubernetes".equals(s.getMetadata().getName()))) // a real server's own
                .forEach(s -> {
            client.services().inNamespace(s.getMetadata().getNamespace()).withName(s.getMetadata().getName())
                    .edit(x -> {
                        x.getMetadata().setFinalizers(new ArrayList<>());
                        return x;
                    });
            client.resource(s).delete();
        });
        client.discovery().v1().endpointSlices().inAnyNamespace().delete();
        client.v1().events().inAnyNamespace().delete();
    }
}
