package io.cludeobs.agent.fileio;

import static io.opentelemetry.semconv.ErrorAttributes.ERROR_TYPE;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.Clock;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.Data;
import io.opentelemetry.sdk.metrics.data.DoubleExemplarData;
import io.opentelemetry.sdk.metrics.data.HistogramData;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.MetricDataType;
import io.opentelemetry.sdk.metrics.export.MetricProducer;
import io.opentelemetry.sdk.resources.Resource;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The two file metrics with explicit buckets, kept by the agent and handed to every metric reader
 * through the SDK's {@link MetricProducer} as cumulative histograms.
 *
 * <p>Why not SDK instruments: a file close records a duration and a size, and each SDK histogram
 * record is an attribute-map lookup and three atomic operations (the SDK's striped spin lock, a
 * {@code DoubleAdder}, a {@code LongAdder} bucket), about half of what the instrumentation adds to
 * a 4 KiB read outside traces. Here both records take one stripe with one compare-and-set and
 * update plain fields; the stripe is chosen by thread, so threads on different cores rarely meet.
 *
 * <p>The data are those of the SDK's explicit-bucket histogram: the same boundaries, a value on a
 * boundary counted in the bucket it closes, sum, count, min and max since the start, and per
 * bucket the latest exemplar from a sampled trace. Unlike the SDK's, exemplars are not cleared at
 * collection, so every reader (storage backend, Prometheus) sees them.
 */
public final class StripedFileIoMetrics implements FileIoMetrics, MetricProducer {

  static final String DURATION = "clude.file.operation.duration";
  static final String SIZE = "clude.file.io.size";

  /** Error series beyond this many go to one overflow series, as past the SDK's cardinality limit. */
  static final int MAX_ERROR_SERIES = 256;

  static final AttributeKey<Boolean> OVERFLOW = AttributeKey.booleanKey("otel.metric.overflow");

  static final long[] DURATION_BOUNDS_NANOS = nanos(FileIoInstruments.DURATION_BUCKETS);
  private static final List<Double> DURATION_BOUNDARIES =
      Collections.unmodifiableList(new ArrayList<>(FileIoInstruments.DURATION_BUCKETS));
  static final long[] SIZE_BOUNDS = longs(FileIoInstruments.SIZE_BUCKETS);
  private static final List<Double> SIZE_BOUNDARIES = doubles(FileIoInstruments.SIZE_BUCKETS);


  private final InstrumentationScopeInfo scope;
  private final Clock clock;
  private final long startEpochNanos;
  private final int stripes;
  private final Series[] byOperation = new Series[FileOperation.values().length];
  /** The stripes of every operation's series without an error, operation by operation, in one array. */
  private final long[] opCells;
  private final ConcurrentHashMap<String, Series> withError = new ConcurrentHashMap<>();
  private final Series overflow;

  public StripedFileIoMetrics(InstrumentationScopeInfo scope) {
    this(scope, Clock.getDefault(), Runtime.getRuntime().availableProcessors());
  }

  StripedFileIoMetrics(InstrumentationScopeInfo scope, Clock clock, int processors) {
    this.scope = scope;
    this.clock = clock;
    this.startEpochNanos = clock.now();
    // a power of two at least twice the cores: a thread finds a free stripe at once or at the next
    this.stripes = Integer.highestOneBit(Math.max(2, processors) * 2 - 1) << 1;
    opCells = cells(FileOperation.values().length * stripes);
    for (FileOperation op : FileOperation.values()) {
      byOperation[op.ordinal()] =
          new Series(Attributes.of(FileIoInstruments.OPERATION, op.key), opCells, op.ordinal() * stripes * BLOCK, stripes);
    }
    overflow = new Series(Attributes.of(OVERFLOW, true), cells(stripes), 0, stripes);
  }

  int stripeCount() {
    return stripes;
  }

