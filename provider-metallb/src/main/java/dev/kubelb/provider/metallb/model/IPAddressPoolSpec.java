package dev.kubelb.provider.metallb.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * {@code IPAddressPool.spec}.
 *
 * @param addresses CIDRs or {@code first-last} ranges
 * @param autoAssign whether the pool is used for services that name no pool (CRD default true)
 * @param avoidBuggyIPs whether {@code .0}/{@code .255} addresses are skipped (CRD default false)
 * @param serviceAllocation which namespaces/services the pool serves, with a priority
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"addresses", "autoAssign", "avoidBuggyIPs", "serviceAllocation"})
public record IPAddressPoolSpec(
        @JsonProperty("addresses") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> addresses,
        @JsonProperty("autoAssign") Boolean autoAssign,
        @JsonProperty("avoidBuggyIPs") Boolean avoidBuggyIPs,
        @JsonProperty("serviceAllocation") ServiceAllocation serviceAllocation) {
}
