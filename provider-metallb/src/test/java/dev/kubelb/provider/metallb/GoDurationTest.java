package dev.kubelb.provider.metallb;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class GoDurationTest {
    @Test
    void parsesGoDurations() {
        assertThat(GoDuration.parse("90s")).contains(Duration.ofSeconds(90));
        assertThat(GoDuration.parse("1m30s")).contains(Duration.ofSeconds(90));
        assertThat(GoDuration.parse("1.5h")).contains(Duration.ofMinutes(90));
        assertThat(GoDuration.parse("300ms")).contains(Duration.ofMillis(300));
        assertThat(GoDuration.parse("2us")).contains(Duration.ofNanos(2000));
        assertThat(GoDuration.parse("0")).contains(Duration.ZERO);
        assertThat(GoDuration.parse("0s")).contains(Duration.ZERO);
        assertThat(GoDuration.parse("90")).isEmpty();
        assertThat(GoDuration.parse("s")).isEmpty();
        assertThat(GoDuration.parse("-3s")).isEmpty();
        assertThat(GoDuration.parse("3d")).isEmpty();
        assertThat(GoDuration.parse("")).isEmpty();
    }

    @Test
    void formatsInOneExactUnit() {
        assertThat(GoDuration.format(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(GoDuration.format(Duration.ZERO)).isEqualTo("0s");
        assertThat(GoDuration.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(GoDuration.format(Duration.ofNanos(1500))).isEqualTo("1500ns");
        assertThat(GoDuration.format(Duration.ofNanos(2000))).isEqualTo("2us");
        for (String s : new String[] {"90s", "1500ms", "3s", "0s"}) {
            assertThat(GoDuration.format(GoDuration.parse(s).orElseThrow())).isEqualTo(s);
        }
    }
}
