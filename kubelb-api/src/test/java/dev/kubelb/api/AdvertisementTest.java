package dev.kubelb.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AdvertisementTest {

    private static final AddressPool EXTERN = AddressPool.builder("extern").addresses("10.10.255.200-10.10.255.250")
            .label("tier", "edge").build();

    @Test
    void bgpAdvertisementDefaultsAndCommunities() {
        BgpAdvertisement a = BgpAdvertisement.builder("extern").pools("extern").communities("64512:100", "no-export",
                "large:64512:1:2").localPref(200).build();
        assertThat(a.aggregationLength()).isEqualTo(32);
        assertThat(a.aggregationLengthV6()).isEqualTo(128);
        assertThat(a.communities()).map(Community::text).containsExactly("64512:100", "no-export", "large:64512:1:2");
        assertThat(a.localPref()).contains(200L);
    }

    @Test
    void aggregationLengthsAreBounded() {
        assertThatThrownBy(() -> BgpAdvertisement.builder("a").aggregation(33, 128).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("aggregationLength: must be between 0 and 32, got 33");
        assertThatThrownBy(() -> BgpAdvertisement.builder("a").aggregation(-1, 128).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("aggregationLength: must be between 0 and 32, got -1");
        assertThatThrownBy(() -> BgpAdvertisement.builder("a").aggregation(32, 129).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("aggregationLengthV6: must be between 0 and 128, got 129");
        assertThat(BgpAdvertisement.builder("a").aggregation(0, 0).build().aggregationLength()).isZero();
    }

    @Test
    void localPrefIsAnUnsigned32BitNumber() {
        assertThatThrownBy(() -> BgpAdvertisement.builder("a").localPref(4294967296L).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("localPref: must be between 0 and 4294967295");
        assertThatThrownBy(() -> BgpAdvertisement.builder("a").localPref(-1).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("localPref: must be between 0 and 4294967295");
    }

    @Test
    void aMalformedCommunityIsRejectedByTheBuilder() {
        assertThatThrownBy(() -> BgpAdvertisement.builder("a").communities("65536:1").build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("community: '65536:1': 65536 exceeds 65535");
    }

    @Test
    void selectsPoolsByNameBySelectorOrAll() {
        assertThat(BgpAdvertisement.builder("all").build().selects(EXTERN)).isTrue();
        assertThat(BgpAdvertisement.builder("named").pools("extern").build().selects(EXTERN)).isTrue();
        assertThat(BgpAdvertisement.builder("other").pools("intern").build().selects(EXTERN)).isFalse();
        assertThat(BgpAdvertisement.builder("sel").poolSelector(LabelSelector.of(Map.of("tier", "edge"))).build()
                .selects(EXTERN)).isTrue();
        assertThat(BgpAdvertisement.builder("sel").poolSelector(LabelSelector.of(Map.of("tier", "core"))).build()
                .selects(EXTERN)).isFalse();
        L2Advertisement l2 = new L2Advertisement("l2", List.of(), List.of(), List.of(), List.of("eth0"));
        assertThat(l2.selects(EXTERN)).isTrue();
        assertThat(new L2Advertisement("l2", List.of("intern"), List.of(), List.of(), List.of()).selects(EXTERN))
                .isFalse();
    }

    @Test
    void bfdProfileRanges() {
        assertThatThrownBy(() -> new BfdProfile("fast", Optional.of(9), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("receiveInterval: must be between 10 and 60000, got 9");
        assertThatThrownBy(() -> new BfdProfile("fast", Optional.empty(), Optional.empty(), Optional.of(1),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("detectMultiplier: must be between 2 and 255, got 1");
        assertThatThrownBy(() -> new BfdProfile("fast", Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(255)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("minimumTtl: must be between 1 and 254, got 255");
    }

    @Test
    void applianceConfigReportsEveryDuplicateName() {
        assertThatThrownBy(() -> ApplianceConfig.builder().pool(EXTERN).pool(EXTERN)
                .advertisement(BgpAdvertisement.builder("adv").build())
                .advertisement(BgpAdvertisement.builder("adv").build())
                // an L2 and a BGP advertisement may share a name
                .advertisement(new L2Advertisement("adv", List.of(), List.of(), List.of(), List.of()))
                .build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("pool/extern: metadata.name: duplicate name\n"
                        + "BGPAdvertisement/adv: metadata.name: duplicate name");
        ApplianceConfig ok = ApplianceConfig.builder().pool(EXTERN)
                .advertisement(BgpAdvertisement.builder("adv").build())
                .advertisement(new L2Advertisement("adv", List.of(), List.of(), List.of(), List.of())).build();
        assertThat(ok.bgpAdvertisements()).hasSize(1);
        assertThat(ok.l2Advertisements()).hasSize(1);
        assertThat(ok.pool("extern")).contains(EXTERN);
        assertThat(ok.pool("intern")).isEmpty();
    }

    @Test
    void announcedPrefixesAreCidrs() {
        assertThatThrownBy(() -> new RouteAnnouncement("tor", AddressRange.parse("10.0.0.1-10.0.0.2"), List.of(),
                Optional.empty(), List.of(), List.of(), List.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("prefix: an announced prefix must be a CIDR, got 10.0.0.1-10.0.0.2");
    }
}
