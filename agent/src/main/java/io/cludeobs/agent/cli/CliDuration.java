package io.cludeobs.agent.cli;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;

/** Durations on the command line: a number and a unit, {@code ms}, {@code s}, {@code m}, {@code h} or {@code d}. */
final class CliDuration {

  private CliDuration() {}

  /** Reads {@code text} for {@code option}; a bad value fails with one line naming the option, value and fix. */
  static Duration parse(String option, String text) throws CliFailure {
    String s = text.trim().toLowerCase(Locale.ROOT);
    long unitNanos;
    String number;
    if (s.endsWith("ms")) {
      unitNanos = 1_000_000L;
      number = s.substring(0, s.length() - 2);
    } else if (s.endsWith("s")) {
      unitNanos = 1_000_000_000L;
      number = s.substring(0, s.length() - 1);
    } else if (s.endsWith("m")) {
      unitNanos = 60_000_000_000L;
      number = s.substring(0, s.length() - 1);
    } else if (s.endsWith("h")) {
      unitNanos = 3_600_000_000_000L;
      number = s.substring(0, s.length() - 1);
    } else if (s.endsWith("d")) {
      unitNanos = 86_400_000_000_000L;
      number = s.substring(0, s.length() - 1);
    } else {
      number = null;
      unitNanos = 0;
    }
    if (number == null || !number.matches("[0-9]+(\\.[0-9]+)?")) {
      throw new CliFailure(
          CliFailure.USAGE,
          option + " '" + text + "' is not a duration; give a number and a unit ms, s, m, h or d, e.g. 7d or 2.5s");
    }
    BigDecimal nanos = new BigDecimal(number).multiply(BigDecimal.valueOf(unitNanos));
    if (nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
      throw new CliFailure(
          CliFailure.USAGE, option + " '" + text + "' is too long; give at most 100000d");
    }
    return Duration.ofNanos(nanos.longValue());
  }
}
