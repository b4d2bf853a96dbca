package io.cludeobs.agent.fileio;

/**
 * Writes an epoch-millisecond time as ISO-8601 UTC text, the same text {@code Instant.ofEpochMilli(t).toString()}
 * gives ({@code 2026-12-06T19:27:08.123Z}, no fraction when the milliseconds are zero), without the
 * {@code DateTimeFormatter} machinery and its allocations: the audit writer stamps every line.
 */
final class IsoMillis {

  private static final long MILLIS_PER_DAY = 86_400_000L;

  private IsoMillis() {}

  static void append(StringBuilder b, long epochMillis) {
    long days = Math.floorDiv(epochMillis, MILLIS_PER_DAY);
    int millisOfDay = (int) Math.floorMod(epochMillis, MILLIS_PER_DAY);
    // civil date from days since 1970-01-01 (proleptic Gregorian; H. Hinnant's days_from_civil inverse)
    long z = days + 719_468;
    long era = Math.floorDiv(z, 146_097);
    long dayOfEra = z - era * 146_097;
    long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
    long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    long mp = (5 * dayOfYear + 2) / 153;
    int day = (int) (dayOfYear - (153 * mp + 2) / 5 + 1);
    int month = (int) (mp < 10 ? mp + 3 : mp - 9);
    long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
    if (year < 0 || year > 9999) {
      // outside what four digits hold the JDK adds a sign or digits; rare enough to leave to it
      b.append(java.time.Instant.ofEpochMilli(epochMillis));
      return;
    }
    pad(b, (int) year, 4).append('-');
    pad(b, month, 2).append('-');
    pad(b, day, 2).append('T');
    pad(b, millisOfDay / 3_600_000, 2).append(':');
    pad(b, millisOfDay / 60_000 % 60, 2).append(':');
    pad(b, millisOfDay / 1000 % 60, 2);
    int millis = millisOfDay % 1000;
    if (millis != 0) {
      pad(b.append('.'), millis, 3);
    }
    b.append('Z');
  }

  private static StringBuilder pad(StringBuilder b, int value, int digits) {
    for (int limit = 10, i = 1; i < digits; i++, limit *= 10) {
      if (value < limit) {
        b.append('0');
      }
    }
    return b.append(value);
  }
}
