package dev.kubelb.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A BGP router the appliance's speakers peer with (MetalLB {@code BGPPeer} v1beta2; Cilium
 * {@code CiliumBGPClusterConfig} peer + {@code CiliumBGPPeerConfig}).
 *
 * @param name the peer's name
 * @param myAsn the local AS number
 * @param peerAsn the peer's AS number; exactly one of this and {@code dynamicAsn}
 * @param dynamicAsn the peer's AS kind when its number is learned
 * @param peerAddress the peer's address; exactly one of this and {@code interfaceName}
 * @param interfaceName the node interface of an unnumbered session (MetalLB {@code interface})
 * @param port the peer's TCP port (179 by default)
 * @param sourceAddress the local address to connect from
 * @param holdTime the BGP hold time: zero or at least 3 seconds
 * @param keepaliveTime the keepalive interval, at most the hold time
 * @param connectTime the connect retry interval
 * @param routerId the router id to use (an IPv4 literal)
 * @param password the session password in clear text (never printed); exclusive with
 *     {@code passwordSecret}
 * @param passwordSecret the Secret holding the session password
 * @param bfdProfile the BFD profile's name
 * @param ebgpMultiHop whether the peer may be more than one hop away
 * @param gracefulRestart whether graceful restart is enabled
 * @param vrf the VRF the session runs in
 * @param nodeSelectors which nodes peer; empty = every node
 * @param disableMp whether multiprotocol BGP is disabled (one session per family)
 * @param localAsn the AS number announced to this peer instead of {@code myAsn} (BGP local-as), if set
 * @param dualStackAddressFamily whether the session also carries the other address family
 */
