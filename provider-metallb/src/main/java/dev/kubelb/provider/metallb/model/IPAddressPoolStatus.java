package dev.kubelb.provider.metallb.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * {@code IPAddressPool.status}, written by MetalLB; never rendered by kubelb.
 *
 * @param assignedIPv4 IPv4 addresses assigned
 * @param assignedIPv6 IPv6 addresses assigned
 * @param availableIPv4 IPv4 addresses still available
 * @param availableIPv6 IPv6 addresses still available
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"assignedIPv4", "assignedIPv6", "availableIPv4", "availableIPv6"})
public record IPAddressPoolStatus(
        @JsonProperty("assignedIPv4") Long assignedIPv4,
        @JsonProperty("assignedIPv6") Long assignedIPv6,
        @JsonProperty("availableIPv4") Long availableIPv4,
        @JsonProperty("availableIPv6") Long availableIPv6) {
}
