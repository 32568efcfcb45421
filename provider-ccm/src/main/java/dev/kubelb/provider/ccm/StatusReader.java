package dev.kubelb.provider.ccm;

import dev.kubelb.spi.ApplianceStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.Service;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a cloud controller's answer from a Service's {@code status.loadBalancer} and the Events the
 * service controller records on it. Pure.
 *
 * <p>Event reasons (from the Kubernetes service controller, plus the profile's own):
 * <ul>
 * <li>{@code EnsuringLoadBalancer}: pending while no ingress is reported yet; with an ingress the load
 * balancer keeps serving while it is updated (ready, message says so);</li>
 * <li>{@code EnsuredLoadBalancer}, {@code UpdatedLoadBalancer} (and the profile's ready reasons): ready
 * once an ingress is reported, pending until then;</li>
 * <li>{@code SyncLoadBalancerFailed}, {@code UpdateLoadBalancerFailed}, {@code UnAvailableLoadBalancer} (and
 * the profile's failed reasons): failed, with the Event's message;</li>
 * <li>{@code DeletingLoadBalancer}, {@code DeletedLoadBalancer}: pending (the load balancer goes away).</li>
 * </ul>
 * The most recent relevant Event decides; Events are ordered by their last time when every one carries a
 * time, otherwise taken in the order given (oldest first). Without relevant Events, an ingress means
 * ready and none means pending.
 */
final class StatusReader {

    enum Phase { ENSURING, ENSURED, FAILED, DELETING, DELETED }

    private static final Map<String, Phase> SERVICE_CONTROLLER_REASONS = Map.of(
            "EnsuringLoadBalancer", Phase.ENSURING,
            "EnsuredLoadBalancer", Phase.ENSURED,
            "UpdatedLoadBalancer", Phase.ENSURED,
            "SyncLoadBalancerFailed", Phase.FAILED,
            "UpdateLoadBalancerFailed", Phase.FAILED,
            "UnAvailableLoadBalancer", Phase.FAILED,
            "DeletingLoadBalancer", Phase.DELETING,
            "DeletedLoadBalancer", Phase.DELETED);

    private StatusReader() {
    }

    /**
     * @param service the Service
     * @return the ingress points in {@code status.loadBalancer.ingress}, in order
     */
    static List<ApplianceStatus.Ingress> ingress(Service service) {
        return ApplianceStatus.Ingress.of(service);
    }

    /**
     * @param profile the cloud (for its own Event reasons)
     * @param service the Service as observed
     * @param events Events recorded on it, oldest first (others are ignored)
     * @return the cloud's answer
     */
    static ApplianceStatus read(CloudProfile profile, Service service, List<Event> events) {
        List<ApplianceStatus.Ingress> ingress = ingress(service);
        Optional<Event> latest = latestRelevant(profile, service, events);
        String cloud = profile.name();
        List<String> portErrors = new ArrayList<>();
        ingress.forEach(i -> portErrors.addAll(i.portErrors()));
        String portNote = portErrors.isEmpty() ? "" : "; port errors: " + String.join(", ", portErrors);
        if (latest.isPresent()) {
            Event e = latest.get();
            String message = e.getReason() + ": " + (e.getMessage() == null ? "" : e.getMessage());
            switch (phase(profile, e.getReason())) {
                case FAILED:
                    return new ApplianceStatus(ApplianceStatus.State.FAILED, ingress, Optional.empty(),
                            message + portNote, Optional.empty());
                case DELETING:
                case DELETED:
                    return new ApplianceStatus(ApplianceStatus.State.PENDING, ingress, Optional.empty(), message,
                            Optional.empty());
                case ENSURING:
                    if (ingress.isEmpty()) {
                        return ApplianceStatus.pending("the " + cloud + " cloud controller is provisioning the load"
                                + " balancer (" + message + ")");
                    }
                    return new ApplianceStatus(ApplianceStatus.State.READY, ingress, Optional.empty(),
                            "serving while the " + cloud + " cloud controller updates it (" + message + ")" + portNote,
                            Optional.empty());
                case ENSURED:
                default:
                    break;
            }
        }
        if (ingress.isEmpty()) {
            return ApplianceStatus.pending("waiting for the " + cloud + " cloud controller to report"
                    + " status.loadBalancer.ingress");
        }
        return new ApplianceStatus(ApplianceStatus.State.READY, ingress, Optional.empty(),
                portNote.isEmpty() ? "" : portNote.substring(2), Optional.empty());
    }

    private static Phase phase(CloudProfile profile, String reason) {
        if (profile.failedEventReasons().contains(reason)) {
            return Phase.FAILED;
        }
        if (profile.readyEventReasons().contains(reason)) {
            return Phase.ENSURED;
        }
        return SERVICE_CONTROLLER_REASONS.get(reason);
    }

    private static Optional<Event> latestRelevant(CloudProfile profile, Service service, List<Event> events) {
        List<Event> relevant = new ArrayList<>();
        for (Event e : events) {
            if (e != null && e.getReason() != null && phase(profile, e.getReason()) != null && about(e, service)) {
                relevant.add(e);
            }
        }
        if (relevant.isEmpty()) {
            return Optional.empty();
        }
        if (relevant.stream().allMatch(e -> time(e).isPresent())) {
            relevant.sort(Comparator.comparing(e -> time(e).orElseThrow()));
        }
        return Optional.of(relevant.get(relevant.size() - 1));
    }

    private static boolean about(Event e, Service service) {
        ObjectReference ref = e.getInvolvedObject();
        if (ref == null || service.getMetadata() == null) {
            return true;
        }
        var m = service.getMetadata();
        return (ref.getKind() == null || "Service".equals(ref.getKind()))
                && (ref.getName() == null || m.getName() == null || ref.getName().equals(m.getName()))
                && (ref.getNamespace() == null || m.getNamespace() == null
                        || ref.getNamespace().equals(m.getNamespace()))
                && (ref.getUid() == null || m.getUid() == null || ref.getUid().equals(m.getUid()));
    }

    /**
     * @param e an Event
     * @return when it last happened: series last observed time, last timestamp, event time or first timestamp
     */
    static Optional<Instant> time(Event e) {
        List<String> candidates = new ArrayList<>();
        if (e.getSeries() != null && e.getSeries().getLastObservedTime() != null) {
            candidates.add(e.getSeries().getLastObservedTime().getTime());
        }
        candidates.add(e.getLastTimestamp());
        if (e.getEventTime() != null) {
            candidates.add(e.getEventTime().getTime());
        }
        candidates.add(e.getFirstTimestamp());
        for (String c : candidates) {
            if (c != null && !c.isBlank()) {
                try {
                    return Optional.of(Instant.parse(c));
                } catch (DateTimeParseException ignored) {
                    // try the next one
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> nonBlank(String s) {
        return s == null || s.isBlank() ? Optional.empty() : Optional.of(s);
    }
}
