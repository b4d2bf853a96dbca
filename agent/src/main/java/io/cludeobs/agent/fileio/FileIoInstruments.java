package io.cludeobs.agent.fileio;

import static io.opentelemetry.semconv.ErrorAttributes.ERROR_TYPE;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.context.Context;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The two file metrics as SDK instruments, with their attributes precomputed per operation: used
 * where the SDK must aggregate them (base-2 exponential histograms, or metrics off). The default
 * explicit buckets are kept by {@link StripedFileIoMetrics}, at a fraction of the cost per record.
 */
final class FileIoInstruments implements FileIoMetrics {

  static final AttributeKey<String> OPERATION = AttributeKey.stringKey("clude.file.operation");

  /** File operations are mostly far below a millisecond: 10 µs to 10 s. */
  static final List<Double> DURATION_BUCKETS =
      Arrays.asList(0.00001, 0.00005, 0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1.0, 5.0, 10.0);

  static final List<Long> SIZE_BUCKETS =
      Arrays.asList(0L, 1024L, 4096L, 16384L, 65536L, 262144L, 1048576L, 4194304L, 16777216L, 67108864L);

  static final String DURATION_DESCRIPTION = "Duration of file operations, open to close for streams and channels.";
  static final String SIZE_DESCRIPTION = "Bytes read or written per file operation.";

  final DoubleHistogram duration;
  final LongHistogram size;
  private final Attributes[] byOperation = new Attributes[FileOperation.values().length];
  private final ConcurrentHashMap<String, Attributes> withError = new ConcurrentHashMap<>();

  FileIoInstruments(Meter meter) {
    duration =
        meter
            .histogramBuilder(StripedFileIoMetrics.DURATION)
            .setDescription(DURATION_DESCRIPTION)
            .setUnit("s")
            .setExplicitBucketBoundariesAdvice(DURATION_BUCKETS)
            .build();
    size =
        meter
            .histogramBuilder(StripedFileIoMetrics.SIZE)
            .setDescription(SIZE_DESCRIPTION)
            .setUnit("By")
            .ofLongs()
            .setExplicitBucketBoundariesAdvice(SIZE_BUCKETS)
            .build();
    for (FileOperation op : FileOperation.values()) {
      byOperation[op.ordinal()] = Attributes.of(OPERATION, op.key);
    }
  }

  @Override
  public void record(FileOperation op, String errorType, long nanos, long bytes, Context exemplar) {
    // the kept context (root when none was kept) spares the SDK a Context.current() per record
    Context context = exemplar != null ? exemplar : Context.root();
    duration.record(nanos / 1e9, attributes(op, errorType), context);
    if (bytes >= 0) {
      size.record(bytes, attributes(op), context);
    }
  }

  Attributes attributes(FileOperation op) {
    return byOperation[op.ordinal()];
  }

  Attributes attributes(FileOperation op, String errorType) {
    if (errorType == null) {
      return byOperation[op.ordinal()];
    }
    String key = op.key + ' ' + errorType;
    Attributes cached = withError.get(key);
    if (cached == null) {
      cached = byOperation[op.ordinal()].toBuilder().put(ERROR_TYPE, errorType).build();
      // error types come from exception classes: few, but bounded anyway
      if (withError.size() < 256) {
        withError.put(key, cached);
      }
    }
    return cached;
  }
}
