package dev.kubelb.examples.cli;

import dev.kubelb.api.Allocation;
import dev.kubelb.api.ApplianceConfig;
import dev.kubelb.api.ConfigurationException;
import dev.kubelb.api.LoadBalancerId;
import dev.kubelb.api.LoadBalancerRequest;
import dev.kubelb.api.UsageSnapshot;
import dev.kubelb.core.KubeLbLabels;
import dev.kubelb.core.PoolAllocator;
import dev.kubelb.core.Requests;
import dev.kubelb.core.crd.KubeLbLoadBalancer;
import dev.kubelb.spi.ApplianceStatus;
import dev.kubelb.spi.Assignment;
import dev.kubelb.spi.ProviderSession;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a cluster holds for kubelb: every managed Service (the one the appliance serves), the allocation
 * recorded on it, the request it serves (read from its source: the tenant Service or KubeLB LoadBalancer)
 * and the appliance's answer. Read-only.
 */
final class ClusterView {
    /**
     * One load balancer.
     *
     * @param id the request
     * @param source {@code Service} or {@code LoadBalancer}
     * @param managed the managed Service's {@code namespace/name}
     * @param request the request, as read from its source (or, when the source is gone, from the managed Service)
     * @param allocation the allocation recorded on the managed Service
     * @param status the appliance's answer
     * @param ready the source's {@code Ready} condition, as {@code True} / {@code False: reason}, or empty
     */
    record Entry(LoadBalancerId id, String source, String managed, LoadBalancerRequest request,
            Optional<Allocation> allocation, ApplianceStatus status, String ready) {
    }

    final List<Entry> entries;

    private ClusterView(List<Entry> entries) {
        this.entries = entries;
    }

    static ClusterView read(KubernetesClient client, ProviderSession session) {
        return read(client, session, null, null);
    }

    /**
     * @param client the cluster
     * @param session the provider's session (reads the appliance's answer)
     * @param namespace only this tenant's load balancers, or null for all
     * @param progress told of each load balancer read, or null
     * @return the view
     */
    static ClusterView read(KubernetesClient client, ProviderSession session, String namespace,
            java.util.function.IntFunction<Progress> progress) {
        List<Entry> out = new ArrayList<>();
        List<Service> managed;
        try {
            managed = client.services().inAnyNamespace()
                    .withLabel(KubeLbLabels.MANAGED_BY, KubeLbLabels.MANAGER).list().getItems();
        } catch (KubernetesClientException e) {
            throw dev.kubelb.core.Applier.wrap("list managed Services", e);
        }
        if (namespace != null) {
            managed = managed.stream().filter(m -> namespace.equals(m.getMetadata().getLabels().get(
                    KubeLbLabels.TENANT))).toList();
        }
        try (Progress p = progress == null ? new Progress(null, false, "", 0) : progress.apply(managed.size())) {
            return new ClusterView(entries(client, session, managed, p));
        }
    }

    private static List<Entry> entries(KubernetesClient client, ProviderSession session, List<Service> managed,
            Progress progress) {
        List<Entry> out = new ArrayList<>();
        Map<String, Map<String, String>> tenantLabels = new java.util.TreeMap<>();
        for (Service m : managed) {
            Map<String, String> labels = m.getMetadata().getLabels();
            String tenant = labels.get(KubeLbLabels.TENANT);
            String name = labels.get(KubeLbLabels.REQUEST);
            if (tenant == null || name == null) {
                continue;
            }
            LoadBalancerId id = LoadBalancerId.of(tenant, name);
            String source = labels.getOrDefault(KubeLbLabels.SOURCE, "Service");
            LoadBalancerRequest request = null;
            String ready = "";
            // the tenant namespace's labels: what pool namespace selectors match
            Map<String, String> nsLabels = tenantLabels.computeIfAbsent(tenant, t -> {
                try {
                    io.fabric8.kubernetes.api.model.Namespace n = client.namespaces().withName(t).get();
                    return n == null || n.getMetadata().getLabels() == null ? Map.of()
                            : Map.copyOf(n.getMetadata().getLabels());
                } catch (KubernetesClientException e) {
                    return Map.of();
                }
            });
            try {
                if ("LoadBalancer".equals(source)) {
                    KubeLbLoadBalancer lb = client.resources(KubeLbLoadBalancer.class).inNamespace(tenant)
                            .withName(name).get();
                    if (lb != null) {
                        request = Requests.fromLoadBalancer(lb, nsLabels, n -> Optional.empty());
                    }
                } else {
                    Service s = client.services().inNamespace(tenant).withName(name).get();
                    if (s != null) {
                        request = Requests.fromService(s, nsLabels, List.of());
                        ready = ready(s);
                    }
                }
            } catch (ConfigurationException | KubernetesClientException e) {
                request = null;
            }
            if (request == null) {
                request = withId(Requests.fromService(m, nsLabels, List.of()), id);
            }
            out.add(new Entry(id, source, m.getMetadata().getNamespace() + "/" + m.getMetadata().getName(), request,
                    Requests.recordedAllocation(m), session.observe(m), ready));
            progress.step();
        }
        out.sort(Comparator.comparing((Entry e) -> e.id().tenant(), NaturalOrder.INSTANCE)
                .thenComparing(e -> e.id().name(), NaturalOrder.INSTANCE));
        return List.copyOf(out);
    }