  @Override
  public void record(FileOperation op, String errorType, long nanos, long bytes, Context exemplar) {
    long duration = Math.max(0, nanos);
    if (errorType == null && exemplar == null) {
      // the common case reads only this object and one block of opCells: no series, no bounds arrays
      add(opCells, op.ordinal() * stripes * BLOCK, stripes, duration, bytes);
      return;
    }
    Series base = byOperation[op.ordinal()];
    Series series = errorType == null ? base : errorSeries(op, errorType);
    if (series == base) {
      base.add(duration, bytes);
    } else {
      series.add(duration, -1);
      if (bytes >= 0) {
        base.add(-1, bytes);
      }
    }
    if (exemplar != null) {
      SpanContext span = Span.fromContext(exemplar).getSpanContext();
      if (span.isSampled()) {
        long now = clock.now();
        series.durationExemplars.set(
            durationBucket(duration),
            DoubleExemplarData.create(Attributes.empty(), now, span, duration / 1e9));
        if (bytes >= 0) {
          base.sizeExemplars.set(
              sizeBucket(bytes), DoubleExemplarData.create(Attributes.empty(), now, span, bytes));
        }
      }
    }
  }

  private Series errorSeries(FileOperation op, String errorType) {
    String key = op.key + ' ' + errorType;
    Series series = withError.get(key);
    if (series != null) {
      return series;
    }
    if (withError.size() >= MAX_ERROR_SERIES) {
      return overflow;
    }
    Series made =
        new Series(
            Attributes.of(FileIoInstruments.OPERATION, op.key, ERROR_TYPE, errorType), cells(stripes), 0, stripes);
    Series raced = withError.putIfAbsent(key, made);
    return raced != null ? raced : made;
  }

  @Override
  public Collection<MetricData> produce(Resource resource) {
    long now = clock.now();
    List<HistogramPointData> durations = new ArrayList<>();
    List<HistogramPointData> sizes = new ArrayList<>();
    List<Series> all = new ArrayList<>(Arrays.asList(byOperation));
    all.addAll(withError.values());
    all.add(overflow);
    for (Series series : all) {
      Totals totals = series.totals();
      if (totals.durationCount > 0) {
        durations.add(
            new Point(
                startEpochNanos,
                now,
                series.attributes,
                totals.durationSum / 1e9,
                totals.durationCount,
                totals.durationMin / 1e9,
                totals.durationMax / 1e9,
                DURATION_BOUNDARIES,
                boxed(totals.durationCounts),
                exemplars(series.durationExemplars)));
      }
      if (totals.sizeCount > 0) {
        sizes.add(
            new Point(
                startEpochNanos,
                now,
                series.attributes,
                totals.sizeSum,
                totals.sizeCount,
                totals.sizeMin,
                totals.sizeMax,
                SIZE_BOUNDARIES,
                boxed(totals.sizeCounts),
                exemplars(series.sizeExemplars)));
      }
    }
    List<MetricData> metrics = new ArrayList<>(2);
    if (!durations.isEmpty()) {
      metrics.add(
          new Histogram(
              resource,
              scope,
              DURATION,
              FileIoInstruments.DURATION_DESCRIPTION,
              "s",
              HistogramData.create(AggregationTemporality.CUMULATIVE, durations)));
    }
    if (!sizes.isEmpty()) {
      metrics.add(
          new Histogram(
              resource,
              scope,
              SIZE,
              FileIoInstruments.SIZE_DESCRIPTION,
              "By",
              HistogramData.create(AggregationTemporality.CUMULATIVE, sizes)));
    }
    return metrics;
  }

  private static List<DoubleExemplarData> exemplars(AtomicReferenceArray<DoubleExemplarData> byBucket) {
    List<DoubleExemplarData> kept = null;
    for (int i = 0; i < byBucket.length(); i++) {
      DoubleExemplarData e = byBucket.get(i);
      if (e != null) {
        if (kept == null) {
          kept = new ArrayList<>();
        }
        kept.add(e);
      }
    }
    return kept == null ? Collections.emptyList() : Collections.unmodifiableList(kept);
  }

