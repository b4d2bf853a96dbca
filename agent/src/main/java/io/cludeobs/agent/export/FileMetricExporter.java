package io.cludeobs.agent.export;

import io.cludeobs.agent.store.LocalStoreFiles.Signal;
import io.cludeobs.agent.store.LocalStoreWriter;
import io.opentelemetry.exporter.internal.otlp.metrics.MetricsRequestMarshaler;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.AggregationTemporalitySelector;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Writes each export as one line holding an OTLP ExportMetricsServiceRequest in OTLP-JSON, the format of the
 * OpenTelemetry Collector's file exporter, to {@code <data_dir>/metrics/}.
 */
public final class FileMetricExporter implements MetricExporter {

  private final LocalStoreWriter writer;
  private final AggregationTemporalitySelector temporality;

  private FileMetricExporter(LocalStoreWriter writer, AggregationTemporalitySelector temporality) {
    this.writer = writer;
    this.temporality = temporality;
  }

  /**
   * An exporter for this process's metric files with cumulative temporality, so that each line stands alone
   * and the latest line of a file holds the process's totals.
   */
  public static FileMetricExporter create(
      Path dataDir, long maxFileBytes, Consumer<String> problems, Instant processStart) {
    return create(
        LocalStoreWriter.create(dataDir, Signal.METRICS, maxFileBytes, problems, processStart),
        AggregationTemporalitySelector.alwaysCumulative());
  }

  /** An exporter writing through {@code writer} (closed on shutdown) with the given temporality. */
  public static FileMetricExporter create(
      LocalStoreWriter writer, AggregationTemporalitySelector temporality) {
    return new FileMetricExporter(
        Objects.requireNonNull(writer, "writer"), Objects.requireNonNull(temporality, "temporality"));
  }

  @Override
  public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
    return temporality.getAggregationTemporality(instrumentType);
  }

  @Override
  public CompletableResultCode export(Collection<MetricData> metrics) {
    if (metrics.isEmpty()) {
      return CompletableResultCode.ofSuccess();
    }
    return OtlpJsonLine.write(MetricsRequestMarshaler.create(metrics), writer);
  }

  /** Nothing to do: every export is written and flushed before {@link #export} returns. */
  @Override
  public CompletableResultCode flush() {
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public CompletableResultCode shutdown() {
    writer.close();
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public String toString() {
    return "FileMetricExporter{" + writer.currentFile() + "}";
  }
}
