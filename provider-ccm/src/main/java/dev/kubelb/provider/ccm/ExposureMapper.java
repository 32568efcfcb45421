package dev.kubelb.provider.ccm;

import dev.kubelb.api.ExposureOptions;
import dev.kubelb.api.HealthCheck;
import dev.kubelb.api.IpAddress;
import dev.kubelb.api.IpFamily;
import dev.kubelb.api.IpFamilyPolicy;
import dev.kubelb.api.LoadBalancerRequest;
import dev.kubelb.api.PortSpec;
import dev.kubelb.api.Problem;
import dev.kubelb.api.Visibility;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Translates a request's neutral options into one cloud's annotations and Service fields, following a
 * {@link CloudProfile}. Pure: no I/O, deterministic output.
 */
final class ExposureMapper {

    /**
     * What a request becomes on one cloud.
     *
     * @param annotations the cloud annotations (fixed ones and those of the options), sorted
     * @param loadBalancerIp the value for {@code spec.loadBalancerIP}, when the cloud takes the address there
     * @param sourceRanges the value for {@code spec.loadBalancerSourceRanges}
     * @param problems every option the cloud refuses, with the reason
     */
    record Mapped(Map<String, String> annotations, Optional<String> loadBalancerIp, List<String> sourceRanges,
            List<Problem> problems) {
        Mapped {
            annotations = java.util.Collections.unmodifiableMap(new TreeMap<>(annotations));
            sourceRanges = List.copyOf(sourceRanges);
            problems = List.copyOf(problems);
        }
    }

    private final CloudProfile profile;
    private final LoadBalancerRequest request;
    private final String object;
    private final Visibility visibility;
    private final Map<String, String> annotations = new TreeMap<>();
    private final Map<String, String> writer = new LinkedHashMap<>();
    private final List<String> sourceRanges = new ArrayList<>();
    private final List<Problem> problems = new ArrayList<>();
    private String loadBalancerIp;

    private ExposureMapper(CloudProfile profile, LoadBalancerRequest request) {
        this.profile = profile;
        this.request = request;
        this.object = objectName(request);
        this.visibility = request.exposure().visibility().orElse(Visibility.PUBLIC);
    }

    /**
     * @param request a request
     * @return how problems about the request name it
     */
    static String objectName(LoadBalancerRequest request) {
        return "LoadBalancerRequest/" + request.id();
    }

    /**
     * @param profile the cloud
     * @param request the request
     * @return the cloud's spelling of the request's options, and every refusal
     */
    static Mapped map(CloudProfile profile, LoadBalancerRequest request) {
        ExposureMapper m = new ExposureMapper(profile, request);
        m.run();
        return new Mapped(m.annotations, Optional.ofNullable(m.loadBalancerIp), m.sourceRanges, m.problems);
    }

    private void run() {
        profile.fixedAnnotations().forEach((k, v) -> put("fixed", k, v, "fixed"));
        ExposureOptions x = request.exposure();
        apply(visibility == Visibility.INTERNAL ? NeutralOption.VISIBILITY_INTERNAL : NeutralOption.VISIBILITY_PUBLIC,
                visibility.name().toLowerCase(Locale.ROOT), "exposure.visibility");
        families();
        List<IpAddress> requested = request.requestedAddresses();
        for (int i = 0; i < requested.size(); i++) {
            IpAddress a = requested.get(i);
            apply(a.family() == IpFamily.IPV4 ? NeutralOption.ADDRESS_IPV4 : NeutralOption.ADDRESS_IPV6, a.toString(),
                    "requestedAddresses[" + i + "]");
        }
        x.subnet().ifPresent(s -> apply(NeutralOption.SUBNET, s, NeutralOption.SUBNET.requestField()));
        HealthCheck hc = x.healthCheck();
        hc.protocol().ifPresent(v -> apply(NeutralOption.HEALTH_CHECK_PROTOCOL, v,
                NeutralOption.HEALTH_CHECK_PROTOCOL.requestField()));
        hc.port().ifPresent(v -> apply(NeutralOption.HEALTH_CHECK_PORT, v.toString(),
                NeutralOption.HEALTH_CHECK_PORT.requestField()));
        hc.path().ifPresent(v -> apply(NeutralOption.HEALTH_CHECK_PATH, v,
                NeutralOption.HEALTH_CHECK_PATH.requestField()));
        hc.intervalSeconds().ifPresent(v -> apply(NeutralOption.HEALTH_CHECK_INTERVAL, v.toString(),
                NeutralOption.HEALTH_CHECK_INTERVAL.requestField()));
        hc.healthyThreshold().ifPresent(v -> apply(NeutralOption.HEALTH_CHECK_HEALTHY_THRESHOLD, v.toString(),
                NeutralOption.HEALTH_CHECK_HEALTHY_THRESHOLD.requestField()));
        hc.unhealthyThreshold().ifPresent(v -> apply(NeutralOption.HEALTH_CHECK_UNHEALTHY_THRESHOLD, v.toString(),
                NeutralOption.HEALTH_CHECK_UNHEALTHY_THRESHOLD.requestField()));
        if (x.proxyProtocol()) {
            apply(NeutralOption.PROXY_PROTOCOL, "true", NeutralOption.PROXY_PROTOCOL.requestField());
        }
        if (!x.sourceRanges().isEmpty()) {
            apply(NeutralOption.SOURCE_RANGES, String.join(",", x.sourceRanges()),
                    NeutralOption.SOURCE_RANGES.requestField());
        }
    }