    private static String ready(Service s) {
        if (s.getStatus() == null || s.getStatus().getConditions() == null) {
            return "";
        }
        for (Condition c : s.getStatus().getConditions()) {
            if (KubeLbLabels.READY.equals(c.getType())) {
                return "True".equals(c.getStatus()) ? "True"
                        : c.getStatus() + (c.getReason() == null ? "" : ": " + c.getReason());
            }
        }
        return "";
    }

    /**
     * @param r a request
     * @param id another id
     * @return the same request under {@code id}
     */
    static LoadBalancerRequest withId(LoadBalancerRequest r, LoadBalancerId id) {
        return new LoadBalancerRequest(id, r.ports(), r.backends(), r.ipFamilyPolicy(), r.ipFamilies(),
                r.requestedAddresses(), r.pool(), r.sharingKey(), r.sharingTenants(), r.trafficPolicy(),
                r.podSelector(), r.labels(), r.annotations(), r.tenantLabels(), r.loadBalancerClass(),
                r.sessionAffinity(), r.exposure());
    }

    /** @return the requests holding an allocation, with it */
    List<Assignment> assignments() {
        List<Assignment> out = new ArrayList<>();
        for (Entry e : entries) {
            e.allocation().ifPresent(a -> out.add(new Assignment(e.request(), a)));
        }
        return out;
    }

    /**
     * @param config the appliance configuration
     * @return utilisation per pool and tenant of the recorded allocations
     */
    /**
     * Utilisation per pool <em>and address family</em>: an IPv4 and an IPv6 count are never added into one total.
     *
     * @param config the appliance configuration
     * @return per pool, per family present in its ranges (IPv4 first): total, used, free and used per tenant
     */
    List<Map<String, Object>> usageByFamily(ApplianceConfig config) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (dev.kubelb.api.AddressPool p : config.pools()) {
            for (dev.kubelb.api.IpFamily family : dev.kubelb.api.IpFamily.values()) {
                List<dev.kubelb.api.AddressRange> ranges = p.ranges().stream().filter(r -> r.family() == family)
                        .toList();
                if (ranges.isEmpty()) {
                    continue;
                }
                dev.kubelb.api.AddressPool single = new dev.kubelb.api.AddressPool(p.name(), ranges, p.autoAssign(),
                        p.avoidBuggyIps(), p.scope(), p.allowCrossTenantSharing(), p.labels());
                java.math.BigInteger total = PoolAllocator.builder().pools(List.of(single)).build().snapshot()
                        .pool(p.name()).map(dev.kubelb.api.PoolUsage::total).orElse(java.math.BigInteger.ZERO);
                java.util.Set<dev.kubelb.api.IpAddress> used = new java.util.HashSet<>();
                Map<String, java.util.Set<dev.kubelb.api.IpAddress>> byTenant = new java.util.TreeMap<>(
                        NaturalOrder.INSTANCE);
                for (Assignment a : assignments()) {
                    if (!p.name().equals(a.allocation().pool())) {
                        continue;
                    }
                    for (dev.kubelb.api.IpAddress ip : a.allocation().addresses()) {
                        if (ip.family() == family) {
                            used.add(ip);
                            byTenant.computeIfAbsent(a.request().id().tenant(), t -> new java.util.HashSet<>()).add(ip);
                        }
                    }
                }
                Map<String, Object> m = new java.util.LinkedHashMap<>();
                m.put("pool", p.name());
                m.put("family", family == dev.kubelb.api.IpFamily.IPV4 ? "IPv4" : "IPv6");
                m.put("total", total.toString());
                m.put("used", String.valueOf(used.size()));
                m.put("free", total.subtract(java.math.BigInteger.valueOf(used.size())).toString());
                Map<String, Object> t = new java.util.LinkedHashMap<>();
                byTenant.forEach((k, v) -> t.put(k, String.valueOf(v.size())));
                m.put("usedByTenant", t);
                out.add(m);
            }
        }
        return NaturalOrder.sortBy(out, "pool");
    }

    UsageSnapshot usage(ApplianceConfig config) {
        PoolAllocator allocator = PoolAllocator.builder().pools(config.pools()).build();
        for (Assignment a : assignments()) {
            allocator.reserve(a.request(), a.allocation());
        }
        return allocator.snapshot();
    }
}