public record BgpPeer(String name, long myAsn, Optional<Long> peerAsn, Optional<DynamicAsn> dynamicAsn,
        Optional<IpAddress> peerAddress, Optional<String> interfaceName, int port, Optional<IpAddress> sourceAddress, Optional<Duration> holdTime,
        Optional<Duration> keepaliveTime, Optional<Duration> connectTime, Optional<String> routerId,
        Optional<Password> password, Optional<SecretRef> passwordSecret, Optional<String> bfdProfile,
        boolean ebgpMultiHop, boolean gracefulRestart, Optional<String> vrf, List<LabelSelector> nodeSelectors,
        boolean disableMp, Optional<Long> localAsn, boolean dualStackAddressFamily) {

    /** Validates AS numbers, the port, the timers and the exclusive pairs. */
    public BgpPeer {
        Checks.name(name, "name");
        Checks.asn(myAsn, "myASN");
        peerAsn = Checks.opt(peerAsn, "peerASN");
        dynamicAsn = Checks.opt(dynamicAsn, "dynamicASN");
        peerAddress = Checks.opt(peerAddress, "peerAddress");
        interfaceName = Checks.opt(interfaceName, "interface");
        localAsn = Checks.opt(localAsn, "localASN");
        localAsn.ifPresent(a -> Checks.asn(a, "localASN"));
        if (peerAddress.isPresent() == interfaceName.isPresent()) {
            throw ConfigurationException.field("peerAddress", "exactly one of peerAddress and interface must be set");
        }
        if (interfaceName.isPresent() && interfaceName.get().isEmpty()) {
            throw ConfigurationException.field("interface", "must not be empty");
        }
        sourceAddress = Checks.opt(sourceAddress, "sourceAddress");
        holdTime = Checks.opt(holdTime, "holdTime");
        keepaliveTime = Checks.opt(keepaliveTime, "keepaliveTime");
        connectTime = Checks.opt(connectTime, "connectTime");
        routerId = Checks.opt(routerId, "routerID");
        password = Checks.opt(password, "password");
        passwordSecret = Checks.opt(passwordSecret, "passwordSecret");
        bfdProfile = Checks.opt(bfdProfile, "bfdProfile");
        vrf = Checks.opt(vrf, "vrf");
        nodeSelectors = Checks.list(nodeSelectors, "nodeSelectors");
        peerAsn.ifPresent(a -> Checks.asn(a, "peerASN"));
        if (peerAsn.isPresent() == dynamicAsn.isPresent()) {
            throw ConfigurationException.field("peerASN", "exactly one of peerASN and dynamicASN must be set");
        }
        if (port < 1 || port > 65535) {
            throw ConfigurationException.field("peerPort", "port " + port + " is out of range 1..65535");
        }
        if (password.isPresent() && passwordSecret.isPresent()) {
            throw ConfigurationException.field("password", "password and passwordSecret are mutually exclusive");
        }
        if (holdTime.isPresent()) {
            Duration h = holdTime.get();
            if (h.isNegative() || (!h.isZero() && h.compareTo(Duration.ofSeconds(3)) < 0)) {
                throw ConfigurationException.field("holdTime", "must be 0 or at least 3s, got " + h.toSeconds() + "s");
            }
        }
        if (keepaliveTime.isPresent()) {
            Duration k = keepaliveTime.get();
            if (k.isNegative()) {
                throw ConfigurationException.field("keepaliveTime", "must not be negative");
            }
            Duration h = holdTime.orElse(Duration.ofSeconds(90));
            if (k.compareTo(h) > 0) {
                throw ConfigurationException.field("keepaliveTime", "keepalive time " + k.toSeconds()
                        + "s exceeds hold time " + h.toSeconds() + "s");
            }
        }
        if (routerId.isPresent()) {
            IpAddress id = IpAddress.tryParse(routerId.get());
            if (id == null || id.family() != IpFamily.IPV4) {
                throw ConfigurationException.field("routerID", "'" + routerId.get() + "' is not an IPv4 address");
            }
        }
        if (sourceAddress.isPresent() && peerAddress.isPresent()
                && sourceAddress.get().family() != peerAddress.get().family()) {
            throw ConfigurationException.field("sourceAddress", "family differs from peerAddress");
        }
    }

    /**
     * @param name the peer's name
     * @param myAsn local AS
     * @param peerAsn the peer's AS
     * @param peerAddress the peer's address; exactly one of this and {@code interfaceName}
 * @param interfaceName the node interface of an unnumbered session (MetalLB {@code interface})
     * @return a builder
     */
    public static Builder builder(String name, long myAsn, long peerAsn, String address) {
        return new Builder(name, myAsn, address).peerAsn(peerAsn);
    }

    /**
     * @param name the peer's name
     * @param myAsn local AS
     * @param peerAddress the peer's address; exactly one of this and {@code interfaceName}
 * @param interfaceName the node interface of an unnumbered session (MetalLB {@code interface})
     * @return a builder (set {@code peerAsn} or {@code dynamicAsn})
     */
    public static Builder builder(String name, long myAsn, String address) {
        return new Builder(name, myAsn, Objects.requireNonNull(address, "address"));
    }

    /**
     * @param name the peer's name
     * @param myAsn local AS
     * @param interfaceName the node interface of the unnumbered session
     * @return a builder (set {@code peerAsn} or {@code dynamicAsn})
     */
    public static Builder unnumbered(String name, long myAsn, String interfaceName) {
        Builder b = new Builder(name, myAsn, null);
        b.interfaceName = Objects.requireNonNull(interfaceName, "interfaceName");
        return b;
    }

    /**
     * @return the peer's address
     * @throws IllegalStateException for an unnumbered peer (see {@link #interfaceName()})
     */
    public IpAddress address() {
        return peerAddress.orElseThrow(() -> new IllegalStateException("BGPPeer/" + name
                + " is unnumbered (interface " + interfaceName.orElse("") + ") and has no address"));
    }

    /**
     * @return whether the session runs over an interface without a peer address (unnumbered BGP)
     */
    public boolean isUnnumbered() {
        return interfaceName.isPresent();
    }

    /**
     * @return whether the session is iBGP (same AS on both sides)
     */
    public boolean isInternal() {
        return dynamicAsn.map(d -> d == DynamicAsn.INTERNAL).orElseGet(() -> peerAsn.orElseThrow() == myAsn);
    }

    @Override
    public String toString() {
        return "BgpPeer[" + name + " " + peerAddress.map(Object::toString).orElseGet(() -> "interface "
                + interfaceName.orElseThrow()) + " AS" + myAsn + "->" + peerAsn.map(String::valueOf)
                .orElseGet(() -> dynamicAsn.orElseThrow().text()) + "]";
    }

    private static IpAddress parseField(String text, String field) {
        IpAddress a = IpAddress.tryParse(text);
        if (a == null) {
            throw ConfigurationException.field(field, "'" + text + "' is not a valid IP address");
        }
        return a;
    }

    /** Builds a {@link BgpPeer}. */
    public static final class Builder {
        private final String name;
        private final long myAsn;
        private final String address;
        private Long peerAsn;
        private DynamicAsn dynamicAsn;
        private int port = 179;
        private String sourceAddress;
        private Duration holdTime;
        private Duration keepaliveTime;
        private Duration connectTime;
        private String routerId;
        private Password password;
        private SecretRef passwordSecret;
        private String bfdProfile;
        private boolean ebgpMultiHop;
        private boolean gracefulRestart;
        private String vrf;
        private final List<LabelSelector> nodeSelectors = new ArrayList<>();
        private boolean disableMp;
        private String interfaceName;
        private Long localAsn;
        private boolean dualStackAddressFamily;

        private Builder(String name, long myAsn, String address) {
            this.name = Objects.requireNonNull(name, "name");
            this.myAsn = myAsn;
            this.address = address;
        }

        /** @param v the AS announced to this peer (local-as) @return this */
        public Builder localAsn(long v) {
            this.localAsn = v;
            return this;
        }

        /** @param v whether the session carries both families @return this */
        public Builder dualStackAddressFamily(boolean v) {
            this.dualStackAddressFamily = v;
            return this;
        }

        /** @param v peer AS @return this */
        public Builder peerAsn(long v) {
            this.peerAsn = v;
            return this;
        }

        /** @param v dynamic AS kind @return this */
        public Builder dynamicAsn(DynamicAsn v) {
            this.dynamicAsn = v;
            return this;
        }

        /** @param v TCP port @return this */
        public Builder port(int v) {
            this.port = v;
            return this;
        }

        /** @param v source address literal @return this */
        public Builder sourceAddress(String v) {
            this.sourceAddress = v;
            return this;
        }

        /** @param hold hold time @param keepalive keepalive time @return this */
        public Builder timers(Duration hold, Duration keepalive) {
            this.holdTime = hold;
            this.keepaliveTime = keepalive;
            return this;
        }

        /** @param v connect retry time @return this */
        public Builder connectTime(Duration v) {
            this.connectTime = v;
            return this;
        }

        /** @param v router id @return this */
        public Builder routerId(String v) {
            this.routerId = v;
            return this;
        }

        /** @param v clear-text password @return this */
        public Builder password(String v) {
            this.password = new Password(v);
            return this;
        }

        /** @param v password Secret @return this */
        public Builder passwordSecret(SecretRef v) {
            this.passwordSecret = v;
            return this;
        }

        /** @param v BFD profile name @return this */
        public Builder bfdProfile(String v) {
            this.bfdProfile = v;
            return this;
        }

        /** @param v eBGP multi-hop @return this */
        public Builder ebgpMultiHop(boolean v) {
            this.ebgpMultiHop = v;
            return this;
        }

        /** @param v graceful restart @return this */
        public Builder gracefulRestart(boolean v) {
            this.gracefulRestart = v;
            return this;
        }

        /** @param v VRF name @return this */
        public Builder vrf(String v) {
            this.vrf = v;
            return this;
        }

        /** @param v node selector @return this */
        public Builder nodeSelector(LabelSelector v) {
            nodeSelectors.add(Objects.requireNonNull(v, "nodeSelector"));
            return this;
        }

        /** @param v disable MP-BGP @return this */
        public Builder disableMp(boolean v) {
            this.disableMp = v;
            return this;
        }

        /** @return the peer */
        public BgpPeer build() {
            Optional<IpAddress> addr = Optional.ofNullable(address).map(a -> parseField(a, "peerAddress"));
            Optional<IpAddress> source = Optional.ofNullable(sourceAddress).map(s -> parseField(s, "sourceAddress"));
            return new BgpPeer(name, myAsn, Optional.ofNullable(peerAsn), Optional.ofNullable(dynamicAsn), addr,
                    Optional.ofNullable(interfaceName), port, source, Optional.ofNullable(holdTime),
                    Optional.ofNullable(keepaliveTime), Optional.ofNullable(connectTime),
                    Optional.ofNullable(routerId), Optional.ofNullable(password), Optional.ofNullable(passwordSecret),
                    Optional.ofNullable(bfdProfile), ebgpMultiHop, gracefulRestart, Optional.ofNullable(vrf),
                    nodeSelectors, disableMp, Optional.ofNullable(localAsn), dualStackAddressFamily);
        }
    }
}
