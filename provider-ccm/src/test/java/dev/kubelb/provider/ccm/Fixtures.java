package dev.kubelb.provider.ccm;

import dev.kubelb.api.ExposureOptions;
import dev.kubelb.api.HealthCheck;
import dev.kubelb.api.LoadBalancerRequest;
import dev.kubelb.api.PortSpec;
import dev.kubelb.api.Protocol;
import dev.kubelb.api.Visibility;
import dev.kubelb.spi.ProviderContext;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Requests and sessions shared by the tests. */
final class Fixtures {
    static final CloudProfiles PROFILES = CloudProfiles.load();

    private Fixtures() {
    }

    static CloudProfile profile(String name) {
        return PROFILES.require(name);
    }

    static CcmSession session(String cloud) {
        return (CcmSession) new CcmProvider().open(new ProviderContext(Optional.empty(), "kube-system",
                dev.kubelb.spi.ClusterInfo.UNKNOWN, Map.of(CcmProvider.OPTION_CLOUD, cloud)));
    }

    /** @return a request builder with one TCP port 443 named https */
    static LoadBalancerRequest.Builder web() {
        return LoadBalancerRequest.builder("tenant-a", "web").port(PortSpec.of("https", Protocol.TCP, 443));
    }

    static ExposureOptions exposure(Visibility visibility) {
        return new ExposureOptions(Optional.ofNullable(visibility), Optional.empty(), HealthCheck.DEFAULT, false,
                List.of());
    }

    static ExposureOptions subnet(Visibility visibility, String subnet) {
        return new ExposureOptions(Optional.ofNullable(visibility), Optional.of(subnet), HealthCheck.DEFAULT, false,
                List.of());
    }

    /** @return every health-check field set: HTTP on 8080, /healthz, every 10 s, 3 up, 2 down */
    static HealthCheck fullHealthCheck() {
        return new HealthCheck(Optional.of("HTTP"), Optional.of(8080), Optional.of("/healthz"), Optional.of(10),
                Optional.of(3), Optional.of(2));
    }

    static ExposureOptions healthCheck(HealthCheck hc) {
        return new ExposureOptions(Optional.empty(), Optional.empty(), hc, false, List.of());
    }

    static ExposureOptions proxyAndRanges() {
        return new ExposureOptions(Optional.empty(), Optional.empty(), HealthCheck.DEFAULT, true,
                List.of("203.0.113.0/24", "2001:db8::/32"));
    }
}
