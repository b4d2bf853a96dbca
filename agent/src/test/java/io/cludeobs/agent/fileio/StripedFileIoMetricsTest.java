package io.cludeobs.agent.fileio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.Clock;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.DoubleExemplarData;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.MetricDataType;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class StripedFileIoMetricsTest {

  private static final InstrumentationScopeInfo SCOPE =
      InstrumentationScopeInfo.builder("io.cludeobs").setVersion("test").build();
  private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

  /** Durations (ns) on, below and above bucket bounds, and sizes likewise, some without a size. */
  private static final long[][] OPERATIONS = {
    {0, 0},
    {9_999, 1},
    {10_000, 1024},
    {10_001, 1025},
    {4_500, 4096},
    {4_600, 4097},
    {1_000_000, 65_536},
    {12_000_000_000L, 100_000_000},
    {700, -1},
    {50_000, 16_384},
  };

  @Test
  void theBucketSearchesWithConstantBoundsAgreeWithTheBucketLists() {
    for (long bound : StripedFileIoMetrics.DURATION_BOUNDS_NANOS) {
      for (long v = Math.max(0, bound - 1); v <= bound + 1; v++) {
        assertThat(StripedFileIoMetrics.durationBucket(v))
            .as("duration %d ns", v)
            .isEqualTo(StripedFileIoMetrics.bucket(StripedFileIoMetrics.DURATION_BOUNDS_NANOS, v));
      }
    }
    assertThat(StripedFileIoMetrics.durationBucket(Long.MAX_VALUE))
        .isEqualTo(StripedFileIoMetrics.DURATION_BOUNDS_NANOS.length);
    for (long bound : StripedFileIoMetrics.SIZE_BOUNDS) {
      for (long v = Math.max(0, bound - 1); v <= bound + 1; v++) {
        assertThat(StripedFileIoMetrics.sizeBucket(v))
            .as("size %d bytes", v)
            .isEqualTo(StripedFileIoMetrics.bucket(StripedFileIoMetrics.SIZE_BOUNDS, v));
      }
    }
    assertThat(StripedFileIoMetrics.sizeBucket(Long.MAX_VALUE)).isEqualTo(StripedFileIoMetrics.SIZE_BOUNDS.length);
  }

  @Test
  void givesTheSameHistogramsAsTheSdkForTheSameRecords() {
    InMemoryMetricReader sdkReader = InMemoryMetricReader.create();
    SdkMeterProvider sdk = SdkMeterProvider.builder().registerMetricReader(sdkReader).build();
    FileIoInstruments instruments = new FileIoInstruments(sdk.get("io.cludeobs"));
    StripedFileIoMetrics striped = new StripedFileIoMetrics(SCOPE);
    InMemoryMetricReader stripedReader = InMemoryMetricReader.create();
    SdkMeterProvider withProducer =
        SdkMeterProvider.builder().registerMetricReader(stripedReader).registerMetricProducer(striped).build();

    for (FileIoMetrics metrics : new FileIoMetrics[] {instruments, striped}) {
      for (long[] op : OPERATIONS) {
        metrics.record(FileOperation.READ, null, op[0], op[1], null);
        metrics.record(FileOperation.WRITE, null, op[0] * 2, op[1] < 0 ? -1 : op[1] + 7, null);
      }
      metrics.record(FileOperation.DELETE, null, 3_000, -1, null);
      metrics.record(FileOperation.READ, "java.io.FileNotFoundException", 20_000, -1, null);
      metrics.record(FileOperation.WRITE, "java.io.IOException", 30_000, 12, null);
    }

    Map<String, HistogramPointData> expected = points(sdkReader.collectAllMetrics());
    Map<String, HistogramPointData> actual = points(stripedReader.collectAllMetrics());
    assertThat(actual.keySet()).isEqualTo(expected.keySet());
    // durations: read, write, delete and the two failures; sizes: read, write
    assertThat(actual).hasSize(7);
    for (Map.Entry<String, HistogramPointData> e : expected.entrySet()) {
      HistogramPointData want = e.getValue();
      HistogramPointData got = actual.get(e.getKey());
      assertThat(got.getCount()).as(e.getKey()).isEqualTo(want.getCount());
      assertThat(got.getSum()).as(e.getKey()).isCloseTo(want.getSum(), within(1e-9));
      assertThat(got.getMin()).as(e.getKey()).isCloseTo(want.getMin(), within(1e-12));
      assertThat(got.getMax()).as(e.getKey()).isCloseTo(want.getMax(), within(1e-12));
      assertThat(got.getBoundaries()).as(e.getKey()).isEqualTo(want.getBoundaries());
      assertThat(got.getCounts()).as(e.getKey()).isEqualTo(want.getCounts());
    }
    // spot checks against values worked out by hand, so the SDK is not the only reference
    HistogramPointData readDuration = actual.get("clude.file.operation.duration read");
    assertThat(readDuration.getCount()).isEqualTo(10);
    // 0, 9,999, 10,000 and 4,500, 4,600, 700 ns are <= 10 µs; 10,001 and 50,000 <= 50 µs; 1 ms; 12 s > 10 s
    assertThat(readDuration.getCounts()).containsExactly(6L, 2L, 0L, 0L, 1L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 1L);
    HistogramPointData readSize = actual.get("clude.file.io.size read");
    assertThat(readSize.getCount()).isEqualTo(9);
    assertThat((long) readSize.getSum()).isEqualTo(0 + 1 + 1024 + 1025 + 4096 + 4097 + 65_536 + 100_000_000 + 16_384);
    assertThat(readSize.getCounts()).containsExactly(1L, 2L, 2L, 2L, 1L, 0L, 0L, 0L, 0L, 0L, 1L);
    HistogramPointData failedWrite = actual.get("clude.file.operation.duration write java.io.IOException");
    assertThat(failedWrite.getCount()).isEqualTo(1);
    // the size of a failed operation is counted by operation alone, as the SDK instruments do
    assertThat(actual.get("clude.file.io.size write").getCount()).isEqualTo(10);

    MetricData duration = metric(stripedReader.collectAllMetrics(), StripedFileIoMetrics.DURATION);
    assertThat(duration.getType()).isEqualTo(MetricDataType.HISTOGRAM);
    assertThat(duration.getUnit()).isEqualTo("s");
    assertThat(duration.getDescription()).isEqualTo(FileIoInstruments.DURATION_DESCRIPTION);
    assertThat(duration.getInstrumentationScopeInfo()).isEqualTo(SCOPE);
    assertThat(duration.getHistogramData().getAggregationTemporality()).isEqualTo(AggregationTemporality.CUMULATIVE);
    assertThat(metric(stripedReader.collectAllMetrics(), StripedFileIoMetrics.SIZE).getUnit()).isEqualTo("By");
    sdk.close();
    withProducer.close();
  }

  @Test
  void producesNothingBeforeTheFirstRecordAndOnlyTheSeriesRecorded() {
    StripedFileIoMetrics metrics = new StripedFileIoMetrics(SCOPE);
    assertThat(metrics.produce(Resource.empty())).isEmpty();
    metrics.record(FileOperation.LIST, null, 5_000, -1, null);
    Collection<MetricData> produced = metrics.produce(Resource.empty());
    assertThat(produced).extracting(MetricData::getName).containsExactly(StripedFileIoMetrics.DURATION);
    assertThat(points(produced)).containsOnlyKeys("clude.file.operation.duration list");
  }

  @Test
  void errorTypesBeyondTheLimitGoToOneOverflowSeries() {
    StripedFileIoMetrics metrics = new StripedFileIoMetrics(SCOPE);
    for (int i = 0; i < StripedFileIoMetrics.MAX_ERROR_SERIES + 10; i++) {
      metrics.record(FileOperation.READ, "E" + i, 1_000, -1, null);
    }
    metrics.record(FileOperation.READ, "E0", 1_000, -1, null);
    List<HistogramPointData> points = new ArrayList<>();
    for (MetricData m : metrics.produce(Resource.empty())) {
      points.addAll(m.getHistogramData().getPoints());
    }
    assertThat(points).hasSize(StripedFileIoMetrics.MAX_ERROR_SERIES + 1);
    HistogramPointData overflow =
        points.stream().filter(p -> p.getAttributes().get(StripedFileIoMetrics.OVERFLOW) != null).findFirst().get();
    assertThat(overflow.getCount()).isEqualTo(10);
    HistogramPointData first =
        points.stream().filter(p -> "E0".equals(p.getAttributes().get(ERROR_TYPE))).findFirst().get();
    assertThat(first.getCount()).isEqualTo(2);
  }

  @Test
  void keepsTheLatestSampledExemplarPerBucketAndNoneFromUnsampledContexts() {
    StripedFileIoMetrics metrics = new StripedFileIoMetrics(SCOPE);
    SpanContext first = span("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", true);
    SpanContext second = span("0af7651916cd43dd8448eb211c80319c", "00f067aa0ba902b7", true);
    SpanContext unsampled = span("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b8", false);
    metrics.record(FileOperation.READ, null, 4_000, 4096, context(first));
    metrics.record(FileOperation.READ, null, 5_000, 4096, context(second));
    metrics.record(FileOperation.READ, null, 2_000_000, 100, context(unsampled));
    metrics.record(FileOperation.READ, null, 2_000_000, 100, null);

    Map<String, HistogramPointData> points = points(metrics.produce(Resource.empty()));
    List<DoubleExemplarData> durations = points.get("clude.file.operation.duration read").getExemplars();
    assertThat(durations).hasSize(1);
    assertThat(durations.get(0).getSpanContext()).isEqualTo(second);
    assertThat(durations.get(0).getValue()).isEqualTo(5e-6);
    List<DoubleExemplarData> sizes = points.get("clude.file.io.size read").getExemplars();
    assertThat(sizes).extracting(DoubleExemplarData::getValue).containsExactly(4096.0);
    // not cleared by a collection: a second reader sees them too
    assertThat(points(metrics.produce(Resource.empty())).get("clude.file.io.size read").getExemplars()).hasSize(1);
  }

  @Test
  void concurrentRecordsAreAllCountedAndEveryCollectionIsConsistent() throws Exception {
    // one core's worth of stripes, so the four threads must share and contend
    StripedFileIoMetrics metrics = new StripedFileIoMetrics(SCOPE, Clock.getDefault(), 1);
    assertThat(metrics.stripeCount()).isEqualTo(4);
    int threads = 6;
    int each = 200_000;
    CountDownLatch start = new CountDownLatch(1);
    AtomicBoolean done = new AtomicBoolean();
    AtomicReference<String> inconsistency = new AtomicReference<>();
    Thread collector =
        new Thread(
            () -> {
              long lastCount = 0;
              while (!done.get()) {
                HistogramPointData p = points(metrics.produce(Resource.empty())).get("clude.file.operation.duration write");
                if (p == null) {
                  continue;
                }
                long bucketTotal = p.getCounts().stream().mapToLong(Long::longValue).sum();
                // each stripe is read whole: its count, buckets and sum always agree
                if (bucketTotal != p.getCount() || Math.round(p.getSum() * 1e9) != p.getCount() * 3_000L) {
                  inconsistency.compareAndSet(null, p.toString());
                }
                if (p.getCount() < lastCount) {
                  inconsistency.compareAndSet(null, "count went back from " + lastCount + " to " + p.getCount());
                }
                lastCount = p.getCount();
              }
            });
    collector.start();
    List<Thread> writers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread w =
          new Thread(
              () -> {
                try {
                  start.await();
                } catch (InterruptedException e) {
                  return;
                }
                for (int i = 0; i < each; i++) {
                  metrics.record(FileOperation.WRITE, null, 3_000, i % 2 == 0 ? 10 : 5000, null);
                }
              });
      w.start();
      writers.add(w);
    }
    start.countDown();
    for (Thread w : writers) {
      w.join();
    }
    done.set(true);
    collector.join();
    assertThat(inconsistency.get()).isNull();
    Map<String, HistogramPointData> points = points(metrics.produce(Resource.empty()));
    HistogramPointData duration = points.get("clude.file.operation.duration write");
    assertThat(duration.getCount()).isEqualTo((long) threads * each);
    assertThat(Math.round(duration.getSum() * 1e9)).isEqualTo(3_000L * threads * each);
    HistogramPointData size = points.get("clude.file.io.size write");
    assertThat(size.getCount()).isEqualTo((long) threads * each);
    assertThat((long) size.getSum()).isEqualTo((10L + 5000L) * threads * each / 2);
    assertThat(size.getCounts().get(1)).isEqualTo((long) threads * each / 2);
    assertThat(size.getCounts().get(3)).isEqualTo((long) threads * each / 2);
  }

  private static SpanContext span(String traceId, String spanId, boolean sampled) {
    return SpanContext.create(traceId, spanId, sampled ? TraceFlags.getSampled() : TraceFlags.getDefault(), TraceState.getDefault());
  }

  private static Context context(SpanContext span) {
    return Context.root().with(Span.wrap(span));
  }

  private static MetricData metric(Collection<MetricData> metrics, String name) {
    return metrics.stream().filter(m -> m.getName().equals(name)).findFirst().get();
  }

  /** Points by "metric operation[ error type]". */
  private static Map<String, HistogramPointData> points(Collection<MetricData> metrics) {
    Map<String, HistogramPointData> out = new HashMap<>();
    for (MetricData m : metrics) {
      for (HistogramPointData p : m.getHistogramData().getPoints()) {
        String error = p.getAttributes().get(ERROR_TYPE);
        out.put(
            m.getName() + " " + p.getAttributes().get(FileIoInstruments.OPERATION) + (error == null ? "" : " " + error),
            p);
      }
    }
    return out;
  }
}
