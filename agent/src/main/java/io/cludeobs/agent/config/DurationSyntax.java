package io.cludeobs.agent.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;

/** Reads {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h} or a bare number of seconds. */
final class DurationSyntax {
  private static final long NANOS_PER_MILLI = 1_000_000L;
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private DurationSyntax() {}

  /** The duration, or null when the text is not one (negative values included). */
  static Duration parse(String text) {
    String s = text.trim().toLowerCase(Locale.ROOT);
    long unitNanos;
    String number;
    if (s.endsWith("ms")) {
      unitNanos = NANOS_PER_MILLI;
      number = s.substring(0, s.length() - 2);
    } else if (s.endsWith("s")) {
      unitNanos = NANOS_PER_SECOND;
      number = s.substring(0, s.length() - 1);
    } else if (s.endsWith("m")) {
      unitNanos = 60 * NANOS_PER_SECOND;
      number = s.substring(0, s.length() - 1);
    } else if (s.endsWith("h")) {
      unitNanos = 3600 * NANOS_PER_SECOND;
      number = s.substring(0, s.length() - 1);
    } else {
      unitNanos = NANOS_PER_SECOND;
      number = s;
    }
    number = number.trim();
    // BigDecimal parsing is quadratic in the digits; no sensible duration needs more than 64
    if (number.length() > 64 || !isPlainDecimal(number)) {
      return null;
    }
    try {
      BigDecimal nanos = new BigDecimal(number).multiply(BigDecimal.valueOf(unitNanos));
      if (nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
        return null;
      }
      return Duration.ofNanos(nanos.longValue());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Digits with at most one dot and at least one digit; no sign, no exponent. */
  private static boolean isPlainDecimal(String s) {
    boolean digit = false;
    boolean dot = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        digit = true;
      } else if (c == '.' && !dot) {
        dot = true;
      } else {
        return false;
      }
    }
    return digit;
  }

  /** The shortest exact spelling in the same syntax, e.g. {@code 500ms}, {@code 2m}. */
  static String format(Duration d) {
    long nanos = d.toNanos();
    if (nanos != 0 && nanos % (3600 * NANOS_PER_SECOND) == 0) {
      return nanos / (3600 * NANOS_PER_SECOND) + "h";
    }
    if (nanos != 0 && nanos % (60 * NANOS_PER_SECOND) == 0) {
      return nanos / (60 * NANOS_PER_SECOND) + "m";
    }
    if (nanos % NANOS_PER_SECOND == 0) {
      return nanos / NANOS_PER_SECOND + "s";
    }
    if (nanos % NANOS_PER_MILLI == 0) {
      return nanos / NANOS_PER_MILLI + "ms";
    }
    return d.toString();
  }
}
