package dev.kubelb.examples.cli;

import dev.kubelb.api.AdvertisementPreview;
import dev.kubelb.api.Allocation;
import dev.kubelb.api.IpAddress;
import dev.kubelb.api.LoadBalancerId;
import dev.kubelb.core.Applier;
import dev.kubelb.core.ApplyStrategy;
import dev.kubelb.core.KubeLb;
import dev.kubelb.core.Requests;
import dev.kubelb.spi.Assignment;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code kubelb demo}: the seed scenario on the embedded default. A MetalLB pool {@code extern}
 * (10.10.255.200-10.10.255.250, avoidBuggyIPs), a BGPAdvertisement, a BGPPeer and three tenants' Services;
 * the engine ({@code KubeLb.builder()...start()}) serves them while a simulated appliance answers; the demo
 * prints the allocations, the objects applied and the advertisement preview, deletes one Service and shows
 * its address released, then creates another one that reuses it. Last, both halves of KubeLB's hub and spoke
 * ({@link DemoHubAndSpoke}): a second in-process API server is a tenant cluster whose Service the tenant agent
 * mirrors into this (management) cluster, where the engine gives it an address the agent copies back.
 */
@Command(name = "demo", description = "Run the seed scenario on the embedded default (in-process API server + "
        + "simulated appliance). Finishes in seconds.")
final class DemoCommand extends BaseCommand {
    static final String MANIFESTS = "seed.yaml";

