package dev.kubelb.core;

import dev.kubelb.api.Allocation;
import dev.kubelb.api.LoadBalancerRequest;
import dev.kubelb.api.PortSpec;
import dev.kubelb.core.crd.KubeLbLoadBalancer;
import dev.kubelb.core.internal.Trees;
import dev.kubelb.spi.ApplianceStatus;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.LoadBalancerIngressBuilder;
import io.fabric8.kubernetes.api.model.LoadBalancerStatus;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceStatus;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Writes a request's status: the Ready condition (with the appliance's reason when it is not ready), the
 * ingress the appliance serves, and for a KubeLB LoadBalancer its service ports. Writes only what differs,
 * from the engine's newest copy with that copy's resourceVersion (a concurrent change fails with 409 and is
 * read and compared once more), and records an Event when a failure is news.
 */
final class StatusWriter {
    private static final PatchContext MERGE_PATCH = PatchContext.of(PatchType.JSON_MERGE);

    private final EngineState state;
    private final Watches watches;
    private final RequestSources sources;
    private final EventRecorder events;

    StatusWriter(EngineState state, Watches watches, RequestSources sources, EventRecorder events) {
        this.state = state;
        this.watches = watches;
        this.sources = sources;
        this.events = events;
    }

    /** Reports what the appliance says of the request's owned Service. */
    void report(RequestKey key, HasMetadata source, ApplianceStatus st, Optional<Allocation> allocation) {
        switch (st.state()) {
            case READY -> {
                List<LoadBalancerIngress> ingress = st.ingress().stream().map(i -> {
                    LoadBalancerIngressBuilder b = new LoadBalancerIngressBuilder();
                    i.ip().ifPresent(b::withIp);
                    i.hostname().ifPresent(b::withHostname);
                    i.ipMode().ifPresent(b::withIpMode);
                    return b.build();
                }).toList();
                String msg = "Served at " + st.ingress().stream()
                        .map(i -> i.ip().orElseGet(() -> i.hostname().orElse(""))).toList()
                        + allocation.map(a -> a.pool().isEmpty() ? "" : " from pool " + a.pool()).orElse("");
                setCondition(key, source, "True", "Ready", msg, new LoadBalancerStatus(ingress));
            }
            case FAILED -> fail(key, source, st.reason().map(Enum::name).orElse("ApplianceFailed"), st.message());
            default -> {
                // pending: nothing to report yet; the appliance's answer arrives as a watch event
            }
        }
    }

    /** @return whether this is news: the request did not already show this failure */
    boolean fail(RequestKey key, HasMetadata source, String reason, String message) {
        if (setCondition(key, source, "False", reason, message, null)) {
            events.record(source, "Warning", "AllocationFailed", reason + ": " + message);
            return true;
        }
        return false;
    }

    /**
     * Removes the engine's Ready condition and the ingress it copied back from a request it no longer serves.
     *
     * @return the request as it is afterwards
     */
    HasMetadata clear(RequestKey key, HasMetadata source) {
        if (StatusReader.ready(source) == null && !StatusReader.hasIngress(source)) {
            return source;
        }
        try {
            return put(key, watches.source(key), source, null, null);
        } catch (KubernetesClientException e) {
            throw Applier.wrap("clear the status of " + key, e);
        }
    }