    private void families() {
        List<IpFamily> families = request.effectiveFamilies();
        IpFamilyPolicy policy = request.ipFamilyPolicy();
        IpFamily primary = families.get(0);
        if (policy == IpFamilyPolicy.REQUIRE_DUAL_STACK) {
            apply(NeutralOption.DUAL_STACK, "true", "ipFamilyPolicy");
            return;
        }
        if (policy == IpFamilyPolicy.PREFER_DUAL_STACK && families.size() == 2 && dualStackAllowed()) {
            apply(NeutralOption.DUAL_STACK, "true", "ipFamilyPolicy");
            return;
        }
        if (!profile.ipFamilies().contains(primary)) {
            problems.add(Problem.of(object, "ipFamilies", "cloud '" + profile.name() + "' serves no single-stack "
                    + primary.kubernetesName() + " load balancers (it serves " + familyNames() + ")"));
        }
    }

    private boolean dualStackAllowed() {
        return profile.mapping(NeutralOption.DUAL_STACK)
                .map(m -> m.onlyFor().isEmpty() || m.onlyFor().get() == visibility).orElse(false);
    }

    private String familyNames() {
        List<String> names = new ArrayList<>();
        profile.ipFamilies().forEach(f -> names.add(f.kubernetesName()));
        return String.join(", ", names);
    }

    private void apply(NeutralOption option, String value, String field) {
        Optional<CloudProfile.OptionMapping> mapping = profile.mapping(option);
        String note = profile.note(option).map(n -> ": " + n).orElse("");
        if (mapping.isEmpty()) {
            problems.add(Problem.of(object, field, "cloud '" + profile.name() + "' does not support " + option.key()
                    + note));
            return;
        }
        Optional<Visibility> onlyFor = mapping.get().onlyFor();
        if (onlyFor.isPresent() && onlyFor.get() != visibility) {
            problems.add(Problem.of(object, field, "cloud '" + profile.name() + "' supports " + option.key()
                    + " only for " + lower(onlyFor.get()) + " load balancers, this one is " + lower(visibility) + note));
            return;
        }
        for (CloudProfile.Target t : mapping.get().targets()) {
            if (t.key().equals(CloudProfile.FIELD_LOAD_BALANCER_IP)) {
                if (loadBalancerIp != null && !loadBalancerIp.equals(value)) {
                    problems.add(Problem.of(object, field, "cloud '" + profile.name() + "' takes a single address in "
                            + CloudProfile.FIELD_LOAD_BALANCER_IP + ", already set to " + loadBalancerIp));
                } else {
                    loadBalancerIp = value;
                }
            } else if (t.key().equals(CloudProfile.FIELD_SOURCE_RANGES)) {
                sourceRanges.addAll(request.exposure().sourceRanges());
            } else if (t.perPort()) {
                for (PortSpec p : request.ports()) {
                    Map.Entry<String, String> e = t.expand(value, p.port());
                    put(option.key(), e.getKey(), e.getValue(), field);
                }
            } else {
                Map.Entry<String, String> e = t.expand(value, 0);
                put(option.key(), e.getKey(), e.getValue(), field);
            }
        }
    }

    private void put(String option, String key, String value, String field) {
        String previous = annotations.get(key);
        if (previous != null && !previous.equals(value)) {
            problems.add(Problem.of(object, field, "cloud '" + profile.name() + "' writes " + key + " for both "
                    + writer.get(key) + " ('" + previous + "') and " + option + " ('" + value + "')"));
            return;
        }
        annotations.put(key, value);
        writer.putIfAbsent(key, option);
    }

    private static String lower(Visibility v) {
        return v.name().toLowerCase(Locale.ROOT);
    }
}