    @Option(names = "--manifests", description = "Print the bundled manifests and exit (feed them to plan, apply, "
            + "migrate…).")
    boolean printManifests;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "How long to wait for each step "
            + "(default: ${DEFAULT-VALUE}).")
    int timeoutSeconds = 20;

    static String manifests() {
        try (InputStream in = DemoCommand.class.getResourceAsStream(MANIFESTS)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        String yaml = manifests();
        if (printManifests) {
            out().print(yaml);
            out().flush();
            return 0;
        }
        List<Documents.Doc> docs = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Documents.parse("demo:" + MANIFESTS, yaml, docs, problems);
        List<HasMetadata> appliance = new ArrayList<>();
        List<Service> services = new ArrayList<>();
        for (Documents.Doc d : docs) {
            if (Scenario.isService(d.object())) {
                services.add((Service) d.object());
            } else {
                appliance.add(d.object());
            }
        }
        long start = System.nanoTime();
        try (Cluster c = Cluster.embedded()) {
            out().println("kubelb demo on the " + c.describe());
            progress("embedded API server at " + c.client.getMasterUrl());
            c.simulateAppliance();
            Set<String> tenants = new LinkedHashSet<>();
            services.forEach(s -> tenants.add(s.getMetadata().getNamespace()));
            for (String ns : tenants) {
                c.client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns)
                        .addToLabels("kubelb.k8c.io/managed-by", "kubelb").endMetadata().build()).create();
            }
            // a tenant node, where each Service's pod runs (the engine's back ends are the Services' own pods)
            c.client.nodes().resource(new NodeBuilder().withNewMetadata().withName("tenant-node-1").endMetadata()
                    .withNewStatus().addNewAddress().withType("InternalIP").withAddress("192.0.2.11").endAddress()
                    .endStatus().build()).create();
            // the engine, as a host embeds it; the provider is inferred from the MetalLB kinds
            // the seed's Services are class-less: the demo cluster has no MetalLB of its own to serve them
            try (KubeLb lb = KubeLb.builder().client(c.client).configurationObjects(appliance).serveClassless(true)
                    .applyStrategy(ApplyStrategy.createOrUpdate())
                    .retryBackoff(Duration.ofMillis(20), Duration.ofMillis(500)).build()) {
                lb.start();
                progress("engine started: provider " + lb.provider().name() + " (inferred from the manifests)");
                int pod = 0;
                for (Service s : services) {
                    c.client.services().resource(s).create();
                    c.client.discovery().v1().endpointSlices().resource(podSlice(s, "10.244.1." + ++pod)).create();
                    await(() -> ingress(c, s.getMetadata().getNamespace(), s.getMetadata().getName()).isPresent(),
                            "Service " + s.getMetadata().getNamespace() + "/" + s.getMetadata().getName() + " served");
                }
                out().println();
                out().println("1. Every Service served (addresses written to the tenant Services' status):");
                printAllocations(lb);

                out().println();
                out().println("2. Objects the engine applied (" + lb.provider().name() + "):");
                Applier applier = new Applier(c.client, ApplyStrategy.createOrUpdate(), lb.session().configKinds());
                for (HasMetadata o : applier.owned()) {
                    Map<String, String> ann = o.getMetadata().getAnnotations() == null ? Map.of()
                            : o.getMetadata().getAnnotations();
                    String pin = ann.get(Requests.METALLB_IPS);
                    out().println("  " + o.getApiVersion() + " " + Applier.key(o)
                            + (pin == null ? "" : "  " + Requests.METALLB_IPS + "=" + pin));
                }

                out().println();
                out().println("3. Advertisement preview (what the routers would receive; the simulation announces nothing):");
                Views.previewTable(out(), Views.preview(preview(lb, c)));

                Service victim = services.get(1);
                String ns = victim.getMetadata().getNamespace();
                String name = victim.getMetadata().getName();
                LoadBalancerId id = LoadBalancerId.of(ns, name);
                String address = lb.allocator().orElseThrow().lookup(id).map(a -> a.addresses().get(0).toString())
                        .orElse("?");
                c.client.services().inNamespace(ns).withName(name).delete();
                await(() -> lb.allocator().orElseThrow().lookup(id).isEmpty()
                        && c.client.services().inNamespace(ns).withName(name).get() == null, name + " released");
                out().println();
                out().println("4. Deleted Service " + ns + "/" + name + ": address " + address + " released.");
                printAllocations(lb);

                Service again = new ServiceBuilder(victim).editMetadata().withName(name + "-v2").endMetadata().build();
                c.client.services().resource(again).create();
                await(() -> ingress(c, ns, name + "-v2").isPresent(), name + "-v2 served");
                String got = ingress(c, ns, name + "-v2").orElseThrow();
                out().println();
                out().println("5. Created Service " + ns + "/" + name + "-v2: it got " + got
                        + (got.equals(address) ? " (the released address, reused: lowest free first)." : "."));
                printAllocations(lb);
                DemoHubAndSpoke.run(c, lb, out(), this::await);
                lb.awaitIdle(Duration.ofSeconds(5));
            }
            out().println();
            out().printf("Done in %.1f s. Next: kubelb demo --manifests > seed.yaml; kubelb plan -f seed.yaml; "
                    + "kubelb migrate --to cilium -f seed.yaml%n", (System.nanoTime() - start) / 1e9);
            out().flush();
            return 0;
        }
    }

    private void printAllocations(KubeLb lb) {
        List<Allocation> all = lb.allocator().orElseThrow().allocations();
        Table t = new Table("NAMESPACE", "NAME", "ADDRESSES", "POOL", "SHARING-KEY");
        for (Allocation a : all) {
            t.row(a.id().tenant(), a.id().name(), a.addresses().stream().map(IpAddress::toString)
                    .collect(Collectors.joining(",")), a.pool(), a.sharingKey().orElse(""));
        }
        t.print(out());
        out().flush();
    }

    private static AdvertisementPreview preview(KubeLb lb, Cluster c) {
        List<Assignment> assignments = new ArrayList<>();
        for (Allocation a : lb.allocator().orElseThrow().allocations()) {
            Service s = c.client.services().inNamespace(a.id().tenant()).withName(a.id().name()).get();
            if (s != null) {
                assignments.add(new Assignment(Requests.fromService(s, Map.of(), List.of()), a));
            }
        }
        return lb.session().advertiser().advertisements(lb.configuration(), assignments);
    }

    private static Optional<String> ingress(Cluster c, String ns, String name) {
        Service s = c.client.services().inNamespace(ns).withName(name).get();
        if (s == null || s.getStatus() == null || s.getStatus().getLoadBalancer() == null
                || s.getStatus().getLoadBalancer().getIngress() == null
                || s.getStatus().getLoadBalancer().getIngress().isEmpty()) {
            return Optional.empty();
        }
        return Optional.ofNullable(s.getStatus().getLoadBalancer().getIngress().get(0).getIp());
    }

    private void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(25);
        }
        throw new IllegalStateException("timed out after " + timeoutSeconds + " s waiting for " + what);
    }

    /** The EndpointSlice Kubernetes' endpointslice controller writes for a Service's one pod (none runs here). */
    private static io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice podSlice(Service s, String address) {
        var b = new io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder().withNewMetadata()
                .withName(s.getMetadata().getName() + "-pods").withNamespace(s.getMetadata().getNamespace())
                .addToLabels("kubernetes.io/service-name", s.getMetadata().getName())
                .addToLabels("endpointslice.kubernetes.io/managed-by", "endpointslice-controller.k8s.io").endMetadata()
                .withAddressType("IPv4").addNewEndpoint().withAddresses(address).withNodeName("tenant-node-1")
                .withNewConditions().withReady(true).endConditions().endEndpoint();
        for (var p : s.getSpec().getPorts()) {
            b.addNewPort().withName(p.getName() == null ? "" : p.getName()).withProtocol(p.getProtocol())
                    .withPort(p.getTargetPort() != null && p.getTargetPort().getIntVal() != null
                            ? p.getTargetPort().getIntVal() : p.getPort()).endPort();
        }
        return b.build();
    }
}
