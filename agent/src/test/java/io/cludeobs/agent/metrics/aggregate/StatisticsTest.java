package io.cludeobs.agent.metrics.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StatisticsTest {

  @Test
  void rawValuesGiveExactStatistics() {
    double[] values = new double[101];
    for (int i = 0; i <= 100; i++) {
      values[i] = 100 - i;
    }

    Statistics s = Statistics.ofValues(values);

    assertThat(s.count()).isEqualTo(101);
    assertThat(s.sum()).isEqualTo(5050.0);
    assertThat(s.min()).isEqualTo(0.0);
    assertThat(s.max()).isEqualTo(100.0);
    assertThat(s.mean()).isEqualTo(50.0);
    assertThat(s.p50()).isEqualTo(50.0);
    assertThat(s.p90()).isEqualTo(90.0);
    assertThat(s.p95()).isEqualTo(95.0);
    assertThat(s.p99()).isEqualTo(99.0);
  }

  @Test
  void percentilesInterpolateBetweenRanks() {
    Statistics s = Statistics.ofValues(new double[] {1, 2});

    assertThat(s.p50()).isEqualTo(1.5);
    assertThat(s.p90()).isEqualTo(1.9);
  }

  @Test
  void emptyHasZeroCountAndNoValues() {
    Statistics s = Statistics.ofValues(new double[0]);

    assertThat(s.count()).isZero();
    assertThat(s.sum()).isZero();
    assertThat(s.mean()).isNaN();
    assertThat(s.p99()).isNaN();
  }
}
