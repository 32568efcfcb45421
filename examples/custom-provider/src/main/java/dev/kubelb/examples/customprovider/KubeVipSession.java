package dev.kubelb.examples.customprovider;

import dev.kubelb.api.AddressPool;
import dev.kubelb.api.AddressRange;
import dev.kubelb.api.AdvertisementPreview;
import dev.kubelb.api.Allocation;
import dev.kubelb.api.ApplianceConfig;
import dev.kubelb.api.ConfigurationException;
import dev.kubelb.api.IpAddress;
import dev.kubelb.api.IpFamily;
import dev.kubelb.api.L2Announcement;
import dev.kubelb.api.LoadBalancerRequest;
import dev.kubelb.api.PoolScope;
import dev.kubelb.api.Problem;
import dev.kubelb.api.ValidationReport;
import dev.kubelb.spi.ApplianceStatus;
import dev.kubelb.spi.Assignment;
import dev.kubelb.spi.ProviderSession;
import dev.kubelb.spi.ResourceKind;
import dev.kubelb.spi.RouteAdvertiser;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step 2 of writing a provider: the session, a pure translator between kubelb's neutral model and
 * kube-vip's own objects. No I/O happens here; the engine reads and applies objects.
 *
 * <p>kube-vip's configuration is one ConfigMap, {@code kube-system/kubevip}, read by
 * kube-vip-cloud-provider: {@code cidr-global} / {@code range-global} hold the pool every namespace
 * may use, {@code cidr-<namespace>} / {@code range-<namespace>} a namespace's own pool; values are
 * comma-separated lists. It maps onto the neutral model as one {@link AddressPool} per suffix: the
 * pool {@code global} is unscoped, a namespace's pool is scoped to that namespace (tenant).
 */
final class KubeVipSession implements ProviderSession, RouteAdvertiser {

    /** The ConfigMap kube-vip-cloud-provider reads its pools from. */
    static final String CONFIG_MAP = "kubevip";
    /** Its namespace. */
    static final String NAMESPACE = "kube-system";
    /** The suffix of the pool every namespace may use. */
    static final String GLOBAL = "global";
    /** The Service annotation kube-vip announces (comma list, one address per family). */
    static final String IPS_ANNOTATION = "kube-vip.io/loadbalancerIPs";
    /** The load balancer class kube-vip serves; other controllers (a cloud CCM) leave such Services alone. */
    static final String LB_CLASS = "kube-vip.io/kube-vip-class";

    private static final String OBJECT = "ConfigMap/" + CONFIG_MAP;
    private static final Logger LOG = LoggerFactory.getLogger(KubeVipSession.class);
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    @Override
    public String providerName() {
        return KubeVipProvider.NAME;
    }

    @Override
    public List<ResourceKind> configKinds() {
        return List.of(new ResourceKind("", "v1", "ConfigMap", "configmaps", true));
    }

    @Override
    public boolean recognizes(HasMetadata object) {
        return "v1".equals(object.getApiVersion()) && "ConfigMap".equals(object.getKind())
                && object.getMetadata() != null && CONFIG_MAP.equals(object.getMetadata().getName())
                && NAMESPACE.equals(object.getMetadata().getNamespace());
    }

    // ---- configuration: ConfigMap -> neutral model -------------------------------------------------

