package dev.kubelb.provider.metallb.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * {@code Community.spec}.
 *
 * @param communities the aliases
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record CommunitySpec(
        @JsonProperty("communities") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<CommunityEntry> communities) {
}
