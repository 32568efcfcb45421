package dev.kubelb.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CommunityTest {

    @Test
    void parsesStandardCommunitiesWithinSixteenBitHalves() {
        assertThat(Community.parse("64512:100")).isEqualTo(new Community.Standard(64512, 100));
        assertThat(Community.parse("0:0")).isEqualTo(new Community.Standard(0, 0));
        Community.Standard max = (Community.Standard) Community.parse("65535:65535");
        assertThat(max.asLong()).isEqualTo(0xFFFFFFFFL);
        assertThat(max.text()).isEqualTo("65535:65535");
        assertThat(Community.parse(" 64512:100 ").text()).isEqualTo("64512:100");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "65536:1 | community: '65536:1': 65536 exceeds 65535 (standard communities are 16:16 bits; use large:A:B:C "
            + "for 32-bit AS numbers)",
        "1:65536 | community: '1:65536': 65536 exceeds 65535 (standard communities are 16:16 bits; use large:A:B:C "
            + "for 32-bit AS numbers)",
        "4200000000:1 | community: '4200000000:1': 4200000000 exceeds 65535 (standard communities are 16:16 bits; "
            + "use large:A:B:C for 32-bit AS numbers)",
        "-1:5 | community: '-1:5': '-1' is not a number",
        "a:5 | community: 'a:5': 'a' is not a number",
        ":5 | community: ':5': '' is not a number",
        "12345678901:5 | community: '12345678901:5': '12345678901' is not a number",
        "1:2:3 | community: '1:2:3' is not a community (expected AS:value with two 16-bit numbers, or large:A:B:C)",
        "large:1:2 | community: 'large:1:2' is not a large community (expected large:A:B:C with three 32-bit numbers)",
        "large:1:2:3:4 | community: 'large:1:2:3:4' is not a large community (expected large:A:B:C with three "
            + "32-bit numbers)",
        "large:4294967296:0:0 | community: 'large:4294967296:0:0': 4294967296 exceeds 4294967295",
        "large:1:x:3 | community: 'large:1:x:3': 'x' is not a number",
        "no export | community: 'no export' is not a community: expected AS:value, large:A:B:C, a well-known "
            + "name or an alias",
        "1abc | community: '1abc' is not a community: expected AS:value, large:A:B:C, a well-known name or an alias"
    })
    void rejectsMalformedCommunitiesNamingTheProblem(String text, String message) {
        assertThatThrownBy(() -> Community.parse(text))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage(message)
                .satisfies(e -> assertThat(((ConfigurationException) e).problems().get(0).field())
                        .isEqualTo("community"));
    }

    @Test
    void rejectsEmpty() {
        assertThatThrownBy(() -> Community.parse("  "))
                .isInstanceOf(ConfigurationException.class).hasMessage("community: empty community");
    }

    @Test
    void parsesLargeCommunities() {
        Community c = Community.parse("large:4294967295:0:4294967295");
        assertThat(c).isEqualTo(new Community.Large(4294967295L, 0, 4294967295L));
        assertThat(c.text()).isEqualTo("large:4294967295:0:4294967295");
        assertThat(Community.parse("LARGE:64500:1:2").text()).isEqualTo("large:64500:1:2");
        assertThatThrownBy(() -> new Community.Large(-1, 0, 0))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("community: large community parts must be 0..4294967295");
    }

    @Test
    void parsesWellKnownNamesCaseInsensitively() {
        Community c = Community.parse("NO-EXPORT");
        assertThat(c).isEqualTo(new Community.WellKnown("no-export"));
        assertThat(c.text()).isEqualTo("no-export");
        assertThat(((Community.WellKnown) c).asStandard()).isEqualTo(new Community.Standard(65535, 65281));
        assertThat(((Community.WellKnown) Community.parse("no-advertise")).asStandard().text())
                .isEqualTo("65535:65282");
        assertThat(((Community.WellKnown) Community.parse("blackhole")).asStandard().text()).isEqualTo("65535:666");
        assertThat(((Community.WellKnown) Community.parse("graceful-shutdown")).asStandard().text())
                .isEqualTo("65535:0");
        assertThatThrownBy(() -> new Community.WellKnown("no-such"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("community: unknown well-known community 'no-such'");
    }

    @Test
    void otherIdentifiersAreAliasesResolvedByName() {
        Community c = Community.parse("vpn-only");
        assertThat(c).isEqualTo(new Community.Alias("vpn-only"));
        assertThat(c.text()).isEqualTo("vpn-only");
        Map<String, Community> known = Map.of("vpn-only", new Community.Standard(64512, 7));
        assertThat(((Community.Alias) c).resolve(known)).contains(new Community.Standard(64512, 7));
        assertThat(new Community.Alias("other").resolve(known)).isEmpty();
        assertThatThrownBy(() -> new Community.Alias("1bad"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("community: '1bad' is not a valid alias name");
    }

    @Test
    void standardHalvesAreValidatedInTheConstructor() {
        assertThatThrownBy(() -> new Community.Standard(65536, 0))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("community: standard community halves must be 0..65535");
        assertThatThrownBy(() -> new Community.Standard(0, -1))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("community: standard community halves must be 0..65535");
    }

    @Test
    void communityAliasMustNameAConcreteCommunity() {
        CommunityAlias a = new CommunityAlias("vpn-only", Community.parse("64512:7"));
        assertThat(a.value().text()).isEqualTo("64512:7");
        assertThatThrownBy(() -> new CommunityAlias("vpn-only", Community.parse("other")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("value: an alias must name a concrete community, not another alias");
        assertThatThrownBy(() -> new CommunityAlias("bad name", Community.parse("1:1")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("name: 'bad name' is not a valid community alias name");
    }

    @Test
    void rejectsNonAsciiDigits() {
        assertThatThrownBy(() -> Community.parse("\u0661:\u0662")).isInstanceOf(ConfigurationException.class);
    }
}
