package dev.kubelb.core;

import java.util.Map;

/** The kinds of object that ask for a load balancer; the label value marks which one an owned object serves. */
enum SourceKind {
    /** A Service of type LoadBalancer. */
    SERVICE("Service"),
    /** A KubeLB {@code LoadBalancer} resource (kubelb.k8c.io/v1alpha1). */
    LOAD_BALANCER("LoadBalancer");

    private final String label;

    SourceKind(String label) {
        this.label = label;
    }

    /** @return the value of {@link KubeLbLabels#SOURCE} on objects this kind of request owns */
    String label() {
        return label;
    }

    /** @return the other kind: a request of one name in one namespace is held by one kind only */
    SourceKind twin() {
        return this == SERVICE ? LOAD_BALANCER : SERVICE;
    }

    /** @return the kind an owned object's labels name (objects from before the label: a Service's) */
    static SourceKind of(Map<String, String> labels) {
        return LOAD_BALANCER.label.equals(labels.get(KubeLbLabels.SOURCE)) ? LOAD_BALANCER : SERVICE;
    }
}
