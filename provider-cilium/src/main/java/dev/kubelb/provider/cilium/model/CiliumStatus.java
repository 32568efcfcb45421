package dev.kubelb.provider.cilium.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/** The status Cilium writes on its resources: a list of conditions. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class CiliumStatus {
    private List<Condition> conditions;

    /** @return the conditions, or null */
    public List<Condition> getConditions() {
        return conditions;
    }

    /** @param conditions the conditions */
    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions;
    }
}
