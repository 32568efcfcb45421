package dev.kubelb.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigurationExceptionTest {

    @Test
    void problemRendersObjectFieldAndMessage() {
        assertThat(Problem.of("IPAddressPool/extern", "spec.addresses[1]", "not a CIDR or range"))
                .hasToString("IPAddressPool/extern: spec.addresses[1]: not a CIDR or range");
        assertThat(Problem.of("", "spec.addresses[1]", "m")).hasToString("spec.addresses[1]: m");
        assertThat(Problem.of("IPAddressPool/extern", "", "m")).hasToString("IPAddressPool/extern: m");
        assertThat(Problem.of("", "", "m")).hasToString("m");
    }

    @Test
    void exceptionMessageListsEveryProblemOnItsOwnLine() {
        ConfigurationException e = new ConfigurationException(List.of(
                Problem.of("IPAddressPool/extern", "spec.addresses[1]", "'10.0.0.1/24' has host bits set"),
                Problem.of("BGPPeer/tor", "spec.myASN", "AS number 0 is out of range 1..4294967295")));
        assertThat(e).hasMessage("IPAddressPool/extern: spec.addresses[1]: '10.0.0.1/24' has host bits set\n"
                + "BGPPeer/tor: spec.myASN: AS number 0 is out of range 1..4294967295");
        assertThat(e.problems()).hasSize(2);
        assertThat(e).isInstanceOf(KubeLbException.class).isInstanceOf(RuntimeException.class);
    }

    @Test
    void locateFillsTheObjectAndPrefixesTheField() {
        ConfigurationException bare = ConfigurationException.field("", "'x' is neither a CIDR nor a first-last range");
        assertThat(bare.locate("IPAddressPool/extern", "spec.addresses[1]"))
                .hasMessage("IPAddressPool/extern: spec.addresses[1]: 'x' is neither a CIDR nor a first-last range");

        ConfigurationException named = ConfigurationException.field("myASN", "AS number 0 is out of range");
        assertThat(named.locate("BGPPeer/tor", "spec."))
                .hasMessage("BGPPeer/tor: spec.myASN: AS number 0 is out of range");

        // an object already named is kept; the field is still prefixed
        ConfigurationException inPool = new ConfigurationException("pool/extern", "ranges[2]", "overlap");
        assertThat(inPool.locate("IPAddressPool/other", "spec."))
                .hasMessage("pool/extern: spec.ranges[2]: overlap");
    }

    @Test
    void problemHelpers() {
        Problem p = Problem.of("", "", "m");
        assertThat(p.underField("spec.")).isEqualTo(Problem.of("", "spec", "m"));
        assertThat(p.inObject("Kind/n")).isEqualTo(Problem.of("Kind/n", "", "m"));
        assertThat(List.of(Problem.of("b", "a", "m"), Problem.of("a", "z", "m"), Problem.of("a", "b", "m"))
                .stream().sorted()).containsExactly(Problem.of("a", "b", "m"), Problem.of("a", "z", "m"),
                Problem.of("b", "a", "m"));
    }

    @Test
    void needsAtLeastOneProblem() {
        assertThatThrownBy(() -> new ConfigurationException(List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("problems: at least one problem is required");
    }

    @Test
    void validationReportThrowsEveryError() {
        ValidationReport r = new ValidationReport(List.of(Problem.of("A/a", "f", "bad")), List.of())
                .merge(new ValidationReport(List.of(Problem.of("B/b", "g", "worse")), List.of(Problem.of("", "", "hm"))));
        assertThat(r.isValid()).isFalse();
        assertThat(r.warnings()).hasSize(1);
        assertThatThrownBy(r::throwIfInvalid).isInstanceOf(ConfigurationException.class)
                .hasMessage("A/a: f: bad\nB/b: g: worse");
        assertThat(ValidationReport.OK.throwIfInvalid()).isSameAs(ValidationReport.OK);
    }

    @Test
    void providerAndAllocationExceptionsCarryTheirContext() {
        ProviderException pe = new ProviderException("metallb", "apply failed", 409, null);
        assertThat(pe).hasMessage("[metallb] apply failed (HTTP 409)");
        assertThat(pe.provider()).isEqualTo("metallb");
        assertThat(pe.httpCode()).hasValue(409);
        assertThat(new ProviderException("ccm", "boom", null).httpCode()).isEmpty();
        assertThat(new ProviderException("ccm", "boom", null)).hasMessage("[ccm] boom");
    }
}
