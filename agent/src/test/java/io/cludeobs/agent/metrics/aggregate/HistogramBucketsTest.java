package io.cludeobs.agent.metrics.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class HistogramBucketsTest {

  @Test
  void quantilesInterpolateInsideTheBucketAndStayWithinMinAndMax() {
    // 10 values in (0,10], 30 in (10,20], 60 in (20,40]; recorded min 2, max 35
    HistogramBuckets h =
        HistogramBuckets.explicit(new double[] {0, 10, 20, 40}, new long[] {0, 10, 30, 60, 0}, 2500, 2, 35);

    assertThat(h.count()).isEqualTo(100);
    assertThat(h.quantile(0.10)).isEqualTo(10.0);
    assertThat(h.quantile(0.25)).isEqualTo(15.0);
    assertThat(h.quantile(0.70)).isEqualTo(30.0);
    // the last bucket ends at 40 but nothing above 35 was recorded
    assertThat(h.quantile(0.99)).isEqualTo(35.0);
    assertThat(h.quantile(0.0)).isEqualTo(2.0);
  }

  @Test
  void infiniteEdgeBucketsUseMinAndMax() {
    HistogramBuckets h = HistogramBuckets.explicit(new double[] {1}, new long[] {2, 2}, 5.0, 0.5, 3.0);

    assertThat(h.quantile(0.25)).isEqualTo(0.75);
    assertThat(h.quantile(1.0)).isEqualTo(3.0);
  }

  @Test
  void subtractingAnEarlierReadingLeavesWhatWasRecordedInBetween() {
    HistogramBuckets earlier = HistogramBuckets.explicit(new double[] {10}, new long[] {3, 0}, 12, 1, 6);
    HistogramBuckets later = HistogramBuckets.explicit(new double[] {10}, new long[] {3, 2}, 42, 1, 20);

    HistogramBuckets delta = later.minus(earlier);

    assertThat(delta.count()).isEqualTo(2);
    assertThat(delta.sum()).isEqualTo(30.0);
    // only the (10, +inf) bucket gained: min is its lower edge, max the later reading's max
    assertThat(delta.quantile(0.0)).isEqualTo(10.0);
    assertThat(delta.quantile(1.0)).isEqualTo(20.0);
  }

  @Test
  void exponentialBucketsAtScaleZeroArePowersOfTwo() {
    // scale 0: bucket i is (2^i, 2^(i+1)]; offset 1 puts the counts in (2,4] and (4,8]
    HistogramBuckets h = HistogramBuckets.exponential(0, 1, 1, new long[] {2, 1}, 0, new long[0], 13, 0, 7);

    assertThat(h.count()).isEqualTo(4);
    assertThat(h.lower).containsExactly(0.0, 2.0, 4.0);
    assertThat(h.upper).containsExactly(0.0, 4.0, 8.0);
    assertThat(h.quantile(0.25)).isEqualTo(0.0);
    assertThat(h.quantile(0.5)).isCloseTo(3.0, within(1e-12));
    assertThat(h.quantile(1.0)).isEqualTo(7.0);
  }

  @Test
  void explicitCountsMustMatchTheBounds() {
    assertThatThrownBy(() -> HistogramBuckets.explicit(new double[] {1, 2}, new long[] {1, 2}, 0, 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("explicit histogram needs one more count than bounds, got 2 and 2");
  }
}
