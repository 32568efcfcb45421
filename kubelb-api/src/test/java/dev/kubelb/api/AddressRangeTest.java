package dev.kubelb.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressRangeTest {

    @Test
    void parsesIpv4Cidr() {
        AddressRange r = AddressRange.parse("10.10.255.192/28");
        assertThat(r.isCidr()).isTrue();
        assertThat(r.prefixLength()).isEqualTo(28);
        assertThat(r.first()).hasToString("10.10.255.192");
        assertThat(r.last()).hasToString("10.10.255.207");
        assertThat(r.size()).isEqualTo(BigInteger.valueOf(16));
        assertThat(r.family()).isEqualTo(IpFamily.IPV4);
        assertThat(r).hasToString("10.10.255.192/28");
    }

    @Test
    void parsesIpv6CidrAndSizesAreExact() {
        AddressRange r64 = AddressRange.parse("fd00:10::/64");
        assertThat(r64.first()).hasToString("fd00:10::");
        assertThat(r64.last()).hasToString("fd00:10::ffff:ffff:ffff:ffff");
        assertThat(r64.size()).isEqualTo(new BigInteger("18446744073709551616"));
        assertThat(AddressRange.parse("::/0").size()).isEqualTo(BigInteger.ONE.shiftLeft(128));
        assertThat(AddressRange.parse("::/0").last()).hasToString("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
        assertThat(AddressRange.parse("0.0.0.0/0").size()).isEqualTo(BigInteger.ONE.shiftLeft(32));
        assertThat(AddressRange.parse("10.0.0.1/32").size()).isEqualTo(BigInteger.ONE);
        assertThat(AddressRange.parse("fd00::1/128").size()).isEqualTo(BigInteger.ONE);
        assertThat(AddressRange.parse("fd00::/65").last()).hasToString("fd00::7fff:ffff:ffff:ffff");
        assertThat(AddressRange.parse("fd00::/63").last()).hasToString("fd00::1:ffff:ffff:ffff:ffff");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "10.0.0.1/24 | '10.0.0.1/24' has host bits set (did you mean 10.0.0.0/24?)",
        "10.10.255.200/28 | '10.10.255.200/28' has host bits set (did you mean 10.10.255.192/28?)",
        "fd00::1/64 | 'fd00::1/64' has host bits set (did you mean fd00::/64?)",
        "fd00:0:0:1::/63 | 'fd00:0:0:1::/63' has host bits set (did you mean fd00::/63?)"
    })
    void rejectsHostBitsWithTheFix(String text, String message) {
        assertThatThrownBy(() -> AddressRange.parse(text))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage(message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "10.0.0.0/33 | '10.0.0.0/33' is not a valid CIDR: prefix length 33 exceeds 32",
        "fd00::/129 | 'fd00::/129' is not a valid CIDR: prefix length 129 exceeds 128",
        "10.0.0.0/ | '10.0.0.0/' is not a valid CIDR: bad prefix length",
        "10.0.0.0/-1 | '10.0.0.0/-1' is not a valid CIDR: bad prefix length",
        "10.0.0.0/024 | '10.0.0.0/024' is not a valid CIDR: bad prefix length",
        "10.0.0.0/1000 | '10.0.0.0/1000' is not a valid CIDR: bad prefix length",
        "10.0.0/24 | '10.0.0/24' is not a valid CIDR: bad address",
        "example.com/24 | 'example.com/24' is not a valid CIDR: bad address",
        "/24 | '/24' is not a valid CIDR: bad address",
        "10.0.0.300-10.0.0.5 | '10.0.0.300-10.0.0.5' is not a valid range: bad first address",
        "10.0.0.1- | '10.0.0.1-' is not a valid range: bad last address",
        "10.0.0.1-localhost | '10.0.0.1-localhost' is not a valid range: bad last address",
        "pool-a | 'pool-a' is not a valid range: bad first address",
        "localhost | 'localhost' is neither a CIDR nor a first-last range",
        "10.0.0.1 | '10.0.0.1' is a single address; write it as 10.0.0.1/32 or as a range",
        "fd00::1 | 'fd00::1' is a single address; write it as fd00::1/128 or as a range"
    })
    void rejectsMalformedText(String text, String message) {
        assertThatThrownBy(() -> AddressRange.parse(text))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage(message);
    }

    @Test
    void rejectsEmptyText() {
        assertThatThrownBy(() -> AddressRange.parse("  "))
                .isInstanceOf(ConfigurationException.class).hasMessage("empty address range");
    }

    @Test
    void parsesFirstLastWithOrWithoutSpaces() {
        AddressRange r = AddressRange.parse("10.10.255.200-10.10.255.250");
        assertThat(r.isCidr()).isFalse();
        assertThat(r.prefixLength()).isEqualTo(-1);
        assertThat(r.first()).hasToString("10.10.255.200");
        assertThat(r.last()).hasToString("10.10.255.250");
        assertThat(r.size()).isEqualTo(BigInteger.valueOf(51));

        AddressRange spaced = AddressRange.parse(" 10.10.255.200 - 10.10.255.250 ");
        assertThat(spaced.first()).isEqualTo(r.first());
        assertThat(spaced.last()).isEqualTo(r.last());
        // the text is kept as written, so an imported configuration renders back unchanged
        assertThat(spaced).hasToString(" 10.10.255.200 - 10.10.255.250 ");

        AddressRange one = AddressRange.parse("10.0.0.7-10.0.0.7");
        assertThat(one.size()).isEqualTo(BigInteger.ONE);

        AddressRange v6 = AddressRange.parse("fd00::10 - fd00::1f");
        assertThat(v6.size()).isEqualTo(BigInteger.valueOf(16));
    }

    @Test
    void rejectsReversedRanges() {
        assertThatThrownBy(() -> AddressRange.parse("10.10.255.250-10.10.255.200"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("'10.10.255.250-10.10.255.200' is reversed: 10.10.255.250 is after 10.10.255.200");
        assertThatThrownBy(() -> AddressRange.parse("fd00::2-fd00::1"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("'fd00::2-fd00::1' is reversed: fd00::2 is after fd00::1");
    }

    @Test
    void rejectsMixedFamilyRanges() {
        assertThatThrownBy(() -> AddressRange.parse("10.0.0.1-fd00::1"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("'10.0.0.1-fd00::1' mixes IPv4 and IPv6");
        assertThatThrownBy(() -> AddressRange.parse("fd00::1-10.0.0.1"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("'fd00::1-10.0.0.1' mixes IPv4 and IPv6");
    }

    @Test
    void constructorRejectsBadPrefixLength() {
        IpAddress a = IpAddress.parse("10.0.0.0");
        assertThatThrownBy(() -> new AddressRange("x", a, a, 33))
                .isInstanceOf(ConfigurationException.class).hasMessage("'x' has an invalid prefix length 33");
        assertThatThrownBy(() -> new AddressRange("x", a, a, -2))
                .isInstanceOf(ConfigurationException.class).hasMessage("'x' has an invalid prefix length -2");
        assertThatThrownBy(() -> AddressRange.cidr(a, 40))
                .isInstanceOf(ConfigurationException.class).hasMessage("invalid prefix length 40");
    }

    @Test
    void locatedParseErrorsRenderWithObjectAndField() {
        ConfigurationException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigurationException.class,
                () -> AddressRange.parse("10.0.0.1/24"));
        ConfigurationException located = e.locate("IPAddressPool/extern", "spec.addresses[1]");
        assertThat(located).hasMessage(
                "IPAddressPool/extern: spec.addresses[1]: '10.0.0.1/24' has host bits set (did you mean 10.0.0.0/24?)");
        assertThat(located.problems()).containsExactly(Problem.of("IPAddressPool/extern", "spec.addresses[1]",
                "'10.0.0.1/24' has host bits set (did you mean 10.0.0.0/24?)"));
    }

    @Test
    void splitsTheSeedRangeIntoExactlyTheCoveringCidrs() {
        AddressRange r = AddressRange.parse("10.10.255.200-10.10.255.250");
        assertThat(r.toCidrs()).map(AddressRange::toString).containsExactly(
                "10.10.255.200/29", "10.10.255.208/28", "10.10.255.224/28", "10.10.255.240/29",
                "10.10.255.248/31", "10.10.255.250/32");
        assertThat(r.toCidrs().stream().map(AddressRange::size).reduce(BigInteger.ZERO, BigInteger::add))
                .isEqualTo(r.size());
        assertThat(r.shortestPrefix()).isEqualTo(28);
    }

    @Test
    void aCidrSplitsIntoItself() {
        assertThat(AddressRange.parse("10.0.0.0/23").toCidrs()).map(AddressRange::toString)
                .containsExactly("10.0.0.0/23");
        assertThat(AddressRange.parse("fd00::/64").shortestPrefix()).isEqualTo(64);
        // a range that is exactly one aligned block gives that block
        assertThat(AddressRange.parse("10.0.0.0-10.0.1.255").toCidrs()).map(AddressRange::toString)
                .containsExactly("10.0.0.0/23");
        assertThat(AddressRange.parse("0.0.0.0-255.255.255.255").toCidrs()).map(AddressRange::toString)
                .containsExactly("0.0.0.0/0");
        assertThat(AddressRange.parse(":: - ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff").toCidrs())
                .map(AddressRange::toString).containsExactly("::/0");
    }

    @Test
    void splitsIpv6RangesCrossingThe64BitHalves() {
        AddressRange r = AddressRange.parse("fd00::ffff:ffff:ffff:fff0-fd00:0:0:1::f");
        assertThat(r.size()).isEqualTo(BigInteger.valueOf(32));
        assertThat(r.toCidrs()).map(AddressRange::toString)
                .containsExactly("fd00::ffff:ffff:ffff:fff0/124", "fd00:0:0:1::/124");

        AddressRange two = AddressRange.parse("fd00::ffff:ffff:ffff:ffff-fd00:0:0:1::");
        assertThat(two.size()).isEqualTo(BigInteger.TWO);
        assertThat(two.toCidrs()).map(AddressRange::toString)
                .containsExactly("fd00::ffff:ffff:ffff:ffff/128", "fd00:0:0:1::/128");

        AddressRange wide = AddressRange.parse("fd00::8000:0:0:0-fd00:0:0:1:7fff:ffff:ffff:ffff");
        assertThat(wide.size()).isEqualTo(BigInteger.ONE.shiftLeft(64));
        assertThat(wide.toCidrs()).map(AddressRange::toString)
                .containsExactly("fd00::8000:0:0:0/65", "fd00:0:0:1::/65");
        assertThat(wide.shortestPrefix()).isEqualTo(65);
    }

    @Test
    void containsAndOverlapsRespectFamilyAndBounds() {
        AddressRange r = AddressRange.parse("10.0.0.10-10.0.0.20");
        assertThat(r.contains(IpAddress.parse("10.0.0.10"))).isTrue();
        assertThat(r.contains(IpAddress.parse("10.0.0.20"))).isTrue();
        assertThat(r.contains(IpAddress.parse("10.0.0.21"))).isFalse();
        assertThat(r.contains(IpAddress.parse("::a00:a"))).isFalse();
        assertThat(r.overlaps(AddressRange.parse("10.0.0.20/32"))).isTrue();
        assertThat(r.overlaps(AddressRange.parse("10.0.0.0/28"))).isTrue();
        assertThat(r.overlaps(AddressRange.parse("10.0.0.21-10.0.0.30"))).isFalse();
        assertThat(r.overlaps(AddressRange.parse("::/0"))).isFalse();
    }

    @Test
    void ordersByFirstThenLast() {
        AddressRange a = AddressRange.parse("10.0.0.0/24");
        AddressRange b = AddressRange.parse("10.0.0.0/23");
        AddressRange c = AddressRange.parse("10.0.1.0/24");
        AddressRange v6 = AddressRange.parse("::/0");
        assertThat(java.util.stream.Stream.of(v6, c, b, a).sorted()).containsExactly(a, b, c, v6);
    }

    @Test
    void rejectsNonAsciiPrefixDigits() {
        assertThatThrownBy(() -> AddressRange.parse("10.0.0.0/\uFF12\uFF14"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("'10.0.0.0/\uFF12\uFF14' is not a valid CIDR: bad prefix length");
    }
}
