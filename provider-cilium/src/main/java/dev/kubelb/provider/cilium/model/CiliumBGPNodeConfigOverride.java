package dev.kubelb.provider.cilium.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;
import java.util.List;

/**
 * BGP control plane v2 {@code CiliumBGPNodeConfigOverride} ({@code cilium.io/v2}, cluster-scoped, named
 * after the node it overrides): per-node router id, local port and per-peer local address.
 */
@Group("cilium.io")
@Version("v2")
@Kind("CiliumBGPNodeConfigOverride")
@Plural("ciliumbgpnodeconfigoverrides")
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"apiVersion", "kind", "metadata", "spec"})
public class CiliumBGPNodeConfigOverride extends CustomResource<CiliumBGPNodeConfigOverride.Spec, Void> {

    /** {@code spec}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static class Spec {
        private List<InstanceOverride> bgpInstances;

        public List<InstanceOverride> getBgpInstances() {
            return bgpInstances;
        }

        public void setBgpInstances(List<InstanceOverride> bgpInstances) {
            this.bgpInstances = bgpInstances;
        }
    }

    /** {@code spec.bgpInstances[]}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonPropertyOrder({"name", "routerID", "localPort", "localASN", "peers"})
    public static class InstanceOverride {
        private String name;
        private String routerID;
        private Integer localPort;
        private Long localASN;
        private List<PeerOverride> peers;

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        @com.fasterxml.jackson.annotation.JsonProperty("routerID")
        public String getRouterID() {
            return routerID;
        }

        @com.fasterxml.jackson.annotation.JsonProperty("routerID")
        public void setRouterID(String routerID) {
            this.routerID = routerID;
        }

        public Integer getLocalPort() {
            return localPort;
        }

        public void setLocalPort(Integer localPort) {
            this.localPort = localPort;
        }

        @com.fasterxml.jackson.annotation.JsonProperty("localASN")
        public Long getLocalASN() {
            return localASN;
        }

        @com.fasterxml.jackson.annotation.JsonProperty("localASN")
        public void setLocalASN(Long localASN) {
            this.localASN = localASN;
        }

        public List<PeerOverride> getPeers() {
            return peers;
        }

        public void setPeers(List<PeerOverride> peers) {
            this.peers = peers;
        }
    }

    /** {@code spec.bgpInstances[].peers[]}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonPropertyOrder({"name", "localAddress"})
    public static class PeerOverride {
        private String name;
        private String localAddress;

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public String getLocalAddress() {
            return localAddress;
        }

        public void setLocalAddress(String localAddress) {
            this.localAddress = localAddress;
        }
    }
}
