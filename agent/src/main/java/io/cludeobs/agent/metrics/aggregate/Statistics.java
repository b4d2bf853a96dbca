package io.cludeobs.agent.metrics.aggregate;

import java.util.Arrays;

/**
 * Count, sum, min, max, mean and the p50/p90/p95/p99 percentiles of one series over one window.
 * From raw values they are exact; from a histogram, count and sum are exact and the rest are
 * within the histogram's bucket accuracy. Immutable.
 */
public final class Statistics {

  private final long count;
  private final double sum;
  private final double min;
  private final double max;
  private final double mean;
  private final double p50;
  private final double p90;
  private final double p95;
  private final double p99;

  private Statistics(long count, double sum, double min, double max, double p50, double p90, double p95, double p99) {
    this(count, sum, min, max, count == 0 ? Double.NaN : sum / count, p50, p90, p95, p99);
  }

  private Statistics(
      long count, double sum, double min, double max, double mean, double p50, double p90, double p95, double p99) {
    this.count = count;
    this.sum = sum;
    this.min = min;
    this.max = max;
    this.mean = mean;
    this.p50 = p50;
    this.p90 = p90;
    this.p95 = p95;
    this.p99 = p99;
  }

  /** Exact statistics of raw values (gauge readings); percentiles by linear interpolation between ranks. */
  public static Statistics ofValues(double[] values) {
    if (values.length == 0) {
      return new Statistics(0, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    double sum = 0;
    for (double v : sorted) {
      sum += v;
    }
    return new Statistics(
        sorted.length, sum, sorted[0], sorted[sorted.length - 1],
        rank(sorted, 0.50), rank(sorted, 0.90), rank(sorted, 0.95), rank(sorted, 0.99));
  }

  /** Statistics of what a histogram holds. */
  public static Statistics ofHistogram(HistogramBuckets h) {
    if (h.count == 0) {
      return new Statistics(0, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }
    return new Statistics(
        h.count, h.sum, h.quantile(0.0), h.quantile(1.0),
        h.quantile(0.50), h.quantile(0.90), h.quantile(0.95), h.quantile(0.99));
  }

  /**
   * A counter's increase over a window: {@code sum} is the increase, {@code count} the readings it
   * came from; the rest is NaN, a counter has no per-event values.
   */
  static Statistics ofIncrease(int readings, double increase) {
    double nan = Double.NaN;
    return new Statistics(readings, increase, nan, nan, nan, nan, nan, nan, nan);
  }

  /** Only a count and a sum, when series with different buckets are merged. */
  static Statistics ofTotals(long count, double sum) {
    return new Statistics(count, sum, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
  }

  private static double rank(double[] sorted, double q) {
    double position = q * (sorted.length - 1);
    int below = (int) Math.floor(position);
    int above = Math.min(below + 1, sorted.length - 1);
    return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
  }

  public long count() {
    return count;
  }

  public double sum() {
    return sum;
  }

  /** NaN when empty. */
  public double min() {
    return min;
  }

  /** NaN when empty. */
  public double max() {
    return max;
  }

  /** NaN when empty, and for counters. */
  public double mean() {
    return mean;
  }

  public double p50() {
    return p50;
  }

  public double p90() {
    return p90;
  }

  public double p95() {
    return p95;
  }

  public double p99() {
    return p99;
  }

  @Override
  public String toString() {
    return "count=" + count + " sum=" + sum + " min=" + min + " max=" + max + " mean=" + mean
        + " p50=" + p50 + " p90=" + p90 + " p95=" + p95 + " p99=" + p99;
  }
}
