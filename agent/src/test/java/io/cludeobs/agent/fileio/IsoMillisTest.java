package io.cludeobs.agent.fileio;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IsoMillisTest {

  @Test
  void writesWhatInstantToStringWritesForMillisecondTimes() {
    long[] edges = {
      0, 1, 999, 1000, -1, -1000, -86_400_000L, 951_782_400_000L /* 2000-02-29 */, 253_402_300_799_999L /* 9999 */,
      -62_167_219_200_000L /* year 0 */, 1_796_577_628_123L, 1_796_577_628_000L, 1_796_577_628_010L
    };
    for (long t : edges) {
      assertThat(format(t)).as("%d", t).isEqualTo(Instant.ofEpochMilli(t).toString());
    }
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 200_000; i++) {
      long t = random.nextLong(-62_167_219_200_000L, 253_402_300_800_000L);
      assertThat(format(t)).as("%d", t).isEqualTo(Instant.ofEpochMilli(t).toString());
    }
  }

  @Test
  void leavesTimesBeyondFourDigitYearsToTheJdk() {
    long t = 253_402_300_800_000L; // 10000-01-01
    assertThat(format(t)).isEqualTo(Instant.ofEpochMilli(t).toString()).startsWith("+10000");
  }

  private static String format(long t) {
    StringBuilder b = new StringBuilder();
    IsoMillis.append(b, t);
    return b.toString();
  }
}