    @Override
    public ApplianceConfig importConfig(List<? extends HasMetadata> objects) {
        // pool suffix -> entries, kept apart by key kind so that rendering puts each back where it was
        Map<String, List<AddressRange>> cidrs = new TreeMap<>();
        Map<String, List<AddressRange>> ranges = new TreeMap<>();
        List<Problem> problems = new ArrayList<>();
        for (HasMetadata object : objects) {
            if (!recognizes(object)) {
                continue;
            }
            Map<String, String> data = new TreeMap<>(Objects.requireNonNullElse(toConfigMap(object).getData(), Map.of()));
            data.forEach((key, value) -> readEntry(key, value, cidrs, ranges, problems));
        }
        List<AddressPool> pools = new ArrayList<>();
        List<String> names = new ArrayList<>(cidrs.keySet());
        ranges.keySet().stream().filter(n -> !cidrs.containsKey(n)).forEach(names::add);
        // deterministic order: the global pool first, then namespaces by name
        names.sort(Comparator.comparing((String n) -> !n.equals(GLOBAL)).thenComparing(n -> n));
        for (String name : names) {
            List<AddressRange> all = new ArrayList<>(cidrs.getOrDefault(name, List.of()));
            all.addAll(ranges.getOrDefault(name, List.of()));
            try {
                pools.add(new AddressPool(name, all, true, false, scopeOf(name), false, Map.of()));
            } catch (ConfigurationException e) {
                e.problems().forEach(p -> problems.add(Problem.of(OBJECT, "data", "pool '" + name + "': " + p.message())));
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
        return new ApplianceConfig(pools, List.of(), List.of(), List.of(), List.of());
    }

    private static void readEntry(String key, String value, Map<String, List<AddressRange>> cidrs,
            Map<String, List<AddressRange>> ranges, List<Problem> problems) {
        boolean cidr = key.startsWith("cidr-");
        if (!cidr && !key.startsWith("range-")) {
            // search-order, allow-share-*, interface-*… steer kube-vip's own allocator or interfaces;
            // refuse them rather than drop them silently when the ConfigMap is rendered back
            problems.add(Problem.of(OBJECT, "data." + key, "not supported by this provider "
                    + "(supported keys: cidr-global, range-global, cidr-<namespace>, range-<namespace>)"));
            return;
        }
        String pool = key.substring(key.indexOf('-') + 1);
        String[] entries = value.split(",", -1);
        for (int i = 0; i < entries.length; i++) {
            String field = "data." + key + "[" + i + "]";
            try {
                AddressRange r = AddressRange.parse(entries[i].trim());
                if (r.isCidr() != cidr) {
                    problems.add(Problem.of(OBJECT, field, "'" + r + "' is " + (cidr
                            ? "not a CIDR; put first-last ranges under range-" + pool
                            : "a CIDR; put CIDRs under cidr-" + pool)));
                    continue;
                }
                (cidr ? cidrs : ranges).computeIfAbsent(pool, k -> new ArrayList<>()).add(r);
            } catch (ConfigurationException e) {
                problems.addAll(e.locate(OBJECT, field).problems());
            }
        }
    }

    private static Optional<PoolScope> scopeOf(String pool) {
        return pool.equals(GLOBAL) ? Optional.empty()
                : Optional.of(new PoolScope(Optional.empty(), List.of(pool), List.of(), List.of()));
    }

    private static ConfigMap toConfigMap(HasMetadata object) {
        // objects parsed from YAML may arrive generic: convert them to the typed model
        return object instanceof GenericKubernetesResource g ? SERIALIZATION.convertValue(g, ConfigMap.class)
                : (ConfigMap) object;
    }

    @Override
    public ValidationReport validate(ApplianceConfig config) {
        List<Problem> errors = new ArrayList<>();
        for (AddressPool pool : config.pools()) {
            String object = "pool/" + pool.name();
            if (!pool.scope().equals(scopeOf(pool.name()))) {
                errors.add(Problem.of(object, "scope", "kube-vip has one unscoped pool named '" + GLOBAL
                        + "' and one pool per namespace, named after the namespace and scoped to it alone"));
            }
            if (!pool.autoAssign() || pool.avoidBuggyIps() || pool.allowCrossTenantSharing() || !pool.labels().isEmpty()) {
                errors.add(Problem.of(object, "", "autoAssign=false, avoidBuggyIPs, cross-tenant sharing and labels "
                        + "cannot be expressed in the kubevip ConfigMap"));
            }
            for (AddressPool other : config.pools()) {
                if (other.name().compareTo(pool.name()) > 0 && pool.ranges().stream()
                        .anyMatch(r -> other.ranges().stream().anyMatch(r::overlaps))) {
                    errors.add(Problem.of(object, "ranges", "overlaps pool '" + other.name() + "'"));
                }
            }
        }
        if (!config.advertisements().isEmpty() || !config.peers().isEmpty() || !config.communityAliases().isEmpty()
                || !config.bfdProfiles().isEmpty()) {
            errors.add(Problem.of(OBJECT, "", "kube-vip's ARP/BGP settings are flags of its own deployment; "
                    + "this provider configures address pools only"));
        }
        List<Problem> warnings = config.pools().isEmpty()
                ? List.of(Problem.of(OBJECT, "data", "no pool: only Services asking for an address can be served"))
                : List.of();
        return new ValidationReport(errors, warnings);
    }

    // ---- configuration: neutral model -> ConfigMap -------------------------------------------------

    @Override
    public List<HasMetadata> renderConfig(ApplianceConfig config, List<Assignment> assignments) {
        validate(config).throwIfInvalid();
        Map<String, String> data = new TreeMap<>(); // sorted keys: byte-stable output
        for (AddressPool pool : config.pools()) {
            put(data, "cidr-" + pool.name(), pool.ranges().stream().filter(AddressRange::isCidr));
            put(data, "range-" + pool.name(), pool.ranges().stream().filter(r -> !r.isCidr()));
        }
        LOG.debug("rendering {} pool(s) into ConfigMap {}/{}", config.pools().size(), NAMESPACE, CONFIG_MAP);
        return List.of(new ConfigMapBuilder().withNewMetadata().withName(CONFIG_MAP).withNamespace(NAMESPACE)
                .endMetadata().withData(data).build());
    }

    private static void put(Map<String, String> data, String key, java.util.stream.Stream<AddressRange> ranges) {
        String value = ranges.map(AddressRange::text).collect(Collectors.joining(","));
        if (!value.isEmpty()) {
            data.put(key, value);
        }
    }

    // ---- Services ----------------------------------------------------------------------------------

    @Override
    public Service renderService(LoadBalancerRequest request, Optional<Allocation> allocation, ApplianceConfig config) {
        List<IpFamily> families = request.effectiveFamilies();
        ServiceBuilder svc = new ServiceBuilder().withNewMetadata().withName(request.id().name())
                .withNamespace(request.id().tenant()).endMetadata()
                .withNewSpec()
                .withType("LoadBalancer")
                .withLoadBalancerClass(LB_CLASS)
                .withIpFamilyPolicy(request.ipFamilyPolicy().kubernetesName())
                .withIpFamilies(families.stream().map(IpFamily::kubernetesName).toList())
                .withExternalTrafficPolicy(request.trafficPolicy().kubernetesName())
                .withSessionAffinity(request.sessionAffinity() ? "ClientIP" : "None")
                .withPorts(request.ports().stream().map(p -> new ServicePortBuilder().withName(p.name())
                        .withProtocol(p.protocol().name()).withPort(p.port()).build()).toList())
                .endSpec();
        // pin kubelb's allocation: kube-vip announces exactly these addresses (the preferred family first),
        // and kube-vip-cloud-provider does not allocate for a Service that already carries them
        allocation.ifPresent(a -> svc.editMetadata().addToAnnotations(IPS_ANNOTATION, a.addresses().stream()
                .sorted(Comparator.comparingInt((IpAddress ip) -> families.indexOf(ip.family()) < 0
                        ? Integer.MAX_VALUE : families.indexOf(ip.family())))
                .map(IpAddress::toString).collect(Collectors.joining(","))).endMetadata());
        return svc.build();
    }

    @Override
    public ApplianceStatus observe(Service service) {
        List<ApplianceStatus.Ingress> points = ApplianceStatus.Ingress.of(service);
        if (points.isEmpty()) {
            String pinned = service.getMetadata() == null || service.getMetadata().getAnnotations() == null ? null
                    : service.getMetadata().getAnnotations().get(IPS_ANNOTATION);
            return ApplianceStatus.pending(pinned == null ? "waiting for an address"
                    : "waiting for kube-vip to announce " + pinned);
        }
        return ApplianceStatus.ready(points);
    }

    // ---- announcements -----------------------------------------------------------------------------

    @Override
    public RouteAdvertiser advertiser() {
        return this;
    }

    /**
     * kube-vip's peers and interfaces are flags of its own deployment, invisible here: the preview lists
     * each allocated address as announced on the local network (ARP/NDP), sorted by request.
     */
    @Override
    public AdvertisementPreview advertisements(ApplianceConfig config, List<Assignment> assignments) {
        List<L2Announcement> l2 = assignments.stream()
                .sorted(Comparator.comparing(a -> a.request().id()))
                .flatMap(a -> a.allocation().addresses().stream()
                        .map(ip -> new L2Announcement(ip, a.request().id(), KubeVipProvider.NAME, List.of(), List.of())))
                .toList();
        return new AdvertisementPreview(List.of(), l2, List.of());
    }
}