  private static List<Long> boxed(long[] values) {
    Long[] out = new Long[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i];
    }
    return Collections.unmodifiableList(Arrays.asList(out));
  }

  /**
   * The bucket of {@code value}: the first whose upper bound it does not exceed, else the last. The
   * reference that {@link #durationBucket} and {@link #sizeBucket} are tested against.
   */
  static int bucket(long[] bounds, long value) {
    int i = 0;
    while (i < bounds.length && value > bounds[i]) {
      i++;
    }
    return i;
  }

  private static long[] nanos(List<Double> seconds) {
    long[] out = new long[seconds.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = Math.round(seconds.get(i) * 1e9);
    }
    return out;
  }

  private static long[] longs(List<Long> values) {
    long[] out = new long[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i);
    }
    return out;
  }

  private static List<Double> doubles(List<Long> values) {
    List<Double> out = new ArrayList<>(values.size());
    for (long v : values) {
      out.add((double) v);
    }
    return Collections.unmodifiableList(out);
  }

  // One stripe's block of a cells array: a lock word, count, sum, min and max of each histogram, then
  // the bucket counts; 48 longs (384 bytes), so two stripes never share a cache line.
  static final int LOCK_AT = 0;
  static final int D_COUNT = 1;
  static final int D_SUM = 2;
  static final int D_MIN = 3;
  static final int D_MAX = 4;
  static final int S_COUNT = 5;
  static final int S_SUM = 6;
  static final int S_MIN = 7;
  static final int S_MAX = 8;
  static final int D_BUCKETS = 9;
  static final int S_BUCKETS = D_BUCKETS + DURATION_BOUNDS_NANOS.length + 1;
  static final int BLOCK = 48;

  private static final VarHandle CELL = MethodHandles.arrayElementVarHandle(long[].class);

  /** Zeroed blocks for {@code count} stripes, with every min and max at its start value. */
  private static long[] cells(int count) {
    if (S_BUCKETS + SIZE_BOUNDS.length + 1 > BLOCK) {
      throw new IllegalStateException("a stripe's buckets do not fit its block");
    }
    long[] cells = new long[count * BLOCK];
    for (int at = 0; at < cells.length; at += BLOCK) {
      cells[at + D_MIN] = Long.MAX_VALUE;
      cells[at + D_MAX] = Long.MIN_VALUE;
      cells[at + S_MIN] = Long.MAX_VALUE;
      cells[at + S_MAX] = Long.MIN_VALUE;
    }
    return cells;
  }

  /**
   * Adds a duration and a size (a negative one is not there) to the stripes at {@code base} of
   * {@code cells}: first the thread's own stripe, then the next ones, taken with one compare-and-set
   * and released with a plain ordered store; after a full round with none free (each is held for a
   * few stores) the thread yields and tries again.
   */
  static void add(long[] cells, int base, int stripes, long durationNanos, long bytes) {
    int mask = stripes - 1;
    int i = (int) Thread.currentThread().getId() & mask;
    int at;
    for (int tried = 1; ; tried++) {
      at = base + i * BLOCK;
      if (cells[at + LOCK_AT] == 0 && CELL.compareAndSet(cells, at + LOCK_AT, 0L, 1L)) {
        break;
      }
      i = (i + 1) & mask;
      if (tried % stripes == 0) {
        Thread.yield();
      }
    }
    try {
      if (durationNanos >= 0) {
        cells[at + D_COUNT]++;
        cells[at + D_SUM] += durationNanos;
        if (durationNanos < cells[at + D_MIN]) {
          cells[at + D_MIN] = durationNanos;
        }
        if (durationNanos > cells[at + D_MAX]) {
          cells[at + D_MAX] = durationNanos;
        }
        cells[at + D_BUCKETS + durationBucket(durationNanos)]++;
      }
      if (bytes >= 0) {
        cells[at + S_COUNT]++;
        cells[at + S_SUM] += bytes;
        if (bytes < cells[at + S_MIN]) {
          cells[at + S_MIN] = bytes;
        }
        if (bytes > cells[at + S_MAX]) {
          cells[at + S_MAX] = bytes;
        }
        cells[at + S_BUCKETS + sizeBucket(bytes)]++;
      }
    } finally {
      CELL.setRelease(cells, at + LOCK_AT, 0L);
    }
  }

  /**
   * {@link #bucket} of {@link FileIoInstruments#DURATION_BUCKETS} in nanoseconds, with the bounds as
   * constants in the code: the search reads no array (a test keeps the two the same).
   */
  static int durationBucket(long nanos) {
    if (nanos <= 10_000L) {
      return 0;
    } else if (nanos <= 50_000L) {
      return 1;
    } else if (nanos <= 100_000L) {
      return 2;
    } else if (nanos <= 500_000L) {
      return 3;
    } else if (nanos <= 1_000_000L) {
      return 4;
    } else if (nanos <= 5_000_000L) {
      return 5;
    } else if (nanos <= 10_000_000L) {
      return 6;
    } else if (nanos <= 50_000_000L) {
      return 7;
    } else if (nanos <= 100_000_000L) {
      return 8;
    } else if (nanos <= 500_000_000L) {
      return 9;
    } else if (nanos <= 1_000_000_000L) {
      return 10;
    } else if (nanos <= 5_000_000_000L) {
      return 11;
    } else if (nanos <= 10_000_000_000L) {
      return 12;
    }
    return 13;
  }

  /** {@link #bucket} of {@link FileIoInstruments#SIZE_BUCKETS}, with the bounds as constants. */
  static int sizeBucket(long bytes) {
    if (bytes <= 0L) {
      return 0;
    } else if (bytes <= 1024L) {
      return 1;
    } else if (bytes <= 4096L) {
      return 2;
    } else if (bytes <= 16_384L) {
      return 3;
    } else if (bytes <= 65_536L) {
      return 4;
    } else if (bytes <= 262_144L) {
      return 5;
    } else if (bytes <= 1_048_576L) {
      return 6;
    } else if (bytes <= 4_194_304L) {
      return 7;
    } else if (bytes <= 16_777_216L) {
      return 8;
    } else if (bytes <= 67_108_864L) {
      return 9;
    }
    return 10;
  }

  /** One attribute set: where its stripes are, and its exemplars. */
  private static final class Series {
    final Attributes attributes;
    final long[] cells;
    final int base;
    final int stripes;
    final AtomicReferenceArray<DoubleExemplarData> durationExemplars =
        new AtomicReferenceArray<>(DURATION_BOUNDS_NANOS.length + 1);
    final AtomicReferenceArray<DoubleExemplarData> sizeExemplars =
        new AtomicReferenceArray<>(SIZE_BOUNDS.length + 1);

    Series(Attributes attributes, long[] cells, int base, int stripes) {
      this.attributes = attributes;
      this.cells = cells;
      this.base = base;
      this.stripes = stripes;
    }

    /** Adds a duration and a size; a negative one is not there. */
    void add(long durationNanos, long bytes) {
      StripedFileIoMetrics.add(cells, base, stripes, durationNanos, bytes);
    }

    /** The stripes summed, each read under its lock. */
    Totals totals() {
      Totals t = new Totals();
      for (int i = 0; i < stripes; i++) {
        int at = base + i * BLOCK;
        while (!CELL.compareAndSet(cells, at + LOCK_AT, 0L, 1L)) {
          Thread.onSpinWait();
        }
        try {
          t.add(cells, at);
        } finally {
          CELL.setRelease(cells, at + LOCK_AT, 0L);
        }
      }
      return t;
    }
  }

  /** A series summed over its stripes. */
  private static final class Totals {
    long durationCount;
    long durationSum;
    long durationMin = Long.MAX_VALUE;
    long durationMax = Long.MIN_VALUE;
    final long[] durationCounts = new long[DURATION_BOUNDS_NANOS.length + 1];
    long sizeCount;
    long sizeSum;
    long sizeMin = Long.MAX_VALUE;
    long sizeMax = Long.MIN_VALUE;
    final long[] sizeCounts = new long[SIZE_BOUNDS.length + 1];

    /** Adds the stripe at {@code at} of {@code cells}. */
    void add(long[] cells, int at) {
      durationCount += cells[at + D_COUNT];
      durationSum += cells[at + D_SUM];
      durationMin = Math.min(durationMin, cells[at + D_MIN]);
      durationMax = Math.max(durationMax, cells[at + D_MAX]);
      for (int i = 0; i < durationCounts.length; i++) {
        durationCounts[i] += cells[at + D_BUCKETS + i];
      }
      sizeCount += cells[at + S_COUNT];
      sizeSum += cells[at + S_SUM];
      sizeMin = Math.min(sizeMin, cells[at + S_MIN]);
      sizeMax = Math.max(sizeMax, cells[at + S_MAX]);
      for (int i = 0; i < sizeCounts.length; i++) {
        sizeCounts[i] += cells[at + S_BUCKETS + i];
      }
    }
  }

  /** A cumulative histogram point, with the exemplars {@link HistogramPointData#create} cannot take. */
  private static final class Point implements HistogramPointData {
    private final long start;
    private final long epoch;
    private final Attributes attributes;
    private final double sum;
    private final long count;
    private final double min;
    private final double max;
    private final List<Double> boundaries;
    private final List<Long> counts;
    private final List<DoubleExemplarData> exemplars;

    Point(
        long start,
        long epoch,
        Attributes attributes,
        double sum,
        long count,
        double min,
        double max,
        List<Double> boundaries,
        List<Long> counts,
        List<DoubleExemplarData> exemplars) {
      this.start = start;
      this.epoch = epoch;
      this.attributes = attributes;
      this.sum = sum;
      this.count = count;
      this.min = min;
      this.max = max;
      this.boundaries = boundaries;
      this.counts = counts;
      this.exemplars = exemplars;
    }

    @Override
    public long getStartEpochNanos() {
      return start;
    }

    @Override
    public long getEpochNanos() {
      return epoch;
    }

    @Override
    public Attributes getAttributes() {
      return attributes;
    }

    @Override
    public double getSum() {
      return sum;
    }

    @Override
    public long getCount() {
      return count;
    }

    @Override
    public boolean hasMin() {
      return true;
    }

    @Override
    public double getMin() {
      return min;
    }

    @Override
    public boolean hasMax() {
      return true;
    }

    @Override
    public double getMax() {
      return max;
    }

    @Override
    public List<Double> getBoundaries() {
      return boundaries;
    }

    @Override
    public List<Long> getCounts() {
      return counts;
    }

    @Override
    public List<DoubleExemplarData> getExemplars() {
      return exemplars;
    }

    @Override
    public String toString() {
      return "Point{" + attributes + ", count=" + count + ", sum=" + sum + ", counts=" + counts + "}";
    }
  }

  /** A histogram metric of this producer. */
  private static final class Histogram implements MetricData {
    private final Resource resource;
    private final InstrumentationScopeInfo scope;
    private final String name;
    private final String description;
    private final String unit;
    private final HistogramData data;

    Histogram(
        Resource resource,
        InstrumentationScopeInfo scope,
        String name,
        String description,
        String unit,
        HistogramData data) {
      this.resource = resource;
      this.scope = scope;
      this.name = name;
      this.description = description;
      this.unit = unit;
      this.data = data;
    }

    @Override
    public Resource getResource() {
      return resource;
    }

    @Override
    public InstrumentationScopeInfo getInstrumentationScopeInfo() {
      return scope;
    }

    @Override
    public String getName() {
      return name;
    }

    @Override
    public String getDescription() {
      return description;
    }

    @Override
    public String getUnit() {
      return unit;
    }

    @Override
    public MetricDataType getType() {
      return MetricDataType.HISTOGRAM;
    }

    @Override
    public Data<?> getData() {
      return data;
    }

    @Override
    public String toString() {
      return "Histogram{" + name + ", " + data.getPoints() + "}";
    }
  }
}
