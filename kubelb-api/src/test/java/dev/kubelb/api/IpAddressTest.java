package dev.kubelb.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressTest {

    @Test
    void parsesIpv4() {
        IpAddress a = IpAddress.parse("10.10.255.200");
        assertThat(a.family()).isEqualTo(IpFamily.IPV4);
        assertThat(a.hi()).isZero();
        assertThat(a.lo()).isEqualTo((10L << 24) | (10L << 16) | (255L << 8) | 200L);
        assertThat(a).hasToString("10.10.255.200");
        assertThat(IpAddress.parse("0.0.0.0").lo()).isZero();
        assertThat(IpAddress.parse("255.255.255.255").lo()).isEqualTo(0xffffffffL);
        assertThat(IpAddress.parse("0.0.0.0")).isEqualTo(IpAddress.ipv4(0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"01.2.3.4", "1.2.3.04", "1.02.3.4", "1.2.003.4", "00.0.0.0"})
    void rejectsIpv4LeadingZeros(String text) {
        assertThatThrownBy(() -> IpAddress.parse(text))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("address: '" + text + "' is not a valid IP address");
        assertThat(IpAddress.isValid(text)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"256.1.1.1", "1.2.3.256", "1.2.3", "1.2.3.4.5", "1..2.3", "1.2.3.", ".1.2.3",
        "1.2.3.4 ", " 1.2.3.4", "1.2.3.-4", "", "1.2.3.4/32", "1.2.3.4a", "1111.2.3.4", "0x1.2.3.4",
        "localhost", "example.com", "host.invalid"})
    void rejectsInvalidIpv4AndHostNames(String text) {
        assertThatThrownBy(() -> IpAddress.parse(text))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("address: '" + text + "' is not a valid IP address");
        assertThat(IpAddress.isValid(text)).isFalse();
    }

    @Test
    void neverResolvesNames() throws IOException {
        // Host names are refused by the parser itself; to prove no look-up can happen, the parsing
        // classes must not reference java.net (InetAddress) at all.
        for (Class<?> c : List.of(IpAddress.class, AddressRange.class)) {
            try (InputStream in = c.getResourceAsStream(c.getSimpleName() + ".class")) {
                assertThat(in).isNotNull();
                String constantPool = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
                assertThat(constantPool).as(c.getSimpleName()).doesNotContain("java/net/");
            }
        }
        assertThat(IpAddress.isValid("localhost")).isFalse();
        assertThat(IpAddress.isValid("example.com")).isFalse();
        assertThat(IpAddress.isValid(null)).isFalse();
    }

    @ParameterizedTest
    @CsvSource({
        "::, ::",
        "::1, ::1",
        "1::, 1::",
        "2001:0db8:0000:0000:0000:0000:0002:0001, 2001:db8::2:1",
        "2001:DB8::1, 2001:db8::1",
        "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
        "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
        "2001:db8:0:0:0:1:0:0, 2001:db8::1:0:0",
        "2001:db8::0:1, 2001:db8::1",
        "fd00:0:0:1::, fd00:0:0:1::",
        "1:2:3:4:5:6:7::, 1:2:3:4:5:6:7:0",
        "::2:3:4:5:6:7:8, 0:2:3:4:5:6:7:8",
        "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
        "::ffff:10.1.2.3, ::ffff:10.1.2.3",
        "::ffff:a01:203, ::ffff:10.1.2.3",
        "64:ff9b::192.0.2.33, 64:ff9b::c000:221",
        "1:2:3:4:5:6:1.2.3.4, 1:2:3:4:5:6:102:304",
        "::0.0.0.1, ::1"
    })
    void parsesIpv6AndPrintsRfc5952(String text, String canonical) {
        IpAddress a = IpAddress.parse(text);
        assertThat(a.family()).isEqualTo(IpFamily.IPV6);
        assertThat(a).hasToString(canonical);
        assertThat(IpAddress.parse(canonical)).isEqualTo(a);
    }

    @Test
    void ipv6HalvesHoldTheBits() {
        IpAddress a = IpAddress.parse("8000:1:2:3:4:5:6:7");
        assertThat(a.hi()).isEqualTo(0x8000_0001_0002_0003L);
        assertThat(a.lo()).isEqualTo(0x0004_0005_0006_0007L);
        assertThat(a.toBigInteger()).isEqualTo(new BigInteger("80000001000200030004000500060007", 16));
        assertThat(IpAddress.fromBigInteger(IpFamily.IPV6, a.toBigInteger())).isEqualTo(a);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "1::2::3", ":1::", ":1:2:3:4:5:6:7:8",
        "1:", "1:2:3:4:5:6:7:8:", "12345::", "g::", "fe80::1%eth0", ":::", "1:::2", "::1.2.3", "1.2.3.4::",
        "::ffff:01.2.3.4", "::256.1.1.1", "1:2:3:4:5:6:7:1.2.3.4", "::1.2.3.4:5", "1:2:3:4:5:6:7:8::",
        "::1:2:3:4:5:6:7:8", "[::1]", "::-1"})
    void rejectsInvalidIpv6(String text) {
        assertThatThrownBy(() -> IpAddress.parse(text))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("address: '" + text + "' is not a valid IP address");
    }

    @Test
    void rejectsNonAsciiHexDigits() {
        assertThat(IpAddress.isValid("\uFF11::")).isFalse();
        assertThat(IpAddress.isValid("fd00::\uFF41")).isFalse();
    }

    @Test
    void ordersNumericallyIpv4BeforeIpv6() {
        List<IpAddress> list = new ArrayList<>(List.of(
                IpAddress.parse("8000::"), IpAddress.parse("::2"), IpAddress.parse("7fff::"),
                IpAddress.parse("255.255.255.255"), IpAddress.parse("128.0.0.0"), IpAddress.parse("::1"),
                IpAddress.parse("127.255.255.255"), IpAddress.parse("10.0.0.9"), IpAddress.parse("10.0.0.10"),
                IpAddress.parse("::ffff:ffff:ffff:ffff"), IpAddress.parse("0:0:0:1::")));
        Collections.shuffle(list, new java.util.Random(42));
        Collections.sort(list);
        assertThat(list).map(IpAddress::toString).containsExactly(
                "10.0.0.9", "10.0.0.10", "127.255.255.255", "128.0.0.0", "255.255.255.255",
                "::1", "::2", "::ffff:ffff:ffff:ffff", "0:0:0:1::", "7fff::", "8000::");
    }

    @Test
    void plusAddsAndCarries() {
        assertThat(IpAddress.parse("10.0.0.255").plus(1)).hasToString("10.0.1.0");
        assertThat(IpAddress.parse("10.10.255.200").plus(50)).hasToString("10.10.255.250");
        assertThat(IpAddress.parse("10.0.0.1").plus(0)).isEqualTo(IpAddress.parse("10.0.0.1"));
        assertThat(IpAddress.parse("fd00::ffff:ffff:ffff:ffff").plus(1)).hasToString("fd00:0:0:1::");
        assertThat(IpAddress.parse("fd00::ffff:ffff:ffff:fff0").plus(0x20)).hasToString("fd00:0:0:1::10");
        assertThat(IpAddress.parse("::").plus(Long.MAX_VALUE)).hasToString("::7fff:ffff:ffff:ffff");
    }

    @Test
    void plusRejectsOverflowAndNegativeDelta() {
        assertThatThrownBy(() -> IpAddress.parse("255.255.255.255").plus(1))
                .isInstanceOf(ConfigurationException.class).hasMessage("address: address overflow");
        assertThatThrownBy(() -> IpAddress.parse("255.255.255.0").plus(Long.MAX_VALUE))
                .isInstanceOf(ConfigurationException.class).hasMessage("address: address overflow");
        assertThatThrownBy(() -> IpAddress.parse("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff").plus(1))
                .isInstanceOf(ConfigurationException.class).hasMessage("address: address overflow");
        assertThatThrownBy(() -> IpAddress.parse("10.0.0.1").plus(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("delta must be non-negative");
    }

    @Test
    void nextOrNullStopsAtTheEnd() {
        assertThat(IpAddress.parse("10.0.0.255").nextOrNull()).hasToString("10.0.1.0");
        assertThat(IpAddress.parse("255.255.255.255").nextOrNull()).isNull();
        assertThat(IpAddress.parse("::ffff:ffff:ffff:ffff").nextOrNull()).hasToString("0:0:0:1::");
        assertThat(IpAddress.parse("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff").nextOrNull()).isNull();
    }

    @Test
    void buggyIpv4AddressesEndInZeroOr255() {
        assertThat(IpAddress.parse("10.0.1.0").isBuggyIpv4()).isTrue();
        assertThat(IpAddress.parse("10.0.0.255").isBuggyIpv4()).isTrue();
        assertThat(IpAddress.parse("10.0.0.254").isBuggyIpv4()).isFalse();
        assertThat(IpAddress.parse("fd00::ff").isBuggyIpv4()).isFalse();
        assertThat(IpAddress.parse("fd00::").isBuggyIpv4()).isFalse();
    }

    @Test
    void constructorAndFromBigIntegerCheckRanges() {
        assertThatThrownBy(() -> new IpAddress(IpFamily.IPV4, 0, 1L << 32))
                .isInstanceOf(ConfigurationException.class).hasMessage("address: IPv4 value out of range");
        assertThatThrownBy(() -> new IpAddress(IpFamily.IPV4, 1, 0))
                .isInstanceOf(ConfigurationException.class).hasMessage("address: IPv4 value out of range");
        assertThatThrownBy(() -> IpAddress.fromBigInteger(IpFamily.IPV4, BigInteger.ONE.shiftLeft(32)))
                .isInstanceOf(ConfigurationException.class).hasMessage("address: value out of range for IPv4");
        assertThatThrownBy(() -> IpAddress.fromBigInteger(IpFamily.IPV6, BigInteger.ONE.negate()))
                .isInstanceOf(ConfigurationException.class).hasMessage("address: value out of range for IPv6");
        assertThat(IpAddress.fromBigInteger(IpFamily.IPV6, BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE)))
                .hasToString("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
    }
}
