package dev.kubelb.provider.metallb.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.List;

/**
 * {@code IPAddressPool.spec.serviceAllocation}: the pool's scope.
 *
 * @param priority lower first; {@code 0}/absent = no priority
 * @param namespaces namespaces admitted by name
 * @param namespaceSelectors namespaces admitted by label
 * @param serviceSelectors services admitted by label
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"priority", "namespaces", "namespaceSelectors", "serviceSelectors"})
public record ServiceAllocation(
        @JsonProperty("priority") Integer priority,
        @JsonProperty("namespaces") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> namespaces,
        @JsonProperty("namespaceSelectors") @JsonInclude(JsonInclude.Include.NON_EMPTY)
        List<LabelSelector> namespaceSelectors,
        @JsonProperty("serviceSelectors") @JsonInclude(JsonInclude.Include.NON_EMPTY)
        List<LabelSelector> serviceSelectors) {
}
