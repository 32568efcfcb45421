package dev.kubelb.core;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Records the engine's Events on requests, and reads the Events an appliance records on a Service. */
final class EventRecorder {
    private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);

    private final EngineState state;
    private final KubernetesClient client;

    EventRecorder(EngineState state) {
        this.state = state;
        this.client = state.client;
    }

    /** Records an Event on {@code involved}; a failure to record is logged, never fatal. */
    void record(HasMetadata involved, String type, String reason, String message) {
        state.requireLeading("event " + reason);
        String ns = involved.getMetadata().getNamespace();
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        Event e = new EventBuilder()
                .withNewMetadata().withNamespace(ns)
                .withName(involved.getMetadata().getName() + "." + Long.toHexString(System.nanoTime()))
                .endMetadata()
                .withNewInvolvedObject().withApiVersion(involved.getApiVersion()).withKind(involved.getKind())
                .withName(involved.getMetadata().getName()).withNamespace(ns).withUid(involved.getMetadata().getUid())
                .endInvolvedObject()
                .withType(type).withReason(reason).withMessage(message)
                .withNewSource().withComponent("kubelb").endSource()
                .withReportingComponent("kubelb")
                .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
                .build();
        try {
            client.v1().events().inNamespace(ns).resource(e).create();
        } catch (KubernetesClientException ex) {
            LOG.debug("Could not record event {} on {}: {}", reason, involved.getMetadata().getName(), ex.getMessage());
        }
    }

    /** @return the Events recorded on a Service (by anyone), oldest first; none when they cannot be read */
    List<Event> on(Service svc) {
        try {
            return client.v1().events().inNamespace(svc.getMetadata().getNamespace())
                    .withField("involvedObject.name", svc.getMetadata().getName()).list().getItems().stream()
                    .filter(e -> e.getInvolvedObject() != null
                            && svc.getMetadata().getName().equals(e.getInvolvedObject().getName())
                            && "Service".equals(e.getInvolvedObject().getKind()))
                    .sorted(Comparator.comparing(e -> String.valueOf(e.getLastTimestamp())))
                    .toList();
        } catch (KubernetesClientException e) {
            LOG.debug("Could not read events of {}: {}", svc.getMetadata().getName(), e.getMessage());
            return List.of();
        }
    }
}
