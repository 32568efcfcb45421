package dev.kubelb.core.crd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * The annotation settings KubeLB's {@code Tenant} and {@code Config} both inline
 * ({@code AnnotationSettings} in upstream's {@code api/ce/kubelb.k8c.io/v1alpha1/common_types.go}). A field
 * left out is {@code null}: upstream tells "not set" from "set empty" (a tenant setting
 * {@code propagateAllAnnotations: false} overrides the Config's {@code true}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class KubeLbAnnotationSettings {
    /** Glob key → comma list of allowed values (empty: any value). */
    public Map<String, String> propagatedAnnotations;
    /** Whether every annotation not denied propagates. */
    public Boolean propagateAllAnnotations;
    /** Globs of keys that never propagate. */
    public List<String> deniedAnnotations;
    /** Per resource kind ({@code service}, {@code all}, …): annotations set when absent. */
    public Map<String, Map<String, String>> defaultAnnotations;
    /** L4 settings. */
    public LoadBalancerSettings loadBalancer;

    /** {@code LoadBalancerSettings}: the class of management-cluster Services, and the L4 switch. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static class LoadBalancerSettings {
        /** The {@code loadBalancerClass} of the management-cluster Service (Tenant wins over Config). */
        @com.fasterxml.jackson.annotation.JsonProperty("class")
        public String loadBalancerClass;
        /** L4 load balancing switched off. */
        public Boolean disable;
    }
}