    /**
     * Writes the Ready condition (and the ingress, when given) to the request's status, only when they
     * differ from what it already shows.
     *
     * @return whether the Ready condition changed
     */
    private boolean setCondition(RequestKey key, HasMetadata source, String status, String reason, String message,
            LoadBalancerStatus ingress) {
        if (same(source, status, reason, message, ingress)) {
            return false;
        }
        HasMetadata cached = watches.source(key);
        try {
            return write(key, cached, source, status, reason, message, ingress);
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return false;
            }
            if (e.getCode() != 409) {
                throw Applier.wrap("write status of " + key, e);
            }
        }
        // the copy was stale: read the object, and write only if it still differs
        try {
            HasMetadata fresh = sources.read(key);
            if (fresh == null || same(fresh, status, reason, message, ingress)) {
                return false;
            }
            return write(key, cached, fresh, status, reason, message, ingress);
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return false;
            }
            throw Applier.wrap("write status of " + key, e);
        }
    }

    private static boolean same(HasMetadata source, String status, String reason, String message,
            LoadBalancerStatus ingress) {
        return StatusReader.sameCondition(StatusReader.ready(source), status, reason, message)
                && (ingress == null || StatusReader.ingressEqual(StatusReader.loadBalancer(source), ingress));
    }

    /** @return whether the condition changed (the ingress alone may have) */
    private boolean write(RequestKey key, HasMetadata cached, HasMetadata base, String status, String reason,
            String message, LoadBalancerStatus ingress) {
        Condition old = StatusReader.ready(base);
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        Condition cond = new ConditionBuilder().withType(KubeLbLabels.READY).withStatus(status).withReason(reason)
                .withMessage(message)
                .withLastTransitionTime(old != null && status.equals(old.getStatus()) ? old.getLastTransitionTime() : now)
                .withObservedGeneration(base.getMetadata().getGeneration())
                .build();
        put(key, cached, base, cond, ingress);
        return !StatusReader.sameCondition(old, status, reason, message);
    }

    /**
     * Writes a request's status from a copy of {@code base}, with its resourceVersion, and remembers the
     * answer. With a condition, it replaces the Ready condition and sets the ingress when one is given (for a
     * KubeLB LoadBalancer with its service ports); without one, the request is served no more: the Ready
     * condition and the ingress are removed.
     *
     * @return the request as the server answered
     */
    private HasMetadata put(RequestKey key, HasMetadata cached, HasMetadata base, Condition ready,
            LoadBalancerStatus ingress) {
        state.requireLeading("status of " + key);
        // never modify a cached object: work on a copy
        HasMetadata copy = Trees.SERIALIZATION.clone(base);
        HasMetadata written;
        if (copy instanceof Service s) {
            ServiceStatus ss = s.getStatus() == null ? new ServiceStatus() : s.getStatus();
            List<Condition> cs = new ArrayList<>(ss.getConditions() == null ? List.of() : ss.getConditions());
            cs.removeIf(c -> KubeLbLabels.READY.equals(c.getType()));
            if (ready != null) {
                cs.add(ready);
                if (ingress != null) {
                    ss.setLoadBalancer(ingress);
                }
            } else {
                ss.setLoadBalancer(new LoadBalancerStatus());
            }
            ss.setConditions(cs);
            s.setStatus(ss);
            written = state.client.services().resource(s).updateStatus();
        } else {
            KubeLbLoadBalancer lb = (KubeLbLoadBalancer) copy;
            written = lb;
            if (ingress != null || ready == null) {
                KubeLbLoadBalancer.Status st = lb.getStatus() == null ? new KubeLbLoadBalancer.Status() : lb.getStatus();
                st.loadBalancer = ready == null ? null : ingress;
                st.service = ready == null ? null : servicePorts(key, lb);
                lb.setStatus(st);
                written = state.client.resources(KubeLbLoadBalancer.class).resource(lb).updateStatus();
            }
            // the condition in an annotation (the CRD has no status.conditions), guarded by resourceVersion
            if (ready != null || ReadyAnnotation.read(lb) != null) {
                written = state.client.resources(KubeLbLoadBalancer.class).resource((KubeLbLoadBalancer) written)
                        .patch(MERGE_PATCH, ReadyAnnotation.mergePatch(written, ready));
            }
        }
        state.recent.wrote(key.toString(), cached, base.getMetadata().getResourceVersion(), written);
        return written == null ? base : written;
    }

    private KubeLbLoadBalancer.ServiceStatus servicePorts(RequestKey key, KubeLbLoadBalancer lb) {
        KubeLbLoadBalancer.ServiceStatus ss = new KubeLbLoadBalancer.ServiceStatus();
        KubeLbLoadBalancer.ServiceStatus before = lb.getStatus() == null ? null : lb.getStatus().service;
        List<KubeLbLoadBalancer.ServicePortStatus> previous = before == null ? List.of() : before.ports;
        if (before != null) {
            before.other().forEach(ss::other);
        }
        LoadBalancerRequest r = state.requests.get(key.id());
        if (r == null) {
            return ss;
        }
        for (PortSpec p : r.ports()) {
            KubeLbLoadBalancer.ServicePortStatus ps = new KubeLbLoadBalancer.ServicePortStatus();
            ps.name = p.name();
            ps.port = p.port();
            ps.protocol = p.protocol().name();
            ps.targetPort = new IntOrString(p.port());
            // what KubeLB's CRD has and we do not model (nodePort, appProtocol, …) is kept from the port before
            previous.stream().filter(x -> p.name().equals(x.name) && Integer.valueOf(p.port()).equals(x.port))
                    .findFirst().ifPresent(x -> x.other().forEach((k, v) -> ps.other(k, v)));
            r.backends().stream().flatMap(b -> b.ports().stream())
                    .filter(bp -> bp.name().equals(p.name()) && bp.protocol() == p.protocol())
                    .findFirst().ifPresentOrElse(bp -> ps.upstreamTargetPort = bp.port(),
                            () -> ps.upstreamTargetPort = 0); // required by KubeLB's CRD; 0 as its manager writes
            ss.ports.add(ps);
        }
        return ss;
    }
}
