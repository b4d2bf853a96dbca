package io.cludeobs.agent.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RobustStatsTest {

  @Test
  void medianAndMad() {
    double[] v = {1, 2, 3, 4, 100};
    assertThat(RobustStats.median(v)).isEqualTo(3.0);
    assertThat(RobustStats.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
    // deviations 2, 1, 0, 1, 97
    assertThat(RobustStats.mad(v, 3)).isEqualTo(1.0);
    assertThat(RobustStats.robustSigma(v, 3)).isEqualTo(1.4826);
  }

  @Test
  void robustSigmaFallsBackToMeanDeviationWhenMostValuesAreEqual() {
    double[] v = {2, 2, 2, 2, 7};
    assertThat(RobustStats.robustSigma(v, 2)).isCloseTo(1.2533, within(1e-9));
    assertThat(RobustStats.robustSigma(new double[] {5, 5, 5}, 5)).isEqualTo(0.0);
  }

  @Test
  void quantileIsNearestRank() {
    double[] v = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20};
    assertThat(RobustStats.quantile(v, 0.95)).isEqualTo(19.0);
    assertThat(RobustStats.quantile(v, 0.5)).isEqualTo(10.0);
  }

  @Test
  void mannKendallOnKnownSeries() {
    double[] rising = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    assertThat(RobustStats.mannKendallS(rising)).isEqualTo(45);
    // var = 10*9*25/18 = 125, z = 44/sqrt(125) = 3.9355
    assertThat(RobustStats.mannKendallP(rising)).isCloseTo(8.3e-5, within(1e-5));
    assertThat(RobustStats.mannKendallP(new double[] {3, 1, 4, 1, 5, 9, 2, 6})).isGreaterThan(0.1);
    assertThat(RobustStats.mannKendallP(new double[] {1, 2})).isEqualTo(1.0);
  }

  @Test
  void senSlopeIgnoresOneOutlier() {
    assertThat(RobustStats.senSlope(new double[] {0, 2, 4, 6, 100, 10})).isEqualTo(2.0);
  }

  @Test
  void normalCdf() {
    assertThat(RobustStats.normalCdf(0)).isCloseTo(0.5, within(1e-7));
    assertThat(RobustStats.normalCdf(1.959964)).isCloseTo(0.975, within(1e-6));
    assertThat(RobustStats.normalCdf(-1.959964)).isCloseTo(0.025, within(1e-6));
  }

  @Test
  void windows() {
    double[] v = {1, 2, 3, 4, 5, 6, 7};
    assertThat(RobustStats.windowMeans(v, 2)).containsExactly(2.0, 5.5);
    assertThat(RobustStats.windowMedians(v, 3)).containsExactly(1.5, 3.5, 6.0);
  }
}
