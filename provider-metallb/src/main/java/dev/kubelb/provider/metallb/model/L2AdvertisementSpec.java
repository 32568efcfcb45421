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
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"ipAddressPools", "ipAddressPoolSelectors", "nodeSelectors", "interfaces"})
public record L2AdvertisementSpec(
        @JsonProperty("ipAddressPools") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> ipAddressPools,
        @JsonProperty("ipAddressPoolSelectors") @JsonInclude(JsonInclude.Include.NON_EMPTY)
        List<LabelSelector> ipAddressPoolSelectors,
        @JsonProperty("nodeSelectors") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<LabelSelector> nodeSelectors,
        @JsonProperty("interfaces") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> interfaces) {
}
