package dev.kubelb.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AddressPoolTest {

    @Test
    void seedPoolCapacityWithAvoidBuggyIps() {
        AddressPool extern = AddressPool.builder("extern").addresses("10.10.255.200-10.10.255.250")
                .avoidBuggyIps(true).build();
        assertThat(extern.capacity()).isEqualTo(BigInteger.valueOf(51));
        assertThat(extern.autoAssign()).isTrue();
        assertThat(extern.scope()).isEmpty();
        assertThat(extern.allowCrossTenantSharing()).isFalse();
    }

    @Test
    void avoidBuggyIpsDropsDotZeroAndDot255() {
        AddressPool p = AddressPool.builder("p").addresses("10.0.0.0/23").avoidBuggyIps(true).build();
        assertThat(p.capacity()).isEqualTo(BigInteger.valueOf(508));
        AddressPool plain = AddressPool.builder("p").addresses("10.0.0.0/23").build();
        assertThat(plain.capacity()).isEqualTo(BigInteger.valueOf(512));

        // ranges that start or end on a buggy address, and a single buggy /32
        assertThat(AddressPool.builder("p").addresses("10.0.0.255-10.0.1.0").avoidBuggyIps(true).build().capacity())
                .isZero();
        assertThat(AddressPool.builder("p").addresses("10.0.0.254-10.0.1.1").avoidBuggyIps(true).build().capacity())
                .isEqualTo(BigInteger.TWO);
        assertThat(AddressPool.builder("p").addresses("10.0.0.0/32").avoidBuggyIps(true).build().capacity())
                .isZero();
        assertThat(AddressPool.builder("p").addresses("0.0.0.0/0").avoidBuggyIps(true).build().capacity())
                .isEqualTo(BigInteger.valueOf(254L * (1L << 24)));
    }

    @Test
    void avoidBuggyIpsIgnoresIpv6() {
        AddressPool p = AddressPool.builder("p").addresses("10.0.0.0/24", "fd00::/120").avoidBuggyIps(true).build();
        assertThat(p.capacity()).isEqualTo(BigInteger.valueOf(254 + 256));
        assertThat(p.offers(IpAddress.parse("fd00::ff"))).isTrue();
        assertThat(p.offers(IpAddress.parse("fd00::"))).isTrue();
        assertThat(p.offers(IpAddress.parse("10.0.0.0"))).isFalse();
        assertThat(p.offers(IpAddress.parse("10.0.0.255"))).isFalse();
        assertThat(p.offers(IpAddress.parse("10.0.0.1"))).isTrue();
        assertThat(p.offers(IpAddress.parse("10.0.1.1"))).isFalse();
        assertThat(p.hasFamily(IpFamily.IPV4)).isTrue();
        assertThat(p.hasFamily(IpFamily.IPV6)).isTrue();
    }

    @Test
    void ipv6SlashSixtyFourCapacityIsExact() {
        AddressPool p = AddressPool.builder("v6").addresses("fd00:10::/64").build();
        assertThat(p.capacity()).isEqualTo(BigInteger.ONE.shiftLeft(64));
        assertThat(p.hasFamily(IpFamily.IPV4)).isFalse();
    }

    @Test
    void rejectsOverlappingOwnRanges() {
        assertThatThrownBy(() -> AddressPool.builder("extern")
                .addresses("10.10.255.192/28", "10.10.255.250-10.10.255.254", "10.10.255.200-10.10.255.210").build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("pool/extern: ranges[2]: '10.10.255.200-10.10.255.210' overlaps '10.10.255.192/28' "
                        + "(ranges[0])");
        assertThatThrownBy(() -> AddressPool.builder("v6").addresses("fd00::/64", "fd00::1-fd00::5").build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("pool/v6: ranges[1]: 'fd00::1-fd00::5' overlaps 'fd00::/64' (ranges[0])");
        // adjacent ranges and ranges of different families do not overlap
        AddressPool ok = AddressPool.builder("ok").addresses("10.0.0.0/24", "10.0.1.0-10.0.1.9", "::a00:0/120")
                .build();
        assertThat(ok.ranges()).hasSize(3);
    }

    @Test
    void builderLocatesABadRange() {
        assertThatThrownBy(() -> AddressPool.builder("extern").addresses("10.0.0.0/24", "10.0.1.1/24").build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("pool/extern: ranges[1]: '10.0.1.1/24' has host bits set (did you mean 10.0.1.0/24?)");
    }

    @Test
    void rejectsBadNames() {
        assertThatThrownBy(() -> AddressPool.builder("Extern").addresses("10.0.0.0/24").build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("name: 'Extern' is not a valid name (lowercase letters, digits, '-' and '.', at most "
                        + "253 characters)");
        assertThatThrownBy(() -> AddressPool.builder("").build())
                .isInstanceOf(ConfigurationException.class).hasMessageStartingWith("name: '' is not a valid name");
    }

    @Test
    void copiesItsCollections() {
        java.util.List<AddressRange> ranges = new java.util.ArrayList<>(List.of(AddressRange.parse("10.0.0.0/24")));
        java.util.Map<String, String> labels = new java.util.HashMap<>(Map.of("b", "2", "a", "1"));
        AddressPool p = new AddressPool("p", ranges, true, false, Optional.empty(), false, labels);
        ranges.add(AddressRange.parse("10.0.1.0/24"));
        labels.put("c", "3");
        assertThat(p.ranges()).hasSize(1);
        assertThat(p.labels()).containsExactly(Map.entry("a", "1"), Map.entry("b", "2"));
        assertThatThrownBy(() -> p.ranges().add(AddressRange.parse("10.0.2.0/24")))
                .isInstanceOf(UnsupportedOperationException.class);
        java.util.List<AddressRange> withNull = new java.util.ArrayList<>();
        withNull.add(null);
        assertThatThrownBy(() -> new AddressPool("p", withNull, true, false, Optional.empty(), false, Map.of()))
                .isInstanceOf(ConfigurationException.class).hasMessage("ranges[0]: must not be null");
    }

    @Test
    void scopeAdmitsByTenantAndServiceSelectors() {
        LabelSelector prod = LabelSelector.of(Map.of("env", "prod"));
        LabelSelector web = LabelSelector.of(Map.of("app", "web"));
        PoolScope both = new PoolScope(Optional.of(1), List.of("tenant-a"), List.of(prod), List.of(web));
        assertThat(both.admits("tenant-a", Map.of(), Map.of("app", "web"))).isTrue();
        assertThat(both.admits("tenant-b", Map.of("env", "prod"), Map.of("app", "web"))).isTrue();
        assertThat(both.admits("tenant-b", Map.of("env", "dev"), Map.of("app", "web"))).isFalse();
        assertThat(both.admits("tenant-a", Map.of(), Map.of("app", "db"))).isFalse();
        PoolScope priorityOnly = new PoolScope(Optional.of(5), List.of(), List.of(), List.of());
        assertThat(priorityOnly.admits("anyone", Map.of(), Map.of())).isTrue();
        assertThatThrownBy(() -> new PoolScope(Optional.of(-1), List.of(), List.of(), List.of()))
                .isInstanceOf(ConfigurationException.class).hasMessage("priority: must not be negative");
    }
}
