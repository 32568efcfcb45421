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

/** BGP control plane v2 {@code CiliumBGPAdvertisement} ({@code cilium.io/v2}, cluster-scoped, no status). */
@Group("cilium.io")
@Version("v2")
@Kind("CiliumBGPAdvertisement")
@Plural("ciliumbgpadvertisements")
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"apiVersion", "kind", "metadata", "spec"})
public class CiliumBGPAdvertisement extends CustomResource<CiliumBGPAdvertisement.Spec, Void> {

    /** {@code spec}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static class Spec {
        private List<Entry> advertisements;

        public List<Entry> getAdvertisements() {
            return advertisements;
        }

        public void setAdvertisements(List<Entry> advertisements) {
            this.advertisements = advertisements;
        }
    }

    /** {@code spec.advertisements[]}: what is advertised, for which objects, with which attributes. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonPropertyOrder({"advertisementType", "service", "selector", "attributes"})
    public static class Entry {
        private String advertisementType;
        private ServiceOptions service;
        private LabelSelector selector;
        private Attributes attributes;

        public String getAdvertisementType() {
            return advertisementType;
        }

        public void setAdvertisementType(String advertisementType) {
            this.advertisementType = advertisementType;
        }

        public ServiceOptions getService() {
            return service;
        }

        public void setService(ServiceOptions service) {
            this.service = service;
        }

        public LabelSelector getSelector() {
            return selector;
        }

        public void setSelector(LabelSelector selector) {
            this.selector = selector;
        }

        public Attributes getAttributes() {
            return attributes;
        }

        public void setAttributes(Attributes attributes) {
            this.attributes = attributes;
        }
    }

    /** {@code service}: which service addresses are advertised, and their aggregation. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonPropertyOrder({"addresses", "aggregationLengthIPv4", "aggregationLengthIPv6"})
    public static class ServiceOptions {
        private List<String> addresses;
        private Integer aggregationLengthIPv4;
        private Integer aggregationLengthIPv6;

        public List<String> getAddresses() {
            return addresses;
        }

        public void setAddresses(List<String> addresses) {
            this.addresses = addresses;
        }

        @com.fasterxml.jackson.annotation.JsonProperty("aggregationLengthIPv4")
        public Integer getAggregationLengthIPv4() {
            return aggregationLengthIPv4;
        }

        @com.fasterxml.jackson.annotation.JsonProperty("aggregationLengthIPv4")
        public void setAggregationLengthIPv4(Integer aggregationLengthIPv4) {
            this.aggregationLengthIPv4 = aggregationLengthIPv4;
        }

        @com.fasterxml.jackson.annotation.JsonProperty("aggregationLengthIPv6")
        public Integer getAggregationLengthIPv6() {
            return aggregationLengthIPv6;
        }

        @com.fasterxml.jackson.annotation.JsonProperty("aggregationLengthIPv6")
        public void setAggregationLengthIPv6(Integer aggregationLengthIPv6) {
            this.aggregationLengthIPv6 = aggregationLengthIPv6;
        }
    }

    /** {@code attributes}: communities and local preference. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonPropertyOrder({"communities", "localPreference"})
    public static class Attributes {
        private Communities communities;
        private Long localPreference;

        public Communities getCommunities() {
            return communities;
        }

        public void setCommunities(Communities communities) {
            this.communities = communities;
        }

        public Long getLocalPreference() {
            return localPreference;
        }

        public void setLocalPreference(Long localPreference) {
            this.localPreference = localPreference;
        }
    }

    /** {@code attributes.communities}: standard, well-known and large communities. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonPropertyOrder({"standard", "wellKnown", "large"})
    public static class Communities {
        private List<String> standard;
        private List<String> wellKnown;
        private List<String> large;

        public List<String> getStandard() {
            return standard;
        }

        public void setStandard(List<String> standard) {
            this.standard = standard;
        }

        public List<String> getWellKnown() {
            return wellKnown;
        }

        public void setWellKnown(List<String> wellKnown) {
            this.wellKnown = wellKnown;
        }

        public List<String> getLarge() {
            return large;
        }

        public void setLarge(List<String> large) {
            this.large = large;
        }
    }
}
