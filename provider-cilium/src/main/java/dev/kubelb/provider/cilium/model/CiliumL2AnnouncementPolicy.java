package dev.kubelb.provider.cilium.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.List;

/** {@code CiliumL2AnnouncementPolicy} ({@code cilium.io/v2alpha1} only, cluster-scoped). */
@Group("cilium.io")
@Version("v2alpha1")
@Kind("CiliumL2AnnouncementPolicy")
@Plural("ciliuml2announcementpolicies")
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"apiVersion", "kind", "metadata", "spec", "status"})
public class CiliumL2AnnouncementPolicy extends CustomResource<CiliumL2AnnouncementPolicy.Spec, CiliumStatus> {

    /** {@code spec}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonPropertyOrder({"serviceSelector", "nodeSelector", "interfaces", "loadBalancerIPs", "externalIPs"})
    public static class Spec {
        private LabelSelector serviceSelector;
        private LabelSelector nodeSelector;
        private List<String> interfaces;
        private Boolean loadBalancerIPs;
        private Boolean externalIPs;

        public LabelSelector getServiceSelector() {
            return serviceSelector;
        }

        public void setServiceSelector(LabelSelector serviceSelector) {
            this.serviceSelector = serviceSelector;
        }

        public LabelSelector getNodeSelector() {
            return nodeSelector;
        }

        public void setNodeSelector(LabelSelector nodeSelector) {
            this.nodeSelector = nodeSelector;
        }

        public List<String> getInterfaces() {
            return interfaces;
        }

        public void setInterfaces(List<String> interfaces) {
            this.interfaces = interfaces;
        }

        @com.fasterxml.jackson.annotation.JsonProperty("loadBalancerIPs")
        public Boolean getLoadBalancerIPs() {
            return loadBalancerIPs;
        }

        @com.fasterxml.jackson.annotation.JsonProperty("loadBalancerIPs")
        public void setLoadBalancerIPs(Boolean loadBalancerIPs) {
            this.loadBalancerIPs = loadBalancerIPs;
        }

        @com.fasterxml.jackson.annotation.JsonProperty("externalIPs")
        public Boolean getExternalIPs() {
            return externalIPs;
        }

        @com.fasterxml.jackson.annotation.JsonProperty("externalIPs")
        public void setExternalIPs(Boolean externalIPs) {
            this.externalIPs = externalIPs;
        }
    }
}
