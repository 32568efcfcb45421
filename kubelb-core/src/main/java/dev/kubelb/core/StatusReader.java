package dev.kubelb.core;

import dev.kubelb.api.IpAddress;
import dev.kubelb.core.crd.KubeLbLoadBalancer;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.LoadBalancerStatus;
import io.fabric8.kubernetes.api.model.Service;
import java.util.List;
import java.util.Objects;

/** Reads what a request source's status shows: the engine's Ready condition and the ingress. */
final class StatusReader {
    private StatusReader() {
    }

    /** @return the Ready condition: in status.conditions of a Service, in an annotation of a KubeLB LoadBalancer */
    static Condition ready(HasMetadata source) {
        if (!(source instanceof Service s)) {
            return ReadyAnnotation.read(source); // a KubeLB LoadBalancer: its CRD has no status.conditions
        }
        List<Condition> conditions = s.getStatus() == null || s.getStatus().getConditions() == null ? List.of()
                : s.getStatus().getConditions();
        return conditions.stream().filter(c -> KubeLbLabels.READY.equals(c.getType())).findFirst().orElse(null);
    }

    static LoadBalancerStatus loadBalancer(HasMetadata source) {
        if (source instanceof Service s) {
            return s.getStatus() == null ? null : s.getStatus().getLoadBalancer();
        }
        KubeLbLoadBalancer lb = (KubeLbLoadBalancer) source;
        return lb.getStatus() == null ? null : lb.getStatus().loadBalancer;
    }

    /** @return the IP addresses in the status' ingress (hostnames and invalid entries left out) */
    static List<IpAddress> addresses(HasMetadata source) {
        LoadBalancerStatus st = loadBalancer(source);
        return st == null || st.getIngress() == null ? List.of() : st.getIngress().stream()
                .map(LoadBalancerIngress::getIp).filter(ip -> ip != null && IpAddress.isValid(ip)).map(IpAddress::parse)
                .toList();
    }

    static boolean hasIngress(HasMetadata source) {
        LoadBalancerStatus lbs = loadBalancer(source);
        return lbs != null && lbs.getIngress() != null && !lbs.getIngress().isEmpty();
    }

    static boolean sameCondition(Condition old, String status, String reason, String message) {
        return old != null && status.equals(old.getStatus()) && reason.equals(old.getReason())
                && message.equals(old.getMessage());
    }

    static boolean ingressEqual(LoadBalancerStatus a, LoadBalancerStatus b) {
        List<LoadBalancerIngress> x = a == null || a.getIngress() == null ? List.of() : a.getIngress();
        List<LoadBalancerIngress> y = b.getIngress() == null ? List.of() : b.getIngress();
        if (x.size() != y.size()) {
            return false;
        }
        for (int i = 0; i < x.size(); i++) {
            if (!Objects.equals(x.get(i).getIp(), y.get(i).getIp())
                    || !Objects.equals(x.get(i).getHostname(), y.get(i).getHostname())
                    || !Objects.equals(x.get(i).getIpMode(), y.get(i).getIpMode())) {
                return false;
            }
        }
        return true;
    }
}
