package dev.kubelb.core;

import dev.kubelb.core.internal.SelectiveStore;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Service;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The Events appliances record on the Services the engine owns (MetalLB's {@code AllocationFailed},
 * {@code IPAllocated}, {@code ClearAssignment}; a cloud controller's {@code EnsuringLoadBalancer},
 * {@code SyncLoadBalancerFailed}), kept from a watch of the Events about Services ({@link Watches}), so that
 * reading what the appliance said of a request costs no API call. Only the Events of Services named as the
 * engine names its own ({@code kubelb-…}) are kept; the others pass through and are forgotten. An Event
 * expires (the API server's TTL, an hour by default) and goes from here with it.
 */
final class ApplianceEvents {
    static final String WATCH = "appliance Events";

    private final SelectiveStore<Event> store = new SelectiveStore<>(ApplianceEvents::aboutOwned,
            ApplianceEvents::about);

    /** @return the store the watch keeps its Events in */
    SelectiveStore<Event> store() {
        return store;
    }

    /**
     * @param namespace an owned Service's namespace
     * @param name its name
     * @return the Events recorded on it, oldest first
     */
    List<Event> on(String namespace, String name) {
        return store.group(namespace + "/" + name).stream()
                .sorted(Comparator.comparing((Event e) -> String.valueOf(e.getLastTimestamp()))
                        .thenComparing(e -> String.valueOf(e.getMetadata().getCreationTimestamp())))
                .toList();
    }

    /**
     * @param e an Event
     * @param services the engine's cache of Services, by {@code namespace/name}
     * @return the owned Service it is about, when the engine has it
     */
    static Optional<Service> owner(Event e, Function<String, Service> services) {
        return aboutOwned(e) ? Optional.ofNullable(services.apply(about(e))).filter(EngineState::owned)
                : Optional.empty();
    }

    /** @return whether an Event is about a Service named as the engine names those it owns */
    static boolean aboutOwned(Event e) {
        return e.getInvolvedObject() != null && "Service".equals(e.getInvolvedObject().getKind())
                && e.getInvolvedObject().getName() != null
                && e.getInvolvedObject().getName().startsWith(dev.kubelb.core.internal.ServiceNames.PREFIX);
    }

    /** @return {@code namespace/name} of the Service an Event is about */
    static String about(Event e) {
        String ns = e.getInvolvedObject().getNamespace() != null ? e.getInvolvedObject().getNamespace()
                : e.getMetadata().getNamespace();
        return ns + "/" + e.getInvolvedObject().getName();
    }
}
