package dev.kubelb.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BgpPeerTest {

    private static BgpPeer.Builder peer() {
        return BgpPeer.builder("tor-1", 64512, 64513, "10.0.0.1");
    }

    @Test
    void buildsWithDefaults() {
        BgpPeer p = peer().build();
        assertThat(p.port()).isEqualTo(179);
        assertThat(p.address()).hasToString("10.0.0.1");
        assertThat(p.peerAsn()).contains(64513L);
        assertThat(p.dynamicAsn()).isEmpty();
        assertThat(p.isInternal()).isFalse();
        assertThat(BgpPeer.builder("ibgp", 64512, 64512, "fd00::1").build().isInternal()).isTrue();
        assertThat(BgpPeer.builder("dyn", 64512, "10.0.0.1").dynamicAsn(DynamicAsn.INTERNAL).build().isInternal())
                .isTrue();
        assertThat(BgpPeer.builder("dyn", 64512, "10.0.0.1").dynamicAsn(DynamicAsn.EXTERNAL).build().isInternal())
                .isFalse();
        assertThat(p).hasToString("BgpPeer[tor-1 10.0.0.1 AS64512->64513]");
    }

    @Test
    void acceptsTheWholeFourByteAsnRange() {
        BgpPeer p = BgpPeer.builder("p", 1, 4294967295L, "10.0.0.1").build();
        assertThat(p.myAsn()).isEqualTo(1);
        assertThat(p.peerAsn()).contains(4294967295L);
    }

    @Test
    void rejectsAsnZeroNamingMyAsn() {
        assertThatThrownBy(() -> BgpPeer.builder("p", 0, 64513, "10.0.0.1").build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("myASN: AS number 0 is out of range 1..4294967295");
    }

    @Test
    void rejectsAsnAboveFourBytesNamingTheField() {
        assertThatThrownBy(() -> BgpPeer.builder("p", 64512, 4294967296L, "10.0.0.1").build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("peerASN: AS number 4294967296 is out of range 1..4294967295");
        assertThatThrownBy(() -> BgpPeer.builder("p", 4294967296L, 64512, "10.0.0.1").build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("myASN: AS number 4294967296 is out of range 1..4294967295");
        assertThatThrownBy(() -> BgpPeer.builder("p", 64512, 0, "10.0.0.1").build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("peerASN: AS number 0 is out of range 1..4294967295");
    }

    @Test
    void requiresExactlyOneOfPeerAsnAndDynamicAsn() {
        assertThatThrownBy(() -> BgpPeer.builder("p", 64512, "10.0.0.1").build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("peerASN: exactly one of peerASN and dynamicASN must be set");
        assertThatThrownBy(() -> peer().dynamicAsn(DynamicAsn.EXTERNAL).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("peerASN: exactly one of peerASN and dynamicASN must be set");
    }

    @Test
    void dynamicAsnParsesMetalLbSpelling() {
        assertThat(DynamicAsn.parse("internal")).isEqualTo(DynamicAsn.INTERNAL);
        assertThat(DynamicAsn.EXTERNAL.text()).isEqualTo("external");
        assertThatThrownBy(() -> DynamicAsn.parse("Internal"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("dynamicASN: 'Internal' is not internal or external");
    }

    @Test
    void holdTimeIsZeroOrAtLeastThreeSeconds() {
        assertThatThrownBy(() -> peer().timers(Duration.ofSeconds(1), null).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("holdTime: must be 0 or at least 3s, got 1s");
        assertThatThrownBy(() -> peer().timers(Duration.ofSeconds(-3), null).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("holdTime: must be 0 or at least 3s, got -3s");
        assertThat(peer().timers(Duration.ZERO, null).build().holdTime()).contains(Duration.ZERO);
        assertThat(peer().timers(Duration.ofSeconds(3), Duration.ofSeconds(1)).build().keepaliveTime())
                .contains(Duration.ofSeconds(1));
    }

    @Test
    void keepaliveMayNotExceedHoldTime() {
        assertThatThrownBy(() -> peer().timers(Duration.ofSeconds(30), Duration.ofSeconds(31)).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("keepaliveTime: keepalive time 31s exceeds hold time 30s");
        // without a hold time, BGP's default of 90s applies
        assertThatThrownBy(() -> peer().timers(null, Duration.ofSeconds(91)).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("keepaliveTime: keepalive time 91s exceeds hold time 90s");
        assertThat(peer().timers(Duration.ofSeconds(30), Duration.ofSeconds(30)).build().keepaliveTime())
                .contains(Duration.ofSeconds(30));
        assertThatThrownBy(() -> peer().timers(null, Duration.ofSeconds(-1)).build())
                .isInstanceOf(ConfigurationException.class).hasMessage("keepaliveTime: must not be negative");
    }

    @Test
    void passwordAndPasswordSecretAreExclusive() {
        assertThatThrownBy(() -> peer().password("s3cr3t").passwordSecret(new SecretRef("", "bgp-auth", "password"))
                .build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("password: password and passwordSecret are mutually exclusive")
                .hasMessageNotContaining("s3cr3t");
        assertThat(peer().passwordSecret(new SecretRef("metallb-system", "bgp-auth", "password")).build()
                .passwordSecret()).map(SecretRef::name).contains("bgp-auth");
    }

    @Test
    void passwordNeverShowsItsValue() {
        BgpPeer p = peer().password("s3cr3t").build();
        assertThat(p.password()).isPresent();
        assertThat(p.password().get().value()).isEqualTo("s3cr3t");
        assertThat(p.password().get()).hasToString("Password[****]");
        assertThat(p.toString()).doesNotContain("s3cr3t");
        assertThat(String.valueOf(p.password())).doesNotContain("s3cr3t");
    }

    @Test
    void secretRefValidatesNameAndKey() {
        assertThatThrownBy(() -> new SecretRef("", "Bad_Name", "password"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("name: 'Bad_Name' is not a valid name");
        assertThatThrownBy(() -> new SecretRef("", "bgp-auth", ""))
                .isInstanceOf(ConfigurationException.class).hasMessage("key: must not be empty");
    }

    @Test
    void validatesPortRouterIdAndSourceAddress() {
        assertThatThrownBy(() -> peer().port(0).build())
                .isInstanceOf(ConfigurationException.class).hasMessage("peerPort: port 0 is out of range 1..65535");
        assertThatThrownBy(() -> peer().port(65536).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("peerPort: port 65536 is out of range 1..65535");
        assertThatThrownBy(() -> peer().routerId("fd00::1").build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("routerID: 'fd00::1' is not an IPv4 address");
        assertThatThrownBy(() -> peer().routerId("router-1").build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("routerID: 'router-1' is not an IPv4 address");
        assertThat(peer().routerId("10.255.0.1").build().routerId()).contains("10.255.0.1");
        assertThatThrownBy(() -> peer().sourceAddress("fd00::2").build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("sourceAddress: family differs from peerAddress");
        assertThatThrownBy(() -> BgpPeer.builder("Tor", 64512, 64513, "10.0.0.1").build())
                .isInstanceOf(ConfigurationException.class).hasMessageStartingWith("name: 'Tor' is not a valid name");
    }

    @Test
    void rejectsABadPeerAddress() {
        assertThatThrownBy(() -> BgpPeer.builder("p", 64512, 64513, "tor-1.example.com").build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("'tor-1.example.com' is not a valid IP address");
    }

    @Test
    void badPeerAddressNamesThePeerAddressField() {
        assertThatThrownBy(() -> BgpPeer.builder("p", 64512, 64513, "tor-1.example.com").build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("peerAddress: 'tor-1.example.com' is not a valid IP address");
    }

    @Test
    void badSourceAddressNamesTheSourceAddressField() {
        assertThatThrownBy(() -> peer().sourceAddress("nope").build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("sourceAddress: 'nope' is not a valid IP address");
    }
}
