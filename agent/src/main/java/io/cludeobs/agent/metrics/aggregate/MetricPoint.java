package io.cludeobs.agent.metrics.aggregate;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One stored data point of one metric: a number (sum or gauge) or a histogram, with the series it
 * belongs to. Immutable.
 */
public final class MetricPoint {

  /** What kind of data the point holds. */
  public enum Kind {
    SUM,
    GAUGE,
    HISTOGRAM
  }

  final String name;
  final String unit;
  final Kind kind;
  final String source;
  final Map<String, String> attributes;
  final long startNanos;
  final long timeNanos;
  final boolean cumulative;
  final double value;
  final HistogramBuckets buckets;

  private MetricPoint(
      String name,
      String unit,
      Kind kind,
      String source,
      Map<String, String> attributes,
      long startNanos,
      long timeNanos,
      boolean cumulative,
      double value,
      HistogramBuckets buckets) {
    this.name = Objects.requireNonNull(name, "name");
    this.unit = unit == null ? "" : unit;
    this.kind = kind;
    this.source = source == null ? "" : source;
    this.attributes = Collections.unmodifiableMap(new TreeMap<>(attributes));
    this.startNanos = startNanos;
    this.timeNanos = timeNanos;
    this.cumulative = cumulative;
    this.value = value;
    this.buckets = buckets;
  }

  /** A sum (counter) point; {@code cumulative} false means the value is the increase since the last point. */
  public static MetricPoint sum(
      String name, String unit, String source, Map<String, String> attributes, long startNanos, long timeNanos,
      boolean cumulative, double value) {
    return new MetricPoint(name, unit, Kind.SUM, source, attributes, startNanos, timeNanos, cumulative, value, null);
  }

  /** A gauge reading. */
  public static MetricPoint gauge(
      String name, String unit, String source, Map<String, String> attributes, long timeNanos, double value) {
    return new MetricPoint(name, unit, Kind.GAUGE, source, attributes, 0, timeNanos, false, value, null);
  }

  /** A histogram point, explicit or exponential (see {@link HistogramBuckets}). */
  public static MetricPoint histogram(
      String name, String unit, String source, Map<String, String> attributes, long startNanos, long timeNanos,
      boolean cumulative, HistogramBuckets buckets) {
    return new MetricPoint(
        name, unit, Kind.HISTOGRAM, source, attributes, startNanos, timeNanos, cumulative, Double.NaN,
        Objects.requireNonNull(buckets, "buckets"));
  }

  public String name() {
    return name;
  }

  public String unit() {
    return unit;
  }

  public Kind kind() {
    return kind;
  }

  /** The producing process ({@code service.name/process.pid}); series of different processes never mix. */
  public String source() {
    return source;
  }

  /** Sorted; unmodifiable. */
  public Map<String, String> attributes() {
    return attributes;
  }

  public long timeNanos() {
    return timeNanos;
  }

  /** The sum or gauge value; NaN for histograms. */
  public double value() {
    return value;
  }

  /** The histogram, or null. */
  public HistogramBuckets buckets() {
    return buckets;
  }

  /** Points of one series can be subtracted: same metric, process, attributes and start time. */
  String seriesKey() {
    return name + '\u0000' + source + '\u0000' + attributes + '\u0000' + (cumulative ? startNanos : 0);
  }

  @Override
  public String toString() {
    return name + attributes + "@" + timeNanos + "=" + (buckets != null ? buckets : value);
  }
}
