package dev.kubelb.provider.cilium.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.List;

/** {@code CiliumLoadBalancerIPPool.spec}, the same in {@code v2} and {@code v2alpha1}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"blocks", "serviceSelector", "allowFirstLastIPs", "disabled"})
public class IpPoolSpec {
    private List<Block> blocks;
    private LabelSelector serviceSelector;
    private String allowFirstLastIPs;
    private Boolean disabled;

    /** @return the blocks */
    public List<Block> getBlocks() {
        return blocks;
    }

    /** @param blocks the blocks */
    public void setBlocks(List<Block> blocks) {
        this.blocks = blocks;
    }

    /** @return the service selector */
    public LabelSelector getServiceSelector() {
        return serviceSelector;
    }

    /** @param serviceSelector the service selector */
    public void setServiceSelector(LabelSelector serviceSelector) {
        this.serviceSelector = serviceSelector;
    }

    /** @return {@code Yes}, {@code No} or null (= Yes) */
    public String getAllowFirstLastIPs() {
        return allowFirstLastIPs;
    }

    /** @param allowFirstLastIPs {@code Yes} or {@code No} */
    public void setAllowFirstLastIPs(String allowFirstLastIPs) {
        this.allowFirstLastIPs = allowFirstLastIPs;
    }

    /** @return whether the pool is disabled */
    public Boolean getDisabled() {
        return disabled;
    }

    /** @param disabled whether the pool is disabled */
    public void setDisabled(Boolean disabled) {
        this.disabled = disabled;
    }

    /** One block: a {@code cidr}, or {@code start}/{@code stop}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonPropertyOrder({"cidr", "start", "stop"})
    public static class Block {
        private String cidr;
        private String start;
        private String stop;

        /** Empty block. */
        public Block() {
        }

        /**
         * @param cidr a CIDR
         * @return a CIDR block
         */
        public static Block cidr(String cidr) {
            Block b = new Block();
            b.cidr = cidr;
            return b;
        }

        /**
         * @param start first address
         * @param stop last address
         * @return a range block
         */
        public static Block range(String start, String stop) {
            Block b = new Block();
            b.start = start;
            b.stop = stop;
            return b;
        }

        /** @return the CIDR */
        public String getCidr() {
            return cidr;
        }

        /** @param cidr the CIDR */
        public void setCidr(String cidr) {
            this.cidr = cidr;
        }

        /** @return the first address */
        public String getStart() {
            return start;
        }

        /** @param start the first address */
        public void setStart(String start) {
            this.start = start;
        }

        /** @return the last address */
        public String getStop() {
            return stop;
        }

        /** @param stop the last address */
        public void setStop(String stop) {
            this.stop = stop;
        }
    }
}
