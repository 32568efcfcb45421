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

/** BGP control plane v2 {@code CiliumBGPClusterConfig} ({@code cilium.io/v2}, cluster-scoped). */
@Group("cilium.io")
@Version("v2")
@Kind("CiliumBGPClusterConfig")
@Plural("ciliumbgpclusterconfigs")
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"apiVersion", "kind", "metadata", "spec", "status"})
public class CiliumBGPClusterConfig extends CustomResource<CiliumBGPClusterConfig.Spec, CiliumStatus> {

    /** {@code spec}: the nodes it applies to and the BGP instances they run. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonPropertyOrder({"nodeSelector", "bgpInstances"})
    public static class Spec {
        private LabelSelector nodeSelector;
        private List<Instance> bgpInstances;

        public LabelSelector getNodeSelector() {
            return nodeSelector;
        }

        public void setNodeSelector(LabelSelector nodeSelector) {
            this.nodeSelector = nodeSelector;
        }

        public List<Instance> getBgpInstances() {
            return bgpInstances;
        }

        public void setBgpInstances(List<Instance> bgpInstances) {
            this.bgpInstances = bgpInstances;
        }
    }

    /** {@code spec.bgpInstances[]}: a virtual router with its local AS and peers. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonPropertyOrder({"name", "localASN", "localPort", "peers"})
    public static class Instance {
        private String name;
        private Long localASN;
        private Integer localPort;
        private List<Peer> peers;

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        @com.fasterxml.jackson.annotation.JsonProperty("localASN")
        public Long getLocalASN() {
            return localASN;
        }

        @com.fasterxml.jackson.annotation.JsonProperty("localASN")
        public void setLocalASN(Long localASN) {
            this.localASN = localASN;
        }

        public Integer getLocalPort() {
            return localPort;
        }

        public void setLocalPort(Integer localPort) {
            this.localPort = localPort;
        }

        public List<Peer> getPeers() {
            return peers;
        }

        public void setPeers(List<Peer> peers) {
            this.peers = peers;
        }
    }

    /** {@code spec.bgpInstances[].peers[]}: a neighbour and the peer config it uses. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonPropertyOrder({"name", "peerAddress", "peerASN", "peerConfigRef"})
    public static class Peer {
        private String name;
        private String peerAddress;
        private Long peerASN;
        private PeerConfigRef peerConfigRef;

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public String getPeerAddress() {
            return peerAddress;
        }

        public void setPeerAddress(String peerAddress) {
            this.peerAddress = peerAddress;
        }

        @com.fasterxml.jackson.annotation.JsonProperty("peerASN")
        public Long getPeerASN() {
            return peerASN;
        }

        @com.fasterxml.jackson.annotation.JsonProperty("peerASN")
        public void setPeerASN(Long peerASN) {
            this.peerASN = peerASN;
        }

        public PeerConfigRef getPeerConfigRef() {
            return peerConfigRef;
        }

        public void setPeerConfigRef(PeerConfigRef peerConfigRef) {
            this.peerConfigRef = peerConfigRef;
        }
    }

    /** {@code peerConfigRef}: the name of a {@code CiliumBGPPeerConfig}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static class PeerConfigRef {
        private String name;

        /** Empty reference. */
        public PeerConfigRef() {
        }

        /** @param name the peer config's name */
        public PeerConfigRef(String name) {
            this.name = name;
        }

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }
    }
}
