package dev.kubelb.core;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Records the engine's Events on requests, and reads the Events an appliance records on a Service. */
final class EventRecorder {
    private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);

    private final EngineState state;
    private final KubernetesClient client;
    private final Watches watches;

    EventRecorder(EngineState state, Watches watches) {
        this.state = state;
        this.client = state.client;
        this.watches = watches;
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

    /**
     * @return the Events recorded on an owned Service (by anyone: the appliance), oldest first, from the watch
     *     of appliance Events
     */
    List<Event> on(Service svc) {
        return watches.applianceEvents(svc.getMetadata().getNamespace(), svc.getMetadata().getName());
    }
}
