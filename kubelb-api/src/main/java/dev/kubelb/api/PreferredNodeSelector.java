package dev.kubelb.api;

import java.util.Objects;

/**
 * A soft node preference with a weight (MetalLB {@code L2Advertisement.spec.preferredNodeSelectors[]},
 * modelled after Kubernetes' {@code PreferredSchedulingTerm}): among the nodes allowed to announce,
 * those matching receive {@code weight} more points.
 *
 * @param weight the weight, 1..100
 * @param preference the nodes preferred
 */
public record PreferredNodeSelector(int weight, LabelSelector preference) {

    /** Validates the weight. */
    public PreferredNodeSelector {
        Objects.requireNonNull(preference, "preference");
        if (weight < 1 || weight > 100) {
            throw ConfigurationException.field("weight", "must be between 1 and 100, got " + weight);
        }
    }
}
