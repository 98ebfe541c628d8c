package dev.conduit.cli.download.text;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Durations and sizes as the command line writes them. */
class OptionValuesTest {

    @Test
    void parsesDurations() {
        assertThat(Durations.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Durations.parse("1.5")).isEqualTo(Duration.ofMillis(1500));
        assertThatThrownBy(() -> Durations.parse("soon")).hasMessageContaining("'soon' is not a duration");
    }

    @Test
    void parsesSizesInPowersOf1024() {
        assertThat(ByteSizes.parse("1k")).isEqualTo(1024);
        assertThat(ByteSizes.parse("10M")).isEqualTo(10L << 20);
        assertThat(ByteSizes.parse("2GiB")).isEqualTo(2L << 30);
        assertThat(ByteSizes.parse("123")).isEqualTo(123);
        assertThatThrownBy(() -> ByteSizes.parse("big")).hasMessageContaining("'big' is not a size");
    }
}
