package dev.kubelb.provider.metallb.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.kubernetes.api.model.LabelSelector;

/**
 * An entry of {@code L2Advertisement.spec.preferredNodeSelectors} (MetalLB 0.16).
 *
 * @param weight 1..100
 * @param preference the preferred nodes
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"preference", "weight"})
public record PreferredNode(
        @JsonProperty("preference") LabelSelector preference,
        @JsonProperty("weight") Integer weight) {
}
