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

/** BGP control plane v2 {@code CiliumBGPPeerConfig} ({@code cilium.io/v2}, cluster-scoped). */
@Group("cilium.io")
@Version("v2")
@Kind("CiliumBGPPeerConfig")
@Plural("ciliumbgppeerconfigs")
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"apiVersion", "kind", "metadata", "spec", "status"})
public class CiliumBGPPeerConfig extends CustomResource<CiliumBGPPeerConfig.Spec, CiliumStatus> {

    /** {@code spec}: session settings shared by the peers that reference it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonPropertyOrder({"transport", "timers", "authSecretRef", "gracefulRestart", "ebgpMultihop", "families"})
    public static class Spec {
        private Transport transport;
        private Timers timers;
        private String authSecretRef;
        private GracefulRestart gracefulRestart;
        private Integer ebgpMultihop;
        private List<Family> families;

        public Transport getTransport() {
            return transport;
        }

        public void setTransport(Transport transport) {
            this.transport = transport;
        }

        public Timers getTimers() {
            return timers;
        }

        public void setTimers(Timers timers) {
            this.timers = timers;
        }

        public String getAuthSecretRef() {
            return authSecretRef;
        }

        public void setAuthSecretRef(String authSecretRef) {
            this.authSecretRef = authSecretRef;
        }

        public GracefulRestart getGracefulRestart() {
            return gracefulRestart;
        }

        public void setGracefulRestart(GracefulRestart gracefulRestart) {
            this.gracefulRestart = gracefulRestart;
        }

        public Integer getEbgpMultihop() {
            return ebgpMultihop;
        }

        public void setEbgpMultihop(Integer ebgpMultihop) {
            this.ebgpMultihop = ebgpMultihop;
        }

        public List<Family> getFamilies() {
            return families;
        }

        public void setFamilies(List<Family> families) {
            this.families = families;
        }
    }

    /** {@code spec.transport}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static class Transport {
        private Integer peerPort;
        private Integer localPort;

        public Integer getLocalPort() {
            return localPort;
        }

        public void setLocalPort(Integer localPort) {
            this.localPort = localPort;
        }

        public Integer getPeerPort() {
            return peerPort;
        }

        public void setPeerPort(Integer peerPort) {
            this.peerPort = peerPort;
        }
    }

    /** {@code spec.timers}, in seconds. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonPropertyOrder({"connectRetryTimeSeconds", "holdTimeSeconds", "keepAliveTimeSeconds"})
    public static class Timers {
        private Integer connectRetryTimeSeconds;
        private Integer holdTimeSeconds;
        private Integer keepAliveTimeSeconds;

        public Integer getConnectRetryTimeSeconds() {
            return connectRetryTimeSeconds;
        }

        public void setConnectRetryTimeSeconds(Integer connectRetryTimeSeconds) {
            this.connectRetryTimeSeconds = connectRetryTimeSeconds;
        }

        public Integer getHoldTimeSeconds() {
            return holdTimeSeconds;
        }

        public void setHoldTimeSeconds(Integer holdTimeSeconds) {
            this.holdTimeSeconds = holdTimeSeconds;
        }

        public Integer getKeepAliveTimeSeconds() {
            return keepAliveTimeSeconds;
        }

        public void setKeepAliveTimeSeconds(Integer keepAliveTimeSeconds) {
            this.keepAliveTimeSeconds = keepAliveTimeSeconds;
        }
    }

    /** {@code spec.gracefulRestart}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonPropertyOrder({"enabled", "restartTimeSeconds"})
    public static class GracefulRestart {
        private Boolean enabled;
        private Integer restartTimeSeconds;

        public Boolean getEnabled() {
            return enabled;
        }

        public void setEnabled(Boolean enabled) {
            this.enabled = enabled;
        }

        public Integer getRestartTimeSeconds() {
            return restartTimeSeconds;
        }

        public void setRestartTimeSeconds(Integer restartTimeSeconds) {
            this.restartTimeSeconds = restartTimeSeconds;
        }
    }

    /** {@code spec.families[]}: an AFI/SAFI and the advertisements (by label) sent for it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonPropertyOrder({"afi", "safi", "advertisements"})
    public static class Family {
        private String afi;
        private String safi;
        private LabelSelector advertisements;

        public String getAfi() {
            return afi;
        }

        public void setAfi(String afi) {
            this.afi = afi;
        }

        public String getSafi() {
            return safi;
        }

        public void setSafi(String safi) {
            this.safi = safi;
        }

        public LabelSelector getAdvertisements() {
            return advertisements;
        }

        public void setAdvertisements(LabelSelector advertisements) {
            this.advertisements = advertisements;
        }
    }
}
