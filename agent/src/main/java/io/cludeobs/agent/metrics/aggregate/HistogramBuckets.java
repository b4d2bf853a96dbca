package io.cludeobs.agent.metrics.aggregate;

import java.util.Arrays;

/**
 * Histogram buckets as plain ranges: bucket {@code i} holds {@code counts[i]} values in ({@code
 * lower[i]}, {@code upper[i]}]. Explicit and base-2 exponential histograms both become this, so
 * windows subtract and percentiles interpolate the same way. Immutable.
 */
public final class HistogramBuckets {

  final double[] lower;
  final double[] upper;
  final long[] counts;
  final long count;
  final double sum;
  /** NaN when unknown. */
  final double min;
  /** NaN when unknown. */
  final double max;

  HistogramBuckets(double[] lower, double[] upper, long[] counts, double sum, double min, double max) {
    this.lower = lower;
    this.upper = upper;
    this.counts = counts;
    long c = 0;
    for (long n : counts) {
      c += n;
    }
    this.count = c;
    this.sum = sum;
    this.min = min;
    this.max = max;
  }

  /**
   * OTLP explicit buckets: {@code counts.length == bounds.length + 1}; the first bucket is
   * (-inf, bounds[0]], the last (bounds[n-1], +inf).
   */
  public static HistogramBuckets explicit(double[] bounds, long[] counts, double sum, double min, double max) {
    if (counts.length != bounds.length + 1) {
      throw new IllegalArgumentException(
          "explicit histogram needs one more count than bounds, got " + counts.length + " and " + bounds.length);
    }
    double[] lower = new double[counts.length];
    double[] upper = new double[counts.length];
    for (int i = 0; i < counts.length; i++) {
      lower[i] = i == 0 ? Double.NEGATIVE_INFINITY : bounds[i - 1];
      upper[i] = i == bounds.length ? Double.POSITIVE_INFINITY : bounds[i];
    }
    return new HistogramBuckets(lower, upper, counts.clone(), sum, min, max);
  }

  /**
   * OTLP base-2 exponential buckets: positive bucket {@code offset + i} holds (base^(offset+i),
   * base^(offset+i+1)] with base = 2^(2^-scale); negative buckets mirror them; zero values are
   * their own bucket.
   */
  public static HistogramBuckets exponential(
      int scale, long zeroCount, int positiveOffset, long[] positive, int negativeOffset, long[] negative,
      double sum, double min, double max) {
    int n = negative.length + 1 + positive.length;
    double[] lower = new double[n];
    double[] upper = new double[n];
    long[] counts = new long[n];
    double base = Math.pow(2, Math.pow(2, -scale));
    int k = 0;
    for (int i = negative.length - 1; i >= 0; i--) {
      int index = negativeOffset + i;
      lower[k] = -Math.pow(base, index + 1);
      upper[k] = -Math.pow(base, index);
      counts[k++] = negative[i];
    }
    lower[k] = 0;
    upper[k] = 0;
    counts[k++] = zeroCount;
    for (int i = 0; i < positive.length; i++) {
      int index = positiveOffset + i;
      lower[k] = Math.pow(base, index);
      upper[k] = Math.pow(base, index + 1);
      counts[k++] = positive[i];
    }
    return new HistogramBuckets(lower, upper, counts, sum, min, max);
  }

  public long count() {
    return count;
  }

  public double sum() {
    return sum;
  }

  /**
   * This minus an earlier reading of the same cumulative series: what was recorded in between.
   * Min and max are not subtractable, so the result bounds them by its non-empty buckets (and by
   * the later reading's own min and max).
   */
  public HistogramBuckets minus(HistogramBuckets earlier) {
    if (!Arrays.equals(lower, earlier.lower) || !Arrays.equals(upper, earlier.upper)) {
      // exponential histograms can rescale between readings: align them on the earlier one's grid
      return realigned(earlier);
    }
    long[] delta = new long[counts.length];
    for (int i = 0; i < counts.length; i++) {
      delta[i] = counts[i] - earlier.counts[i];
    }
    return withBoundsFromBuckets(lower, upper, delta, sum - earlier.sum);
  }

