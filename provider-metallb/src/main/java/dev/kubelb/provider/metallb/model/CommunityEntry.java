package dev.kubelb.provider.metallb.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One entry of {@code Community.spec.communities}.
 *
 * @param name the alias name
 * @param value {@code AS:value} or {@code large:A:B:C}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"name", "value"})
public record CommunityEntry(@JsonProperty("name") String name, @JsonProperty("value") String value) {
}
