package dev.kubelb.provider.metallb.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * {@code BFDProfile.spec}; intervals in milliseconds.
 *
 * @param receiveInterval minimum receive interval (10..60000)
 * @param transmitInterval minimum transmit interval (10..60000)
 * @param detectMultiplier detection multiplier (2..255)
 * @param echoInterval minimum echo receive interval (10..60000)
 * @param echoMode echo mode
 * @param passiveMode passive mode
 * @param minimumTtl minimum expected TTL (1..254)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"receiveInterval", "transmitInterval", "detectMultiplier", "echoInterval", "echoMode",
        "passiveMode", "minimumTtl"})
public record BFDProfileSpec(
        @JsonProperty("receiveInterval") Long receiveInterval,
        @JsonProperty("transmitInterval") Long transmitInterval,
        @JsonProperty("detectMultiplier") Long detectMultiplier,
        @JsonProperty("echoInterval") Long echoInterval,
        @JsonProperty("echoMode") Boolean echoMode,
        @JsonProperty("passiveMode") Boolean passiveMode,
        @JsonProperty("minimumTtl") Long minimumTtl) {
}