  /** Subtracts bucket by bucket after mapping both readings onto the coarser grid (this one's). */
  private HistogramBuckets realigned(HistogramBuckets earlier) {
    long[] delta = counts.clone();
    for (int j = 0; j < earlier.counts.length; j++) {
      if (earlier.counts[j] == 0) {
        continue;
      }
      int i = indexOf(earlier.upper[j]);
      delta[i] -= earlier.counts[j];
    }
    return withBoundsFromBuckets(lower, upper, delta, sum - earlier.sum);
  }

  private int indexOf(double value) {
    for (int i = 0; i < upper.length; i++) {
      if (value <= upper[i] && (value > lower[i] || (lower[i] == upper[i] && value == upper[i]))) {
        return i;
      }
    }
    return value <= lower[0] ? 0 : upper.length - 1;
  }

  private HistogramBuckets withBoundsFromBuckets(double[] lo, double[] up, long[] delta, double deltaSum) {
    double newMin = Double.NaN;
    double newMax = Double.NaN;
    for (int i = 0; i < delta.length; i++) {
      if (delta[i] > 0) {
        newMin = Double.isNaN(newMin) ? clampLow(lo[i], up[i]) : newMin;
        newMax = clampHigh(lo[i], up[i]);
      }
    }
    return new HistogramBuckets(lo, up, delta, deltaSum, newMin, newMax);
  }

  /** The lowest value the bucket can hold, tightened by the reading's min. */
  private double clampLow(double lo, double up) {
    if (Double.isInfinite(lo)) {
      return Double.isNaN(min) ? up : Math.min(min, up);
    }
    return Double.isNaN(min) ? lo : Math.max(lo, min);
  }

  /** The highest value the bucket can hold, tightened by the reading's max. */
  private double clampHigh(double lo, double up) {
    if (Double.isInfinite(up)) {
      return Double.isNaN(max) ? lo : Math.max(max, lo);
    }
    return Double.isNaN(max) ? up : Math.min(up, max);
  }

  /** The sum of two disjoint readings of the same grid (delta temporality). */
  public HistogramBuckets plus(HistogramBuckets other) {
    if (!Arrays.equals(lower, other.lower) || !Arrays.equals(upper, other.upper)) {
      throw new IllegalArgumentException("cannot add histograms with different buckets");
    }
    long[] total = new long[counts.length];
    for (int i = 0; i < counts.length; i++) {
      total[i] = counts[i] + other.counts[i];
    }
    return new HistogramBuckets(
        lower, upper, total, sum + other.sum, nanMin(min, other.min), nanMax(max, other.max));
  }

  private static double nanMin(double a, double b) {
    return Double.isNaN(a) ? b : Double.isNaN(b) ? a : Math.min(a, b);
  }

  private static double nanMax(double a, double b) {
    return Double.isNaN(a) ? b : Double.isNaN(b) ? a : Math.max(a, b);
  }

  /**
   * The value below which {@code q} of the values fall, interpolated linearly inside its bucket
   * (as Prometheus's histogram_quantile does), and kept within min and max when known. NaN when
   * empty.
   */
  public double quantile(double q) {
    if (count == 0) {
      return Double.NaN;
    }
    double rank = q * count;
    long seen = 0;
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] == 0) {
        continue;
      }
      if (seen + counts[i] >= rank) {
        double lo = lower[i];
        double up = upper[i];
        if (Double.isInfinite(lo)) {
          lo = Double.isNaN(min) ? up : Math.min(min, up);
        }
        if (Double.isInfinite(up)) {
          up = Double.isNaN(max) ? lo : Math.max(max, lo);
        }
        double v = lo + (up - lo) * ((rank - seen) / counts[i]);
        if (!Double.isNaN(min)) {
          v = Math.max(v, min);
        }
        if (!Double.isNaN(max)) {
          v = Math.min(v, max);
        }
        return v;
      }
      seen += counts[i];
    }
    return Double.isNaN(max) ? upper[upper.length - 1] : max;
  }

  @Override
  public String toString() {
    return "histogram(count=" + count + ", sum=" + sum + ")";
  }
}
