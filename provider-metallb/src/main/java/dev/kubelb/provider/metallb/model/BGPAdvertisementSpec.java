package dev.kubelb.provider.metallb.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.List;

/**
 * {@code BGPAdvertisement.spec}.
 *
 * @param aggregationLength IPv4 prefix length announced (CRD default 32, minimum 1)
 * @param aggregationLengthV6 IPv6 prefix length announced (CRD default 128)
 * @param localPref LOCAL_PREF towards iBGP peers
 * @param communities standard ({@code AS:value}), large ({@code large:A:B:C}) or alias names
 * @param ipAddressPools pools by name
 * @param ipAddressPoolSelectors pools by label
 * @param nodeSelectors nodes that announce
 * @param peers peers that receive the routes by name; empty = all
 * @param serviceSelectors services announced, by label; empty = all (default aggregation only)
 * @param asPathPrepend how many times the local AS is prepended (1..10, FRR mode)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"aggregationLength", "aggregationLengthV6", "localPref", "communities", "ipAddressPools",
        "ipAddressPoolSelectors", "nodeSelectors", "peers", "serviceSelectors", "asPathPrepend"})
public record BGPAdvertisementSpec(
        @JsonProperty("aggregationLength") Integer aggregationLength,
        @JsonProperty("aggregationLengthV6") Integer aggregationLengthV6,
        @JsonProperty("localPref") Long localPref,
        @JsonProperty("communities") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> communities,
        @JsonProperty("ipAddressPools") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> ipAddressPools,
        @JsonProperty("ipAddressPoolSelectors") @JsonInclude(JsonInclude.Include.NON_EMPTY)
        List<LabelSelector> ipAddressPoolSelectors,
        @JsonProperty("nodeSelectors") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<LabelSelector> nodeSelectors,
        @JsonProperty("peers") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> peers,
        @JsonProperty("serviceSelectors") @JsonInclude(JsonInclude.Include.NON_EMPTY)
        List<LabelSelector> serviceSelectors,
        @JsonProperty("asPathPrepend") Integer asPathPrepend) {
}
