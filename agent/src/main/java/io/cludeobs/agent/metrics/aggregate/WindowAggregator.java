package io.cludeobs.agent.metrics.aggregate;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Cuts stored points into time windows and gives each series' statistics per window.
 *
 * <p>Counters and histograms: a cumulative series' value in a window is its last reading in the
 * window minus its last reading before it (zero before the series' start), so windows add up
 * exactly to the total; delta points are added. What was recorded after a window's last reading
 * counts in the next window: windows are exact at the granularity of the collection interval.
 * Gauges: the statistics of the readings that fall in the window.
 */
public final class WindowAggregator {

  private final TimeWindow window;

  public WindowAggregator(TimeWindow window) {
    this.window = window;
  }

  /** Every series of {@code metricName} in {@code points}, per window, ordered by window then attributes. */
  public List<WindowedSeries> aggregate(Collection<MetricPoint> points, String metricName) {
    Map<String, List<MetricPoint>> bySeries = new LinkedHashMap<>();
    for (MetricPoint p : points) {
      if (p.name.equals(metricName)) {
        bySeries.computeIfAbsent(p.seriesKey(), k -> new ArrayList<>()).add(p);
      }
    }
    List<WindowedSeries> out = new ArrayList<>();
    for (List<MetricPoint> series : bySeries.values()) {
      series.sort(Comparator.comparingLong(p -> p.timeNanos));
      out.addAll(windows(series));
    }
    out.sort(
        Comparator.comparingLong(WindowedSeries::windowStartNanos)
            .thenComparing(s -> s.attributes().toString())
            .thenComparing(WindowedSeries::source));
    return out;
  }

  private List<WindowedSeries> windows(List<MetricPoint> series) {
    Map<Long, List<MetricPoint>> byWindow = new TreeMap<>();
    for (MetricPoint p : series) {
      byWindow.computeIfAbsent(window.startOf(p.timeNanos), k -> new ArrayList<>()).add(p);
    }
    List<WindowedSeries> out = new ArrayList<>();
    MetricPoint before = null;
    for (Map.Entry<Long, List<MetricPoint>> e : byWindow.entrySet()) {
      List<MetricPoint> in = e.getValue();
      MetricPoint first = in.get(0);
      MetricPoint last = in.get(in.size() - 1);
      Statistics stats;
      switch (first.kind) {
        case GAUGE:
          double[] values = new double[in.size()];
          for (int i = 0; i < values.length; i++) {
            values[i] = in.get(i).value;
          }
          stats = Statistics.ofValues(values);
          break;
        case SUM:
          stats = Statistics.ofIncrease(in.size(), first.cumulative ? last.value - (before == null ? 0 : before.value) : sumOf(in));
          break;
        case HISTOGRAM:
        default:
          stats = Statistics.ofHistogram(first.cumulative ? increase(before, last) : histogramOf(in));
          break;
      }
      out.add(new WindowedSeries(first.name, first.source, first.attributes, e.getKey(), stats));
      before = last;
    }
    return out;
  }

  private static HistogramBuckets increase(MetricPoint before, MetricPoint last) {
    return before == null ? last.buckets : last.buckets.minus(before.buckets);
  }

  private static double sumOf(List<MetricPoint> in) {
    double total = 0;
    for (MetricPoint p : in) {
      total += p.value;
    }
    return total;
  }

  private static HistogramBuckets histogramOf(List<MetricPoint> in) {
    HistogramBuckets total = in.get(0).buckets;
    for (int i = 1; i < in.size(); i++) {
      total = total.plus(in.get(i).buckets);
    }
    return total;
  }

  /** All series of {@code metricName} merged per window (attributes dropped), e.g. all tools together. */
  public Map<Long, Statistics> totals(Collection<MetricPoint> points, String metricName) {
    Map<Long, Double> counts = new TreeMap<>();
    Map<Long, Double> sums = new TreeMap<>();
    for (WindowedSeries s : aggregate(points, metricName)) {
      counts.merge(s.windowStartNanos(), (double) s.statistics().count(), Double::sum);
      sums.merge(s.windowStartNanos(), s.statistics().sum(), Double::sum);
    }
    Map<Long, Statistics> out = new TreeMap<>();
    for (Map.Entry<Long, Double> e : counts.entrySet()) {
      out.put(e.getKey(), Statistics.ofTotals(e.getValue().longValue(), sums.get(e.getKey())));
    }
    return out;
  }
}
