package dev.kubelb.core.input;

import dev.kubelb.api.IpAddress;
import dev.kubelb.core.input.ObjectRules.Issue;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The API server's rules for the specs kubelb reads: a core/v1 {@code Service}, after
 * {@code k8s.io/kubernetes/pkg/apis/core/validation/validation.go} ({@code ValidateService},
 * {@code validateServicePort}; enum values exactly as spelt there: {@code tcp} is not {@code TCP}), with the NodePort
 * range the API server allocates from ({@code --service-node-port-range}, default 30000-32767); and KubeLB's
 * {@code LoadBalancer} and {@code Addresses}, after their CRDs' schemas (protocols {@code TCP}/{@code UDP} only).
 * The trees are strictly typed already; these are the rules beyond types.
 */
final class ServiceRules {
    private static final Set<String> SERVICE_TYPES = Set.of("ClusterIP", "NodePort", "LoadBalancer", "ExternalName");
    private static final Set<String> PROTOCOLS = Set.of("TCP", "UDP", "SCTP");
    private static final Set<String> TRAFFIC_POLICIES = Set.of("Cluster", "Local");
    private static final Set<String> AFFINITIES = Set.of("None", "ClientIP");
    private static final Set<String> FAMILY_POLICIES = Set.of("SingleStack", "PreferDualStack", "RequireDualStack");
    private static final Set<String> FAMILIES = Set.of("IPv4", "IPv6");
    private static final Set<String> IP_MODES = Set.of("VIP", "Proxy");
    /** {@code core.MaxClientIPServiceAffinitySeconds}. */
    private static final int MAX_AFFINITY_SECONDS = 86_400;

    private ServiceRules() {
    }

    static void service(Map<?, ?> spec, Map<?, ?> status, int nodePortMin, int nodePortMax, List<Issue> issues) {
        String type = spec.get("type") instanceof String t ? t : "ClusterIP";
        oneOf(spec, "type", SERVICE_TYPES, "spec", issues);
        oneOf(spec, "externalTrafficPolicy", TRAFFIC_POLICIES, "spec", issues);
        oneOf(spec, "internalTrafficPolicy", TRAFFIC_POLICIES, "spec", issues);
        oneOf(spec, "sessionAffinity", AFFINITIES, "spec", issues);
        oneOf(spec, "ipFamilyPolicy", FAMILY_POLICIES, "spec", issues);
        if (spec.get("ipFamilies") instanceof List<?> families) {
            if (families.size() > 2) {
                issues.add(new Issue("spec.ipFamilies", "may specify no more than one IP for each IP family"));
            }
            Set<Object> seen = new HashSet<>();
            for (int i = 0; i < families.size(); i++) {
                Object f = families.get(i);
                if (!FAMILIES.contains(f)) {
                    issues.add(new Issue("spec.ipFamilies[" + i + "]", unsupported(f, FAMILIES)));
                } else if (!seen.add(f)) {
                    issues.add(new Issue("spec.ipFamilies[" + i + "]", "duplicate value '" + f + "'"));
                }
            }
        }
        if (spec.get("sessionAffinityConfig") instanceof Map<?, ?> sac && sac.get("clientIP") instanceof Map<?, ?> cip
                && cip.get("timeoutSeconds") instanceof Number t
                && (t.longValue() <= 0 || t.longValue() > MAX_AFFINITY_SECONDS)) {
            issues.add(new Issue("spec.sessionAffinityConfig.clientIP.timeoutSeconds", "must be greater than 0 and "
                    + "less than or equal to " + MAX_AFFINITY_SECONDS + ", is " + t));
        }
        ip(spec.get("loadBalancerIP"), "spec.loadBalancerIP", issues);
        if (spec.get("externalIPs") instanceof List<?> ips) {
            for (int i = 0; i < ips.size(); i++) {
                ip(ips.get(i), "spec.externalIPs[" + i + "]", issues);
            }
        }
        if (spec.get("loadBalancerClass") instanceof String c) {
            Names.qualifiedName(c).ifPresent(m -> issues.add(new Issue("spec.loadBalancerClass", m)));
            if (!"LoadBalancer".equals(type)) {
                issues.add(new Issue("spec.loadBalancerClass", "may only be used when `type` is 'LoadBalancer'"));
            }
        }
        if (spec.get("healthCheckNodePort") instanceof Number n && n.longValue() != 0) {
            nodePort(n, "spec.healthCheckNodePort", nodePortMin, nodePortMax, issues);
        }
        if (spec.get("ports") instanceof List<?> ports) {
            servicePorts(ports, type, nodePortMin, nodePortMax, issues);
        }
        if (status.get("loadBalancer") instanceof Map<?, ?> lb && lb.get("ingress") instanceof List<?> ingress) {
            for (int i = 0; i < ingress.size(); i++) {
                if (ingress.get(i) instanceof Map<?, ?> in) {
                    ip(in.get("ip"), "status.loadBalancer.ingress[" + i + "].ip", issues);
                    oneOf(in, "ipMode", IP_MODES, "status.loadBalancer.ingress[" + i + "]", issues);
                }
            }
        }
    }

