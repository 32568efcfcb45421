package dev.kubelb.api;

import java.util.Map;
import java.util.Objects;

/**
 * A node of the cluster where one of the appliance's speakers runs: what a preview needs to say which nodes announce.
 *
 * @param name the node's name
 * @param labels its labels (node selectors and {@code node.kubernetes.io/exclude-from-external-load-balancers})
 */
public record ClusterNode(String name, Map<String, String> labels) {

    /** The label that takes a node out of external load balancing. */
    public static final String EXCLUDE_LABEL = "node.kubernetes.io/exclude-from-external-load-balancers";

    /** Copies the labels. */
    public ClusterNode {
        Objects.requireNonNull(name, "name");
        labels = Map.copyOf(labels);
    }

    /** @return whether the node carries {@link #EXCLUDE_LABEL} */
    public boolean isExcluded() {
        return labels.containsKey(EXCLUDE_LABEL);
    }
}
