package dev.kubelb.examples.cli;

import dev.kubelb.api.AddressPool;
import dev.kubelb.api.Allocation;
import dev.kubelb.api.ApplianceConfig;
import dev.kubelb.api.ConfigurationException;
import dev.kubelb.api.IpAddress;
import dev.kubelb.api.LoadBalancerId;
import dev.kubelb.api.LoadBalancerRequest;
import dev.kubelb.api.Problem;
import dev.kubelb.api.ValidationReport;
import dev.kubelb.core.ProviderRegistry;
import dev.kubelb.core.Requests;
import dev.kubelb.core.crd.KubeLbAddresses;
import dev.kubelb.core.crd.KubeLbLoadBalancer;
import dev.kubelb.spi.ClusterInfo;
import dev.kubelb.spi.LoadBalancerProvider;
import dev.kubelb.spi.ProviderContext;
import dev.kubelb.spi.ProviderSession;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The input of a command, understood: the provider (named or inferred from the appliance resources given),
 * its session, the neutral appliance configuration, the requests in input order, and the allocations that
 * already exist (Services already carrying an address or pinning one), which are reserved first.
 */
final class Scenario implements AutoCloseable {
    static final String KUBELB_API = "kubelb.k8c.io/v1alpha1";

    final LoadBalancerProvider provider;
    final ProviderSession session;
    final ClusterInfo cluster;
    final Map<String, String> options;
    final Map<String, Map<String, String>> namespaceLabels;
    final ApplianceConfig config;
    final List<HasMetadata> applianceObjects;
    final List<Documents.Doc> sources;
    final List<LoadBalancerRequest> requests;
    final List<Allocation> existing;
    final List<String> warnings;
    private final Map<String, String> locations;

    private Scenario(LoadBalancerProvider provider, ProviderSession session, ClusterInfo cluster,
            ApplianceConfig config, List<HasMetadata> applianceObjects, List<Documents.Doc> sources,
            List<LoadBalancerRequest> requests, List<Allocation> existing, List<String> warnings,
            Map<String, String> locations, Map<String, String> options,
            Map<String, Map<String, String>> namespaceLabels) {
        this.provider = provider;
        this.session = session;
        this.cluster = cluster;
        this.options = Map.copyOf(options);
        this.namespaceLabels = namespaceLabels;
        this.config = config;
        this.applianceObjects = applianceObjects;
        this.sources = sources;
        this.requests = requests;
        this.existing = existing;
        this.warnings = warnings;
        this.locations = locations;
    }

    /**
     * @param docs the parsed documents
     * @param providerName the provider named with {@code --provider}, if any
     * @return the scenario, its configuration validated
     * @throws CliException (exit 2) naming file, object and field of every problem
     */
    static Scenario of(List<Documents.Doc> docs, Optional<String> providerName) {
        return of(docs, providerName, List.of(), Map.of(), Map.of(), ProviderRegistry.load());
    }