    private static void servicePorts(List<?> ports, String type, int nodePortMin, int nodePortMax,
            List<Issue> issues) {
        Set<String> names = new HashSet<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < ports.size(); i++) {
            if (!(ports.get(i) instanceof Map<?, ?> p)) {
                continue;
            }
            String at = "spec.ports[" + i + "]";
            Object name = p.get("name");
            if (name instanceof String n && !n.isEmpty()) {
                Names.dns1123Label(n).ifPresent(m -> issues.add(new Issue(at + ".name", m)));
                if (!names.add(n)) {
                    issues.add(new Issue(at + ".name", "duplicate value '" + n + "'"));
                }
            } else if (ports.size() > 1) {
                issues.add(new Issue(at + ".name", "required when a Service has more than one port"));
            }
            if (!(p.get("port") instanceof Number port)) {
                issues.add(new Issue(at + ".port", "required"));
            } else {
                portNumber(port, at + ".port", issues);
                String protocol = p.get("protocol") instanceof String s ? s : "TCP";
                if (!ids.add(port + "/" + protocol)) {
                    issues.add(new Issue(at, "duplicate port " + port + "/" + protocol));
                }
            }
            if (p.containsKey("protocol")) {
                oneOf(p, "protocol", PROTOCOLS, at, issues);
            }
            if (p.get("nodePort") instanceof Number np && np.longValue() != 0) {
                if ("ClusterIP".equals(type) || "ExternalName".equals(type)) {
                    issues.add(new Issue(at + ".nodePort", "may not be used when `type` is '" + type + "'"));
                } else {
                    nodePort(np, at + ".nodePort", nodePortMin, nodePortMax, issues);
                }
            }
            Object target = p.get("targetPort");
            if (target instanceof Number t && t.longValue() != 0) {
                portNumber(t, at + ".targetPort", issues);
            } else if (target instanceof String s) {
                Names.portName(s).ifPresent(m -> issues.add(new Issue(at + ".targetPort", m)));
            } else if (target != null && !(target instanceof Number)) {
                issues.add(new Issue(at + ".targetPort", "must be a port number or a port name, not "
                        + StrictBinding.show(target)));
            }
        }
    }

    /** KubeLB's {@code LoadBalancer} (kubelb.k8c.io/v1alpha1) beyond types: ports, protocols, addresses. */
    static void kubeLbLoadBalancer(Map<?, ?> spec, List<Issue> issues) {
        if (spec.get("externalTrafficPolicy") != null) {
            oneOf(spec, "externalTrafficPolicy", TRAFFIC_POLICIES, "spec", issues);
        }
        if (spec.get("type") != null) {
            oneOf(spec, "type", SERVICE_TYPES, "spec", issues);
        }
        if (spec.get("persistence") instanceof Map<?, ?> persistence) {
            oneOf(persistence, "type", Set.of("SourceIP"), "spec.persistence", issues);
        }
        if (spec.get("ports") instanceof List<?> ports) {
            kubeLbPorts(ports, "spec.ports", issues);
        }
        if (spec.get("endpoints") instanceof List<?> endpoints) {
            for (int i = 0; i < endpoints.size(); i++) {
                if (endpoints.get(i) instanceof Map<?, ?> e) {
                    String at = "spec.endpoints[" + i + "]";
                    if (e.get("ports") instanceof List<?> ports) {
                        kubeLbPorts(ports, at + ".ports", issues);
                    }
                    if (e.get("addresses") instanceof List<?> addresses) {
                        addresses(addresses, at + ".addresses", issues);
                    }
                }
            }
        }
    }

    /** KubeLB's {@code Addresses}: every entry has an address or a host name, addresses valid. */
    static void kubeLbAddresses(Map<?, ?> spec, List<Issue> issues) {
        if (spec.get("addresses") instanceof List<?> addresses) {
            addresses(addresses, "spec.addresses", issues);
        }
    }

    private static void addresses(List<?> addresses, String at, List<Issue> issues) {
        for (int j = 0; j < addresses.size(); j++) {
            if (addresses.get(j) instanceof Map<?, ?> a) {
                String where = at + "[" + j + "]";
                if (isEmpty(a.get("ip")) && isEmpty(a.get("hostname"))) {
                    issues.add(new Issue(where, "at least one of ip or hostname must be set"));
                }
                ip(a.get("ip"), where + ".ip", issues);
            }
        }
    }

    private static boolean isEmpty(Object o) {
        return !(o instanceof String s) || s.isEmpty();
    }

    private static void kubeLbPorts(List<?> ports, String at, List<Issue> issues) {
        for (int i = 0; i < ports.size(); i++) {
            if (ports.get(i) instanceof Map<?, ?> p) {
                String where = at + "[" + i + "]";
                if (!(p.get("port") instanceof Number port)) {
                    issues.add(new Issue(where + ".port", "required"));
                } else {
                    portNumber(port, where + ".port", issues);
                }
                if (p.containsKey("protocol")) {
                    oneOf(p, "protocol", Set.of("TCP", "UDP"), where, issues);
                }
            }
        }
    }

    private static void portNumber(Number n, String field, List<Issue> issues) {
        if (n.longValue() < 1 || n.longValue() > 65_535) {
            issues.add(new Issue(field, "must be between 1 and 65535, inclusive, is " + n));
        }
    }

    private static void nodePort(Number n, String field, int min, int max, List<Issue> issues) {
        if (n.longValue() < 1 || n.longValue() > 65_535) {
            issues.add(new Issue(field, "must be between 1 and 65535, inclusive, is " + n));
        } else if (n.longValue() < min || n.longValue() > max) {
            issues.add(new Issue(field, "provided port is not in the valid range: the range of valid ports is "
                    + min + "-" + max + ", is " + n));
        }
    }

    private static void ip(Object v, String field, List<Issue> issues) {
        if (v instanceof String s && !s.isEmpty() && !IpAddress.isValid(s)) {
            issues.add(new Issue(field, "'" + Names.clip(s) + "' must be a valid IP address, (e.g. 10.9.8.7 or "
                    + "2001:db8::ffff)"));
        }
    }

    private static void oneOf(Map<?, ?> m, String key, Set<String> allowed, String at, List<Issue> issues) {
        Object v = m.get(key);
        if (v != null && !allowed.contains(v)) {
            issues.add(new Issue(at + "." + key, unsupported(v, allowed)));
        }
    }

    private static String unsupported(Object v, Set<String> allowed) {
        return "Unsupported value: " + (v instanceof String s ? "\"" + Names.clip(s) + "\"" : StrictBinding.show(v))
                + ": supported values: " + allowed.stream().sorted().map(a -> "\"" + a + "\"")
                        .reduce((a, b) -> a + ", " + b).orElse("");
    }
}
