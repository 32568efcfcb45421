package dev.kubelb.provider.metallb.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.SecretReference;
import java.util.List;

/**
 * {@code BGPPeer.spec} ({@code v1beta2}). Durations are Go duration strings ({@code 90s},
 * {@code 1m30s}).
 *
 * @param myASN local AS number
 * @param peerASN the peer's AS number; exclusive with {@code dynamicASN}
 * @param dynamicASN {@code internal} or {@code external}
 * @param peerAddress the peer's address
 * @param sourceAddress the local address to connect from
 * @param peerPort the peer's port (CRD default 179, at most 16384)
 * @param holdTime BGP hold time
 * @param keepaliveTime BGP keepalive time
 * @param connectTime connect retry time (whole seconds, 1..65535)
 * @param routerID the router id
 * @param nodeSelectors nodes that peer
 * @param password clear-text TCP MD5 password; exclusive with {@code passwordSecret}
 * @param passwordSecret the Secret holding the password under key {@code password}
 * @param bfdProfile the BFD profile's name
 * @param enableGracefulRestart graceful restart (FRR only, immutable)
 * @param ebgpMultiHop the peer is several hops away
 * @param vrf the VRF the session runs in
 * @param disableMP separate IPv4 and IPv6 sessions (CRD default false)
 * @param localASN the AS number announced to this peer instead of {@code myASN} (FRR local-as)
 * @param iface the node interface of an unnumbered session; exclusive with {@code peerAddress}
 * @param dualStackAddressFamily the session also carries the other address family (CRD default false)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"myASN", "peerASN", "dynamicASN", "peerAddress", "sourceAddress", "peerPort", "holdTime",
        "keepaliveTime", "connectTime", "routerID", "nodeSelectors", "password", "passwordSecret", "bfdProfile",
        "enableGracefulRestart", "ebgpMultiHop", "vrf", "disableMP", "localASN", "interface",
        "dualStackAddressFamily"})
public record BGPPeerSpec(
        @JsonProperty("myASN") Long myASN,
        @JsonProperty("peerASN") Long peerASN,
        @JsonProperty("dynamicASN") String dynamicASN,
        @JsonProperty("peerAddress") String peerAddress,
        @JsonProperty("sourceAddress") String sourceAddress,
        @JsonProperty("peerPort") Integer peerPort,
        @JsonProperty("holdTime") String holdTime,
        @JsonProperty("keepaliveTime") String keepaliveTime,
        @JsonProperty("connectTime") String connectTime,
        @JsonProperty("routerID") String routerID,
        @JsonProperty("nodeSelectors") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<LabelSelector> nodeSelectors,
        @JsonProperty("password") String password,
        @JsonProperty("passwordSecret") SecretReference passwordSecret,
        @JsonProperty("bfdProfile") String bfdProfile,
        @JsonProperty("enableGracefulRestart") Boolean enableGracefulRestart,
        @JsonProperty("ebgpMultiHop") Boolean ebgpMultiHop,
        @JsonProperty("vrf") String vrf,
        @JsonProperty("disableMP") Boolean disableMP,
        @JsonProperty("localASN") Long localASN,
        @JsonProperty("interface") String iface,
        @JsonProperty("dualStackAddressFamily") Boolean dualStackAddressFamily) {

    /** Never shows the password. */
    @Override
    public String toString() {
        return "BGPPeerSpec[myASN=" + myASN + ", peerASN=" + peerASN + ", dynamicASN=" + dynamicASN
                + ", peerAddress=" + peerAddress + ", interface=" + iface + ", password=" + (password == null ? "null" : "****") + "]";
    }
}
