package io.cludeobs.agent.metrics.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.exporter.internal.otlp.metrics.MetricsRequestMarshaler;
import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.time.TestClock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WindowAggregatorTest {

  private static final long MINUTE = Duration.ofMinutes(1).toNanos();
  private static final long T0 = Instant.parse("2026-01-01T10:00:00Z").toEpochMilli() * 1_000_000L;
  private static final AttributeKey<String> TOOL = AttributeKey.stringKey("gen_ai.tool.name");

  /** Collections of a real SDK, at chosen times, written and read back as OTLP-JSON lines. */
  private static final class Recording {
    final TestClock clock = TestClock.create(Instant.ofEpochSecond(0, T0));
    final InMemoryMetricReader reader;
    final SdkMeterProvider provider;
    final Meter meter;
    final StringBuilder lines = new StringBuilder();

    Recording(boolean exponential, AggregationTemporality temporality) {
      reader =
          InMemoryMetricReader.builder()
              .setAggregationTemporalitySelector(type -> temporality)
              .setDefaultAggregationSelector(
                  type ->
                      exponential && type == InstrumentType.HISTOGRAM
                          ? Aggregation.base2ExponentialBucketHistogram()
                          : Aggregation.defaultAggregation())
              .build();
      provider = SdkMeterProvider.builder().setClock(clock).registerMetricReader(reader).build();
      meter = provider.get("test");
    }

    void collectAt(long offsetNanos) throws IOException {
      clock.setTime(Instant.ofEpochSecond(0, T0 + offsetNanos));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      MetricsRequestMarshaler.create(reader.collectAllMetrics()).writeJsonTo(out);
      lines.append(new String(out.toByteArray(), StandardCharsets.UTF_8)).append('\n');
    }

    List<MetricPoint> points() {
      StoredMetrics stored = StoredMetrics.parse(lines.toString());
      assertThat(stored.skippedLines()).isZero();
      return stored.points();
    }
  }

  @Test
  void cumulativeCounterWindowsAddUpToExactIncreases() throws IOException {
    Recording r = new Recording(false, AggregationTemporality.CUMULATIVE);
    LongCounter calls = r.meter.counterBuilder("clude.tool.calls").build();
    Attributes read = Attributes.of(TOOL, "read");
    calls.add(3, read);
    r.collectAt(10_000_000_000L);
    calls.add(4, read);
    r.collectAt(50_000_000_000L);
    calls.add(5, read);
    r.collectAt(MINUTE + 10_000_000_000L);
    // a minute with no collection, then one more
    calls.add(1, read);
    r.collectAt(3 * MINUTE + 5_000_000_000L);

    List<WindowedSeries> windows = new WindowAggregator(TimeWindow.ONE_MINUTE).aggregate(r.points(), "clude.tool.calls");

    assertThat(windows).extracting(WindowedSeries::windowStartNanos).containsExactly(T0, T0 + MINUTE, T0 + 3 * MINUTE);
    assertThat(windows).extracting(w -> w.statistics().sum()).containsExactly(7.0, 5.0, 1.0);
    assertThat(windows).extracting(w -> w.statistics().count()).containsExactly(2L, 1L, 1L);
    assertThat(windows.get(0).attributes()).isEqualTo(Collections.singletonMap("gen_ai.tool.name", "read"));

    List<WindowedSeries> hour = new WindowAggregator(TimeWindow.ONE_HOUR).aggregate(r.points(), "clude.tool.calls");
    assertThat(hour).hasSize(1);
    assertThat(hour.get(0).statistics().sum()).isEqualTo(13.0);
  }

  @Test
  void deltaCountersAreAddedPerWindow() throws IOException {
    Recording r = new Recording(false, AggregationTemporality.DELTA);
    LongCounter calls = r.meter.counterBuilder("c").build();
    calls.add(2);
    r.collectAt(MINUTE);
    calls.add(3);
    r.collectAt(2 * MINUTE);
    calls.add(4);
    r.collectAt(4 * MINUTE + 1);

    Map<Long, Statistics> fiveMinutes = new WindowAggregator(TimeWindow.FIVE_MINUTES).totals(r.points(), "c");

    assertThat(fiveMinutes).containsOnlyKeys(T0);
    assertThat(fiveMinutes.get(T0).sum()).isEqualTo(9.0);
  }

  @Test
  void histogramWindowsHaveExactCountsAndSumsAndPercentilesWithinBucketAccuracy() throws IOException {
    Recording r = new Recording(true, AggregationTemporality.CUMULATIVE);
    DoubleHistogram latency = r.meter.histogramBuilder("clude.tool.duration").build();
    // first minute: 1..1000 ms; second minute: 1000 calls of 2 s each
    for (int i = 1; i <= 1000; i++) {
      latency.record(i / 1000.0);
    }
    r.collectAt(30_000_000_000L);
    for (int i = 0; i < 1000; i++) {
      latency.record(2.0);
    }
    r.collectAt(MINUTE + 30_000_000_000L);

    List<MetricPoint> points = r.points();
    List<WindowedSeries> windows = new WindowAggregator(TimeWindow.ONE_MINUTE).aggregate(points, "clude.tool.duration");

    assertThat(windows).hasSize(2);
    // one bucket's relative width at each reading's scale (the SDK lowers the scale as the range grows)
    double firstAccuracy = relativeBucketWidth(points.get(0).buckets());
    double secondAccuracy = relativeBucketWidth(points.get(1).buckets());
    assertThat(firstAccuracy).isLessThan(0.05);
    assertThat(secondAccuracy).isLessThan(0.1);
    Statistics first = windows.get(0).statistics();
    assertThat(first.count()).isEqualTo(1000);
    assertThat(first.sum()).isCloseTo(500.5, within(1e-9));
    assertThat(first.min()).isEqualTo(0.001);
    assertThat(first.max()).isEqualTo(1.0);
    assertThat(first.p50()).isCloseTo(0.5, within(0.5 * firstAccuracy));
    assertThat(first.p90()).isCloseTo(0.9, within(0.9 * firstAccuracy));
    assertThat(first.p99()).isCloseTo(0.99, within(0.99 * firstAccuracy));

    Statistics second = windows.get(1).statistics();
    assertThat(second.count()).isEqualTo(1000);
    assertThat(second.sum()).isCloseTo(2000.0, within(1e-9));
    assertThat(second.p50()).isCloseTo(2.0, within(2.0 * secondAccuracy));
    assertThat(second.p99()).isCloseTo(2.0, within(2.0 * secondAccuracy));
  }

  private static double relativeBucketWidth(HistogramBuckets h) {
    int last = h.upper.length - 1;
    return h.upper[last] / h.lower[last] - 1;
  }

  @Test
  void gaugeWindowsSummariseTheirReadings() throws IOException {
    Recording r = new Recording(false, AggregationTemporality.CUMULATIVE);
    double[] value = {0};
    r.meter.gaugeBuilder("system.cpu.utilization").buildWithCallback(m -> m.record(value[0]));
    double[] readings = {0.25, 0.75, 0.5};
    for (int i = 0; i < readings.length; i++) {
      value[0] = readings[i];
      r.collectAt((i + 1) * 10_000_000_000L);
    }

    List<WindowedSeries> windows =
        new WindowAggregator(TimeWindow.ONE_MINUTE).aggregate(r.points(), "system.cpu.utilization");

    assertThat(windows).hasSize(1);
    Statistics s = windows.get(0).statistics();
    assertThat(s.count()).isEqualTo(3);
    assertThat(s.mean()).isEqualTo(0.5);
    assertThat(s.min()).isEqualTo(0.25);
    assertThat(s.max()).isEqualTo(0.75);
    assertThat(s.p50()).isEqualTo(0.5);
  }

  @Test
  void aTornLineIsSkippedAndCounted() {
    StoredMetrics stored = StoredMetrics.parse("{\"resourceMetrics\":[{\"scopeMetrics\":[{\"metrics\":[{\"name\":");

    assertThat(stored.points()).isEmpty();
    assertThat(stored.skippedLines()).isEqualTo(1);
  }
}
