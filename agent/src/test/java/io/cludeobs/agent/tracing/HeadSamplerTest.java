package io.cludeobs.agent.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HeadSamplerTest {

  @Test
  void zeroAndOneAreExact() {
    HeadSampler never = new HeadSampler(0.0);
    HeadSampler always = new HeadSampler(1.0);
    for (int i = 0; i < 10_000; i++) {
      assertThat(never.sampleRoot()).isFalse();
      assertThat(always.sampleRoot()).isTrue();
    }
  }

  @Test
  void aRatioSamplesThatFractionWithinFiveSigma() {
    HeadSampler quarter = new HeadSampler(0.25);
    int n = 200_000;
    int sampled = 0;
    for (int i = 0; i < n; i++) {
      if (quarter.sampleRoot()) {
        sampled++;
      }
    }
    double sigma = Math.sqrt(n * 0.25 * 0.75);
    assertThat((double) sampled).isBetween(n * 0.25 - 5 * sigma, n * 0.25 + 5 * sigma);
  }

  @Test
  void outOfRangeRatiosAreClamped() {
    assertThat(new HeadSampler(1.5).ratio()).isEqualTo(1.0);
    assertThat(new HeadSampler(-1).ratio()).isEqualTo(0.0);
  }
}
