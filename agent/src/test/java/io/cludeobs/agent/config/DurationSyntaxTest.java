package io.cludeobs.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationSyntaxTest {

  @Test
  void parsesUnitsAndBareSeconds() {
    assertThat(DurationSyntax.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(DurationSyntax.parse("5s")).isEqualTo(Duration.ofSeconds(5));
    assertThat(DurationSyntax.parse(" 2M ")).isEqualTo(Duration.ofMinutes(2));
    assertThat(DurationSyntax.parse("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(DurationSyntax.parse("1.5m")).isEqualTo(Duration.ofSeconds(90));
    assertThat(DurationSyntax.parse("5")).isEqualTo(Duration.ofSeconds(5));
    assertThat(DurationSyntax.parse("0.5")).isEqualTo(Duration.ofMillis(500));
    assertThat(DurationSyntax.parse("0")).isEqualTo(Duration.ZERO);
    assertThat(DurationSyntax.parse("10 s")).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void rejectsNonDurations() {
    assertThat(DurationSyntax.parse("-1s")).isNull();
    assertThat(DurationSyntax.parse("5x")).isNull();
    assertThat(DurationSyntax.parse("s")).isNull();
    assertThat(DurationSyntax.parse("1e3")).isNull();
    assertThat(DurationSyntax.parse("1.2.3")).isNull();
    assertThat(DurationSyntax.parse("")).isNull();
    assertThat(DurationSyntax.parse("99999999999999h")).isNull();
  }

  @Test
  void formatsInTheLargestExactUnit() {
    assertThat(DurationSyntax.format(Duration.ofMillis(500))).isEqualTo("500ms");
    assertThat(DurationSyntax.format(Duration.ofSeconds(5))).isEqualTo("5s");
    assertThat(DurationSyntax.format(Duration.ofSeconds(90))).isEqualTo("90s");
    assertThat(DurationSyntax.format(Duration.ofMinutes(2))).isEqualTo("2m");
    assertThat(DurationSyntax.format(Duration.ofHours(3))).isEqualTo("3h");
    assertThat(DurationSyntax.format(Duration.ZERO)).isEqualTo("0s");
    assertThat(DurationSyntax.format(Duration.ofNanos(1500))).isEqualTo("PT0.0000015S");
  }
}
