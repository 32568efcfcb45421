package dev.kubelb.provider.metallb.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelb.api.Allocation;
import dev.kubelb.api.AllocationFailure;
import dev.kubelb.api.ApplianceConfig;
import dev.kubelb.api.IpAddress;
import dev.kubelb.api.IpFamily;
import dev.kubelb.api.IpFamilyPolicy;
import dev.kubelb.api.LoadBalancerRequest;
import dev.kubelb.api.PortSpec;
import dev.kubelb.api.Protocol;
import dev.kubelb.api.TrafficPolicy;
import dev.kubelb.core.Plan;
import dev.kubelb.core.Planner;
import dev.kubelb.provider.metallb.MetalLbSession;
import dev.kubelb.spi.ProviderContext;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Replays one of MetalLB's stateful allocator test tables through the path the CLI and the engine use:
 * the MetalLB configuration is imported from YAML by the provider session, and every step re-plans all
 * Services with the {@link Planner}, each Service holding (its status) what the previous steps gave it.
 * A failing step leaves the Service as it was (MetalLB's allocator: a failing Assign changes nothing).
 */
final class Script {
    private static final KubernetesSerialization YAML = new KubernetesSerialization();
    private final MetalLbSession session = new MetalLbSession(ProviderContext.offline("metallb-system"));
    private ApplianceConfig config;
    private final String upstream;
    private final Map<String, LoadBalancerRequest> services = new LinkedHashMap<>();
    private final Map<String, Allocation> held = new LinkedHashMap<>();

    /**
     * @param upstream the upstream test function, e.g. {@code internal/allocator/allocator_test.go TestAssignment}
     * @param metallbYaml the MetalLB configuration objects
     */
    Script(String upstream, String metallbYaml) {
        this.upstream = upstream;
        this.config = importYaml(metallbYaml);
    }

    private ApplianceConfig importYaml(String metallbYaml) {
        Object parsed = metallbYaml.isBlank() ? List.of() : YAML.unmarshal(metallbYaml);
        @SuppressWarnings("unchecked")
        List<HasMetadata> objects = parsed instanceof List<?> l ? (List<HasMetadata>) l : List.of((HasMetadata) parsed);
        return session.importConfig(objects);
    }

    /**
     * The MetalLB configuration changes (upstream {@code SetPools}): every Service is planned again with what
     * it holds, and who holds what afterwards is recorded.
     *
     * @return the plan
     */
    Plan reload(String metallbYaml) {
        config = importYaml(metallbYaml);
        Plan plan = plan(services);
        held.clear();
        for (Allocation a : plan.allocations()) {
            held.put(a.id().name(), a);
        }
        return plan;
    }

    /** A Service as the upstream table describes it. */
    static final class Svc {
        private final String key;
        private String namespace = "default";
        private final Map<String, String> labels = new LinkedHashMap<>();
        private final List<String> ips = new ArrayList<>();
        private final List<PortSpec> ports = new ArrayList<>();
        private String sharingKey;
        private String backendKey;
        private String pool;
        private IpFamilyPolicy policy;
        private final List<IpFamily> families = new ArrayList<>();

        Svc(String key) {
            this.key = key;
        }

        Svc ns(String v) {
            namespace = v;
            return this;
        }

        Svc label(String k, String v) {
            labels.put(k, v);
            return this;
        }

        Svc ips(String... v) {
            ips.addAll(List.of(v));
            return this;
        }

        /** @param specs {@code tcp/80} style ports */
        Svc ports(String... specs) {
            for (String s : specs) {
                String[] p = s.split("/");
                ports.add(PortSpec.of(p[0] + "-" + p[1], Protocol.valueOf(p[0].toUpperCase()), Integer.parseInt(p[1])));
            }
            return this;
        }

        Svc sharing(String v) {
            sharingKey = v;
            return this;
        }

        /** MetalLB's backend key: the Service's selector under externalTrafficPolicy Local. */
        Svc backend(String v) {
            backendKey = v;
            return this;
        }

        Svc pool(String v) {
            pool = v;
            return this;
        }

        Svc family(IpFamilyPolicy p, IpFamily... f) {
            policy = p;
            families.addAll(List.of(f));
            return this;
        }

        LoadBalancerRequest request() {
            LoadBalancerRequest.Builder b = LoadBalancerRequest.builder(namespace, key);
            b.ports(ports.isEmpty() ? List.of(PortSpec.tcp(80)) : ports);
            labels.forEach(b::label);
            if (!ips.isEmpty()) {
                b.requestedAddresses(ips.toArray(String[]::new));
            }
            if (sharingKey != null) {
                b.sharingKey(sharingKey);
            }
            if (backendKey != null) {
                b.trafficPolicy(TrafficPolicy.LOCAL).podSelector(Map.of("app", backendKey));
            }
            if (pool != null) {
                b.pool(pool);
            }
            Set<IpFamily> pinned = new HashSet<>();
            ips.forEach(i -> pinned.add(IpAddress.parse(i).family()));
            if (policy != null) {
                b.ipFamilyPolicy(policy);
                b.ipFamilies(families.toArray(IpFamily[]::new));
            } else if (pinned.size() == 2) {
                b.ipFamilyPolicy(IpFamilyPolicy.REQUIRE_DUAL_STACK).ipFamilies(IpFamily.IPV4, IpFamily.IPV6);
            }
            return b.build();
        }
    }

    static Svc svc(String key) {
        return new Svc(key);
    }

    /**
     * One step: the Service is created or changed, everything is planned again.
     *
     * @param desc the upstream case's {@code desc}
     * @param s the Service
     * @param wantErr whether MetalLB refuses it
     * @return the addresses it got (empty on failure)
     */
    List<IpAddress> step(String desc, Svc s, boolean wantErr) {
        String what = upstream + " \"" + desc + "\"";
        LoadBalancerRequest r = s.request();
        // the changed Service comes last: MetalLB's controller handles its event with every other Service
        // already converged, and our documented rule serves claims in input order
        Map<String, LoadBalancerRequest> next = new LinkedHashMap<>(services);
        next.remove(s.key);
        next.put(s.key, r);
        Map<String, Allocation> before = new LinkedHashMap<>(held);
        Plan plan = plan(next);
        Optional<AllocationFailure> failure = plan.failures().stream().filter(f -> f.id().equals(r.id())).findFirst();
        Optional<Allocation> got = plan.allocations().stream().filter(a -> a.id().equals(r.id())).findFirst();
        if (wantErr) {
            assertThat(failure).as(what + ": MetalLB refuses it; we gave " + got).isPresent();
            // the others keep what they hold
            for (Map.Entry<String, Allocation> e : before.entrySet()) {
                if (!e.getKey().equals(s.key)) {
                    assertThat(plan.allocations()).as(what + ": " + e.getKey() + " keeps its address")
                            .contains(e.getValue());
                }
            }
            return List.of();
        }
        assertThat(failure).as(what + ": MetalLB accepts it").isEmpty();
        assertThat(got).as(what).isPresent();
        if (!s.ips.isEmpty()) {
            assertThat(got.get().addresses()).as(what).containsExactlyInAnyOrderElementsOf(
                    s.ips.stream().map(IpAddress::parse).toList());
        }
        services.clear();
        services.putAll(next);
        held.clear();
        for (Allocation a : plan.allocations()) {
            held.put(a.id().name(), a);
        }
        return got.get().addresses();
    }

    /** The Service is deleted or stops asking (upstream {@code Unassign}, or {@code ips: []}). */
    void free(String key) {
        services.remove(key);
        held.remove(key);
    }

    /** @return who holds what */
    Map<String, Allocation> held() {
        return held;
    }

    private Plan plan(Map<String, LoadBalancerRequest> requests) {
        List<Allocation> existing = new ArrayList<>();
        for (Map.Entry<String, Allocation> e : held.entrySet()) {
            LoadBalancerRequest r = requests.get(e.getKey());
            if (r != null) {
                Allocation a = e.getValue();
                existing.add(new Allocation(r.id(), a.pool(), a.addresses(), a.sharingKey()));
            }
        }
        return Planner.builder(session).managesConfiguration(false).build().plan(config,
                List.copyOf(requests.values()), existing);
    }
}
