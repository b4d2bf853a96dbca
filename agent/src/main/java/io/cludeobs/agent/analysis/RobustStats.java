package io.cludeobs.agent.analysis;

import java.util.Arrays;

/** The statistics the detectors share: median, MAD, the Mann-Kendall trend test and Sen's slope. */
final class RobustStats {

  /** Scales a MAD to a standard deviation for normal data, so that a robust z-score reads like a z-score. */
  static final double MAD_TO_SIGMA = 1.4826;

  private RobustStats() {}

  static double median(double[] values) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  /** The p-th quantile (0 to 1), nearest rank. */
  static double quantile(double[] values, double p) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  /** Median absolute deviation from the median. */
  static double mad(double[] values, double median) {
    double[] dev = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      dev[i] = Math.abs(values[i] - median);
    }
    return median(dev);
  }

  /**
   * The spread a robust z-score divides by: the scaled MAD, or, when more than half the values are equal (MAD is
   * 0), the scaled mean absolute deviation; 0 when all values are equal.
   */
  static double robustSigma(double[] values, double median) {
    double mad = mad(values, median);
    if (mad > 0) {
      return MAD_TO_SIGMA * mad;
    }
    double sum = 0;
    for (double v : values) {
      sum += Math.abs(v - median);
    }
    // 1.2533 = sqrt(pi/2) scales a mean absolute deviation to a standard deviation for normal data
    return values.length == 0 ? 0 : 1.2533 * sum / values.length;
  }

  /**
   * Two-sided p-value of the Mann-Kendall test for a monotonic trend in a series in time order; the variance
   * ignores ties, which only makes the test more cautious. 1 for fewer than 3 values.
   */
  static double mannKendallP(double[] series) {
    int n = series.length;
    if (n < 3) {
      return 1;
    }
    long s = mannKendallS(series);
    double variance = n * (n - 1.0) * (2.0 * n + 5.0) / 18.0;
    double z = s > 0 ? (s - 1) / Math.sqrt(variance) : s < 0 ? (s + 1) / Math.sqrt(variance) : 0;
    return 2 * (1 - normalCdf(Math.abs(z)));
  }

  /** The Mann-Kendall statistic: pairs rising minus pairs falling. */
  static long mannKendallS(double[] series) {
    long s = 0;
    for (int i = 0; i < series.length; i++) {
      for (int j = i + 1; j < series.length; j++) {
        s += Double.compare(series[j], series[i]) > 0 ? 1 : series[j] < series[i] ? -1 : 0;
      }
    }
    return s;
  }

  /** Sen's slope: the median of the slopes between every pair, per step of the series. */
  static double senSlope(double[] series) {
    int n = series.length;
    if (n < 2) {
      return 0;
    }
    double[] slopes = new double[n * (n - 1) / 2];
    int k = 0;
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        slopes[k++] = (series[j] - series[i]) / (j - i);
      }
    }
    return median(slopes);
  }

  /** The standard normal distribution function (Abramowitz and Stegun 26.2.17, error below 7.5e-8). */
  static double normalCdf(double z) {
    if (z < 0) {
      return 1 - normalCdf(-z);
    }
    double t = 1 / (1 + 0.2316419 * z);
    double poly = t * (0.319381530 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
    return 1 - Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI) * poly;
  }

  /** Values averaged into {@code windows} consecutive groups of (nearly) equal count. */
  static double[] windowMeans(double[] series, int windows) {
    double[] out = new double[windows];
    for (int w = 0; w < windows; w++) {
      int from = (int) ((long) series.length * w / windows);
      int to = (int) ((long) series.length * (w + 1) / windows);
      double sum = 0;
      for (int i = from; i < to; i++) {
        sum += series[i];
      }
      out[w] = to > from ? sum / (to - from) : 0;
    }
    return out;
  }

  /** Window medians, as {@link #windowMeans} but robust to one outlier per window. */
  static double[] windowMedians(double[] series, int windows) {
    double[] out = new double[windows];
    for (int w = 0; w < windows; w++) {
      int from = (int) ((long) series.length * w / windows);
      int to = (int) ((long) series.length * (w + 1) / windows);
      out[w] = median(Arrays.copyOfRange(series, from, to));
    }
    return out;
  }
}
