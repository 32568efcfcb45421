package dev.kubelb.provider.metallb.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.List;

/**
 * {@code L2Advertisement.spec}.
 *
 * @param ipAddressPools pools by name
 * @param ipAddressPoolSelectors pools by label
 * @param nodeSelectors nodes that may announce
 * @param interfaces interfaces to announce from; empty = all
 * @param serviceSelectors services announced, by label; empty = all
 * @param preferredNodeSelectors weighted node preferences for the announcing node (0.16)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"ipAddressPools", "ipAddressPoolSelectors", "nodeSelectors", "interfaces", "serviceSelectors",
        "preferredNodeSelectors"})
public record L2AdvertisementSpec(
        @JsonProperty("ipAddressPools") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> ipAddressPools,
        @JsonProperty("ipAddressPoolSelectors") @JsonInclude(JsonInclude.Include.NON_EMPTY)
        List<LabelSelector> ipAddressPoolSelectors,
        @JsonProperty("nodeSelectors") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<LabelSelector> nodeSelectors,
        @JsonProperty("interfaces") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> interfaces,
        @JsonProperty("serviceSelectors") @JsonInclude(JsonInclude.Include.NON_EMPTY)
        List<LabelSelector> serviceSelectors,
        @JsonProperty("preferredNodeSelectors") @JsonInclude(JsonInclude.Include.NON_EMPTY)
        List<PreferredNode> preferredNodeSelectors) {
}