    /**
     * @param docs the parsed documents
     * @param providerName the provider named with {@code --provider}, if any
     * @param nodeAddresses tenant node addresses: the back ends are these addresses x each Service's NodePorts
     * @param options provider options ({@code ccm.cloud=aws}, {@code cilium.poolVersion=v2alpha1}, …)
     * @param hints cluster hints for inference ({@code cloud=aws})
     * @param registry the providers
     * @return the scenario
     */
    static Scenario of(List<Documents.Doc> docs, Optional<String> providerName, List<String> nodeAddresses,
            Map<String, String> options, Map<String, String> hints, ProviderRegistry registry) {
        List<Documents.Doc> appliance = new ArrayList<>();
        Map<String, Map<String, String>> namespaceLabels = new TreeMap<>();
        List<Documents.Doc> sources = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        Map<String, String> locations = new LinkedHashMap<>();
        for (Documents.Doc d : docs) {
            HasMetadata o = d.object();
            String loc = d.file() + ": document " + d.index();
            locations.putIfAbsent(o.getKind() + "/" + o.getMetadata().getName(), d.file());
            locations.putIfAbsent(o.getKind() + "/" + objectName(o), d.file());
            if (isService(o)) {
                Service s = o instanceof Service typed ? typed : Documents.SERIALIZATION.convertValue(o, Service.class);
                String type = s.getSpec() == null || s.getSpec().getType() == null ? "ClusterIP" : s.getSpec().getType();
                if ("LoadBalancer".equals(type)) {
                    sources.add(new Documents.Doc(d.file(), d.index(), s));
                } else {
                    warnings.add(loc + ": Service/" + namespace(o) + "/" + o.getMetadata().getName() + " is of type "
                            + type + ", not LoadBalancer; ignored");
                }
            } else if ("v1".equals(o.getApiVersion()) && "Namespace".equals(o.getKind())) {
                // a tenant's namespace: its labels are what pool namespace selectors match
                namespaceLabels.put(o.getMetadata().getName(), o.getMetadata().getLabels() == null ? Map.of()
                        : Map.copyOf(o.getMetadata().getLabels()));
            } else if (KUBELB_API.equals(o.getApiVersion())
                    && ("LoadBalancer".equals(o.getKind()) || "Addresses".equals(o.getKind()))) {
                sources.add(d);
            } else {
                appliance.add(d);
            }
        }
        Set<String> versions = new LinkedHashSet<>();
        Set<String> kinds = new LinkedHashSet<>();
        for (Documents.Doc d : appliance) {
            versions.add(d.object().getApiVersion());
            kinds.add(d.type());
        }
        ClusterInfo info = new ClusterInfo(versions, kinds, hints);
        LoadBalancerProvider provider;
        try {
            provider = registry.select(providerName, info);
        } catch (ConfigurationException e) {
            List<String> lines = new ArrayList<>();
            for (Problem p : e.problems()) {
                String hint = providerName.isEmpty() && appliance.isEmpty()
                        ? " (no appliance resources were given to infer it from: pass --provider)" : "";
                lines.add("kubelb: " + p + hint);
            }
            throw CliException.invalid(lines);
        }
        ProviderSession session = provider.open(new ProviderContext(Optional.empty(), defaultNamespace(provider.name()),
                info, options));
        try {
            return build(provider, session, info, appliance, sources, warnings, locations, namespaceLabels,
                    nodeAddresses, options);
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
    }

    private static Scenario build(LoadBalancerProvider provider, ProviderSession session, ClusterInfo info,
            List<Documents.Doc> appliance, List<Documents.Doc> sources, List<String> warnings,
            Map<String, String> locations, Map<String, Map<String, String>> namespaceLabels,
            List<String> nodeAddresses, Map<String, String> options) {
        List<String> problems = new ArrayList<>();
        List<HasMetadata> recognized = new ArrayList<>();
        for (Documents.Doc d : appliance) {
            if (session.recognizes(d.object())) {
                recognized.add(d.object());
            } else {
                problems.add(d.file() + ": document " + d.index() + ": unknown kind " + d.type() + " ("
                        + d.object().getKind() + " " + objectName(d.object()) + "): not a Service, not a KubeLB "
                        + "LoadBalancer, and not a resource of provider '" + provider.name() + "'");
            }
        }
        ApplianceConfig config = ApplianceConfig.EMPTY;
        if (problems.isEmpty()) {
            try {
                config = session.importConfig(recognized);
            } catch (ConfigurationException e) {
                e.problems().forEach(p -> problems.add(locate(locations, p)));
            }
        }
        if (problems.isEmpty()) {
            ValidationReport report = session.validate(config);
            report.errors().forEach(p -> problems.add(locate(locations, p)));
        }
        Map<String, KubeLbAddresses> addresses = new TreeMap<>();
        for (Documents.Doc d : sources) {
            if ("Addresses".equals(d.object().getKind())) {
                addresses.put(namespace(d.object()) + "/" + d.object().getMetadata().getName(),
                        Documents.SERIALIZATION.convertValue(d.object(), KubeLbAddresses.class));
            }
        }
        List<LoadBalancerRequest> requests = new ArrayList<>();
        List<Allocation> existing = new ArrayList<>();
        Map<LoadBalancerId, String> seen = new LinkedHashMap<>();
        for (Documents.Doc d : sources) {
            HasMetadata o = d.object();
            if ("Addresses".equals(o.getKind())) {
                continue;
            }
            String ns = namespace(o);
            LoadBalancerRequest r;
            List<IpAddress> held;
            try {
                if (o instanceof Service s) {
                    if (s.getMetadata().getNamespace() == null) {
                        s.getMetadata().setNamespace(ns);
                    }
                    r = Requests.fromService(s, namespaceLabels.getOrDefault(ns, Map.of()), nodeAddresses);
                    held = Requests.ingressAddresses(s);
                } else {
                    KubeLbLoadBalancer lb = Documents.SERIALIZATION.convertValue(o, KubeLbLoadBalancer.class);
                    lb.getMetadata().setNamespace(ns);
                    r = Requests.fromLoadBalancer(lb, namespaceLabels.getOrDefault(ns, Map.of()),
                            n -> Optional.ofNullable(addresses.get(ns + "/" + n)));
                    held = lb.getStatus() == null || lb.getStatus().loadBalancer == null
                            || lb.getStatus().loadBalancer.getIngress() == null ? List.of()
                            : lb.getStatus().loadBalancer.getIngress().stream()
                                    .filter(i -> i.getIp() != null && IpAddress.isValid(i.getIp()))
                                    .map(i -> IpAddress.parse(i.getIp())).toList();
                }
            } catch (ConfigurationException e) {
                e.problems().forEach(p -> problems.add(d.file() + ": " + p));
                continue;
            } catch (RuntimeException e) {
                problems.add(d.where() + ": invalid: " + Documents.firstLine(Documents.rootMessage(e)));
                continue;
            }
            String where = d.file() + ": document " + d.index();
            String previous = seen.putIfAbsent(r.id(), where);
            if (previous != null) {
                problems.add(where + ": " + o.getKind() + "/" + ns + "/" + o.getMetadata().getName()
                        + ": duplicate request (also at " + previous + ")");
                continue;
            }
            requests.add(r);
            List<IpAddress> pinned = held.isEmpty() ? r.requestedAddresses() : held;
            if (!pinned.isEmpty() && problems.isEmpty()) {
                existingAllocation(config, r, pinned).ifPresentOrElse(existing::add, () -> {
                    if (!held.isEmpty()) {
                        warnings.add(where + ": " + o.getKind() + "/" + ns + "/" + o.getMetadata().getName()
                                + ": status.loadBalancer.ingress " + held + " is in no pool; it gets a new address");
                    }
                });
            }
        }
        if (!problems.isEmpty()) {
            throw CliException.invalid(problems);
        }
        return new Scenario(provider, session, info, config,
                appliance.stream().map(Documents.Doc::object).toList(), List.copyOf(sources), List.copyOf(requests),
                List.copyOf(existing), warnings, locations, options, namespaceLabels);
    }

    /**
     * @param config the configuration
     * @param r a request
     * @param addresses the addresses it already holds or pins
     * @return an allocation in the pool that offers every address (the request's named pool first)
     */
    static Optional<Allocation> existingAllocation(ApplianceConfig config, LoadBalancerRequest r,
            List<IpAddress> addresses) {
        List<AddressPool> pools = new ArrayList<>(config.pools());
        r.pool().flatMap(config::pool).ifPresent(p -> {
            pools.remove(p);
            pools.add(0, p);
        });
        for (AddressPool p : pools) {
            if (addresses.stream().allMatch(p::offers)) {
                try {
                    return Optional.of(new Allocation(r.id(), p.name(), addresses, r.sharingKey()));
                } catch (ConfigurationException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    /**
     * @param p a problem reported by a provider or the planner
     * @return the problem as one line, prefixed with the file its object came from
     */
    String locate(Problem p) {
        return locate(locations, p);
    }

    private static String locate(Map<String, String> locations, Problem p) {
        String file = locations.get(p.object());
        if (file == null && !p.object().isEmpty()) {
            // Kind/namespace/name reported as Kind/name or the other way round
            String[] parts = p.object().split("/");
            file = locations.get(parts[0] + "/" + parts[parts.length - 1]);
        }
        if (file == null) {
            file = locations.values().stream().distinct().reduce((a, b) -> a + "," + b).orElse("(input)");
        }
        return file + ": " + p;
    }

    /**
     * @param e a configuration exception
     * @return its problems, each located in its file
     */
    List<String> locate(ConfigurationException e) {
        return e.problems().stream().map(this::locate).toList();
    }

    static boolean isService(HasMetadata o) {
        return "v1".equals(o.getApiVersion()) && "Service".equals(o.getKind());
    }

    static String namespace(HasMetadata o) {
        String ns = o.getMetadata().getNamespace();
        return ns == null || ns.isBlank() ? "default" : ns;
    }

    static String objectName(HasMetadata o) {
        String ns = o.getMetadata().getNamespace();
        return (ns == null || ns.isBlank() ? "" : ns + "/") + o.getMetadata().getName();
    }

    static String defaultNamespace(String provider) {
        return switch (provider) {
            case "metallb" -> "metallb-system";
            case "cilium" -> "kube-system";
            default -> "kubelb-system";
        };
    }

    @Override
    public void close() {
        session.close();
    }
}
